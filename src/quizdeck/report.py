"""A class report over the progress files students hand in (``quiz progress export``).

Each file is one student's export: ``{"format": "quiz-progress", "version": 1,
"profile": ..., "exported_at": ..., "reviews": [...], "cards": [...]}``. Files of
the same student (several days' exports) merge: a review found in two files
counts once, and a card's state comes from the newest export. A file that is not
such an export is reported by name and left out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from quizdeck.interchange.progress_export import EXPORT_FORMAT, EXPORT_VERSION
from quizdeck.paths import DEFAULT_PROFILE

Key = tuple[str, str]


class ReportError(Exception):
    """A progress file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Review:
    """One answer of one student."""

    student: str
    deck: str
    card: str
    time: datetime
    mode: str
    correct: bool


@dataclass(frozen=True)
class CardState:
    """Where one student stands on one card, as of an export."""

    student: str
    deck: str
    card: str
    reps: int
    lapses: int
    state: str
    exported_at: datetime


@dataclass(frozen=True)
class Export:
    """One progress file, read and checked."""

    path: Path
    student: str
    exported_at: datetime
    reviews: tuple[Review, ...]
    cards: tuple[CardState, ...]


@dataclass(frozen=True)
class StudentDeck:
    """How one student is doing on one deck."""

    student: str
    deck: str
    cards_seen: int
    reviews: int
    correct: int
    repeat_reviews: int
    repeat_correct: int
    last_activity: datetime

    @property
    def accuracy(self) -> float:
        """Share of all answers that were right."""
        return self.correct / self.reviews if self.reviews else 0.0

    @property
    def retention(self) -> float | None:
        """Share right among answers to cards seen before (first answers left out)."""
        return self.repeat_correct / self.repeat_reviews if self.repeat_reviews else None


@dataclass(frozen=True)
class CardResult:
    """How the class does on one card."""

    deck: str
    card: str
    prompt: str
    students: int
    reviews: int
    correct: int
    lapses: int

    @property
    def accuracy(self) -> float:
        """Share of the class's answers that were right."""
        return self.correct / self.reviews if self.reviews else 0.0


@dataclass
class ClassReport:
    """The report: a row per student and deck, and every card hardest first."""

    files: list[str] = field(default_factory=list)
    students: list[StudentDeck] = field(default_factory=list)
    cards: list[CardResult] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: times ISO 8601 UTC, shares between 0 and 1 (rounded)."""
        return {
            "files": self.files,
            "students": [
                {
                    "student": row.student,
                    "deck": row.deck,
                    "cards_seen": row.cards_seen,
                    "reviews": row.reviews,
                    "correct": row.correct,
                    "accuracy": round(row.accuracy, 4),
                    "retention": _rounded(row.retention),
                    "last_activity": row.last_activity.isoformat(),
                }
                for row in self.students
            ],
            "cards": [
                {
                    "deck": card.deck,
                    "card": card.card,
                    "prompt": card.prompt,
                    "students": card.students,
                    "reviews": card.reviews,
                    "correct": card.correct,
                    "accuracy": round(card.accuracy, 4),
                    "lapses": card.lapses,
                }
                for card in self.cards
            ],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --- reading files -----------------------------------------------------------------------


#: Times outside these years are not from a real study log.
_YEARS = range(1970, 3000)
#: Counts (reps, lapses) above this are not from a real study log.
_MAX_COUNT = 10**9


def _time(value: object, what: str) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError(f"{what} is not a time")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        moment = moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise ValueError(f"{what} has a time quiz cannot read") from None
    if moment.year not in _YEARS:
        raise ValueError(f"{what} has a time in the year {moment.year}")
    return moment


def _count(entry: Mapping[str, Any], key: str, what: str) -> int:
    value = entry.get(key) or 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= _MAX_COUNT:
        raise ValueError(f"{what} has a '{key}' that is not a count")
    return value


def _text(entry: Mapping[str, Any], key: str, what: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} has no '{key}'")
    return value


def student_name(profile: object, path: Path) -> str:
    """Who a file belongs to: its profile, or the file's name for the default profile."""
    if isinstance(profile, str) and profile.strip() and profile != DEFAULT_PROFILE:
        return profile.strip()
    return path.stem


def read_export(path: Path) -> Export:
    """Read one progress file; ``ReportError`` (naming the file) if it is not one."""
    from quizdeck.files import EXPORT_LIMIT, describe_read_error, read_limited

    try:
        data = json.loads(read_limited(path, EXPORT_LIMIT).decode("utf-8"))
    except OSError as error:
        raise ReportError(f"{path}: cannot read: {describe_read_error(error)}") from None
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: also huge numbers
        hint = "; export it without --format csv" if path.suffix.lower() == ".csv" else ""
        raise ReportError(f"{path}: not a quiz progress export (not JSON{hint})") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ReportError(
            f"{path}: not a quiz progress export (make one with 'quiz progress export')"
        )
    if data.get("version") != EXPORT_VERSION:
        raise ReportError(
            f"{path}: progress export version {data.get('version')!r} is not supported "
            f"(this quiz reads version {EXPORT_VERSION})"
        )
    try:
        return _export(path, data)
    except (ValueError, TypeError, AttributeError, OverflowError) as error:
        raise ReportError(f"{path}: malformed progress export: {error}") from None


def _export(path: Path, data: dict[str, Any]) -> Export:
    student = student_name(data.get("profile"), path)
    exported_at = _time(data.get("exported_at"), "the file")
    reviews = data.get("reviews")
    cards = data.get("cards", [])
    if not isinstance(reviews, list) or not isinstance(cards, list):
        raise ValueError("'reviews' and 'cards' must be lists")
    return Export(
        path=path,
        student=student,
        exported_at=exported_at,
        reviews=tuple(_review(student, entry, n) for n, entry in enumerate(reviews, 1)),
        cards=tuple(_card(student, exported_at, entry, n) for n, entry in enumerate(cards, 1)),
    )


def _review(student: str, entry: Any, number: int) -> Review:
    what = f"review {number}"
    if not isinstance(entry, dict):
        raise ValueError(f"{what} is not an object")
    correct = entry.get("correct")
    if not isinstance(correct, bool):
        raise ValueError(f"{what} has no 'correct' true or false")
    return Review(
        student=student,
        deck=_text(entry, "deck", what),
        card=_text(entry, "card", what),
        time=_time(entry.get("time"), what),
        mode=str(entry.get("mode") or "start"),
        correct=correct,
    )


def _card(student: str, exported_at: datetime, entry: Any, number: int) -> CardState:
    what = f"card {number}"
    if not isinstance(entry, dict):
        raise ValueError(f"{what} is not an object")
    return CardState(
        student=student,
        deck=_text(entry, "deck", what),
        card=_text(entry, "card", what),
        reps=_count(entry, "reps", what),
        lapses=_count(entry, "lapses", what),
        state=str(entry.get("state") or "new"),
        exported_at=exported_at,
    )


def read_exports(paths: Iterable[Path]) -> tuple[list[Export], list[str]]:
    """The usable progress files, and a one-line message for each file left out."""
    exports: list[Export] = []
    skipped: list[str] = []
    for path in paths:
        try:
            exports.append(read_export(path))
        except ReportError as error:
            skipped.append(str(error))
    return exports, skipped


# --- the report --------------------------------------------------------------------------


def merged_reviews(exports: Iterable[Export]) -> list[Review]:
    """Every review once (a review in two exports of one student counts once), by time."""
    unique: dict[tuple[str, str, str, datetime, str], Review] = {}
    for export in exports:
        for review in export.reviews:
            unique[(review.student, review.deck, review.card, review.time, review.mode)] = review
    return sorted(unique.values(), key=lambda review: (review.time, review.student))


def latest_states(exports: Iterable[Export]) -> dict[tuple[str, str, str], CardState]:
    """Each student's state of each card, from their newest export."""
    states: dict[tuple[str, str, str], CardState] = {}
    for export in sorted(exports, key=lambda export: export.exported_at):
        for state in export.cards:
            states[(state.student, state.deck, state.card)] = state
    return states


def student_rows(reviews: Sequence[Review]) -> list[StudentDeck]:
    """One row per student and deck (``reviews`` sorted by time)."""
    groups: dict[tuple[str, str], list[Review]] = defaultdict(list)
    for review in reviews:
        groups[(review.student, review.deck)].append(review)
    rows = []
    for (student, deck), found in sorted(groups.items()):
        seen: set[str] = set()
        repeats: list[Review] = []
        for review in found:
            if review.card in seen:
                repeats.append(review)
            seen.add(review.card)
        rows.append(
            StudentDeck(
                student=student,
                deck=deck,
                cards_seen=len(seen),
                reviews=len(found),
                correct=sum(review.correct for review in found),
                repeat_reviews=len(repeats),
                repeat_correct=sum(review.correct for review in repeats),
                last_activity=max(review.time for review in found),
            )
        )
    return rows


def card_results(
    reviews: Sequence[Review],
    states: Mapping[tuple[str, str, str], CardState],
    prompts: Mapping[Key, str],
) -> list[CardResult]:
    """Every card answered, hardest first: lowest accuracy, then most lapses."""
    groups: dict[Key, list[Review]] = defaultdict(list)
    for review in reviews:
        groups[(review.deck, review.card)].append(review)
    lapses: dict[Key, int] = defaultdict(int)
    for (_student, deck, card), state in states.items():
        lapses[(deck, card)] += state.lapses
    results = [
        CardResult(
            deck=deck,
            card=card,
            prompt=prompts.get((deck, card), ""),
            students=len({review.student for review in found}),
            reviews=len(found),
            correct=sum(review.correct for review in found),
            lapses=lapses[(deck, card)],
        )
        for (deck, card), found in groups.items()
    ]
    return sorted(results, key=lambda r: (r.accuracy, -r.lapses, -r.reviews, r.deck, r.card))


def class_report(
    exports: Sequence[Export],
    prompts: Mapping[Key, str] | None = None,
    decks: Collection[str] = (),
) -> ClassReport:
    """The report over ``exports``, limited to the deck ids in ``decks`` when given."""
    reviews = merged_reviews(exports)
    states = latest_states(exports)
    if decks:
        reviews = [review for review in reviews if review.deck in decks]
        states = {key: state for key, state in states.items() if key[1] in decks}
    return ClassReport(
        files=[str(export.path) for export in exports],
        students=student_rows(reviews),
        cards=card_results(reviews, states, prompts or {}),
    )


# --- showing it --------------------------------------------------------------------------


def percent(value: float | None) -> str:
    """A share as a whole percentage, or a dash when there is none."""
    return "-" if value is None else f"{round(value * 100)}%"


def local_time(moment: datetime) -> str:
    """A time in the local time zone, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Collection[int]
) -> list[str]:
    from quizdeck.text_table import table_lines

    return table_lines(header, rows, right)


def table_lines(report: ClassReport, top: int = 10, width: int | None = None) -> list[str]:
    """The report as text: the students table, then the hardest cards (clipped to ``width``)."""
    from quizdeck.display import inert, paint

    students = {row.student for row in report.students}
    lines = [
        f"{len(report.files)} file(s), {len(students)} student(s), "
        f"{sum(row.reviews for row in report.students)} answers",
        "",
        paint("Students", bold=True),
    ]
    header = ["student", "deck", "cards seen", "answers", "accuracy", "retention", "last active"]
    rows = [
        [inert(row.student), inert(row.deck), str(row.cards_seen), str(row.reviews),
         percent(row.accuracy), percent(row.retention), local_time(row.last_activity)]
        for row in report.students
    ]  # fmt: skip
    lines += _table(header, rows, right={2, 3, 4, 5})
    hardest = report.cards[:top]
    if hardest:
        lines += ["", paint(f"Hardest cards (of {len(report.cards)} answered)", bold=True)]
        header = ["deck", "card", "accuracy", "answers", "lapses", "prompt"]
        rows = [
            [inert(card.deck), inert(card.card), percent(card.accuracy), str(card.reviews),
             str(card.lapses), inert(card.prompt or "(not in the decks found)")]
            for card in hardest
        ]  # fmt: skip
        lines += [_clip(line, width) for line in _table(header, rows, right={2, 3, 4})]
    if any(not card.prompt for card in hardest):
        lines += ["", "Some questions were not found: name the deck files with --decks FILE."]
    return lines


def _clip(line: str, width: int | None) -> str:
    return line if width is None or len(line) <= width else line[: width - 1] + "…"


STUDENT_COLUMNS = (
    "student", "deck", "cards_seen", "reviews", "correct", "accuracy", "retention",
    "last_activity",
)  # fmt: skip
CARD_COLUMNS = ("deck", "card", "students", "reviews", "correct", "accuracy", "lapses", "prompt")


def report_csv(report: ClassReport, rows: str = "students") -> str:
    """One table of the report as CSV: a row per student and deck, or per card."""
    import io

    from quizdeck.interchange.spreadsheet import CsvWriter

    data = report.to_dict()
    columns = STUDENT_COLUMNS if rows == "students" else CARD_COLUMNS
    buffer = io.StringIO()
    writer = CsvWriter(buffer, columns)
    writer.header()
    for item in data["students" if rows == "students" else "cards"]:
        writer.row(item)
    return buffer.getvalue().rstrip("\n")
