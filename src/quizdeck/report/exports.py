"""Reading and checking the progress files students hand in (``quiz progress export``).

A file that is not such an export raises :class:`ReportError`, whose message names
the file; :func:`read_exports` collects those messages instead of stopping, unless the
files together are more than a report reads (:class:`ReportTooBig`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from quizdeck.files import EXPORT_LIMIT
from quizdeck.interchange.progress_export import EXPORT_FORMAT, EXPORT_VERSION
from quizdeck.paths import DEFAULT_PROFILE


class ReportError(Exception):
    """A progress file that cannot be used; the message names the file."""


class ReportTooBig(ReportError):
    """The progress files together are more than a report reads (:data:`REPORT_LIMIT`)."""


#: How many bytes of progress files one report reads in all (each file may be up to
#: ``files.EXPORT_LIMIT``): a report holds every answer it reads in memory, about seven times
#: the files' size.
REPORT_LIMIT = 256 * 1024 * 1024


@dataclass(frozen=True)
class Review:
    """One answer of one student."""

    student: str
    deck: str
    card: str
    time: datetime
    mode: str
    correct: bool
    given: str = ""  # the answer as typed (cut to ``GIVEN_CHARS``)
    seconds: float = 0.0  # time taken to answer (at most ``MAX_SECONDS``)
    claimed: bool = False  # graded wrong, and the student said "I was right"
    id: int | None = None  # the review's id in the student's store (None in older files)


#: How much of a typed answer the report keeps (enough to show a misconception).
GIVEN_CHARS = 120
#: The most time one answer counts for: a question left open over lunch is not study time.
MAX_SECONDS = 300.0


@dataclass(frozen=True)
class StudentCard:
    """Where one student stands on one card, as of an export."""

    student: str
    deck: str
    card: str
    reps: int
    lapses: int
    state: str
    exported_at: datetime
    due: datetime | None = None
    stability: float | None = None  # days the memory lasts (FSRS), when the file says
    suspended: bool = False


@dataclass(frozen=True)
class Export:
    """One progress file, read and checked."""

    path: Path
    student: str
    exported_at: datetime
    reviews: tuple[Review, ...]
    cards: tuple[StudentCard, ...]
    student_id: str = ""  # the profile's own id; "" in older files
    profile: str = ""  # whom the file names (profile, or file name): ``student`` may be renamed


#: What a student id looks like (a UUID; anything else is ignored).
_ID = re.compile(r"[0-9a-fA-F-]{8,64}")
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
    from quizdeck.files import EXPORT_LIMIT, describe_read_error, read_json

    try:
        data = read_json(path, EXPORT_LIMIT)
    except OSError as error:
        raise ReportError(f"{path}: cannot read: {describe_read_error(error)}") from None
    except (UnicodeDecodeError, ValueError, RecursionError):  # ValueError: also huge numbers
        hint = "; export it without --format csv" if path.suffix.lower() == ".csv" else ""
        raise ReportError(f"{path}: not a quiz progress export (not JSON{hint})") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ReportError(
            f"{path}: not a quiz progress export (make one with 'quiz progress export')"
        )
    version = data.get("version")
    if type(version) is not int or version != EXPORT_VERSION:  # True and 1.0 equal 1 too
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
    identity = data.get("student_id")
    return Export(
        path=path,
        student=student,
        exported_at=exported_at,
        reviews=tuple(_review(student, entry, n) for n, entry in enumerate(reviews, 1)),
        cards=tuple(_card(student, exported_at, entry, n) for n, entry in enumerate(cards, 1)),
        student_id=identity if isinstance(identity, str) and _ID.fullmatch(identity) else "",
        profile=student,
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
        given=str(entry.get("given") or "")[:GIVEN_CHARS]
        if isinstance(entry.get("given"), str)
        else "",
        claimed=entry.get("claimed_right") is True,
        seconds=_seconds(entry.get("duration_ms")),
        id=_review_id(entry.get("id")),
    )


def _seconds(value: object) -> float:
    """An answer's time in seconds from its ``duration_ms`` (0 when absent or not a time)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        return 0.0
    return min(float(value) / 1000, MAX_SECONDS)  # also bounds inf


def _review_id(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= _MAX_COUNT:
        return None
    return value


def _card(student: str, exported_at: datetime, entry: Any, number: int) -> StudentCard:
    what = f"card {number}"
    if not isinstance(entry, dict):
        raise ValueError(f"{what} is not an object")
    return StudentCard(
        student=student,
        deck=_text(entry, "deck", what),
        card=_text(entry, "card", what),
        reps=_count(entry, "reps", what),
        lapses=_count(entry, "lapses", what),
        state=str(entry.get("state") or "new"),
        exported_at=exported_at,
        due=_time(entry["due"], what) if isinstance(entry.get("due"), str) else None,
        stability=_stability(entry.get("stability")),
        suspended=entry.get("suspended") is True,
    )


def _stability(value: object) -> float | None:
    """A card's stability in days, or None when absent or not a number of days."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if 0 <= value < 1e7 else None  # also refuses NaN


def read_exports(paths: Iterable[Path]) -> tuple[list[Export], list[str]]:
    """The usable progress files, and a one-line message for each file left out (or for two
    students who share a name: they are told apart by their profiles' ids)."""
    exports: list[Export] = []
    skipped: list[str] = []
    budget = REPORT_LIMIT
    for path in paths:
        try:
            size = path.stat().st_size if path.is_file() else 0
        except OSError:  # read_export says why
            size = 0
        if budget < size <= EXPORT_LIMIT:  # a file over its own limit is left out, below
            mib = REPORT_LIMIT // (1024 * 1024)
            raise ReportTooBig(
                f"{path}: the progress files come to more than {mib} MiB in all, more than "
                "one report reads; report on fewer files at a time"
            )
        budget -= size
        try:
            exports.append(read_export(path))
        except ReportError as error:
            skipped.append(str(error))
    return _told_apart(exports, skipped), skipped


def _told_apart(exports: list[Export], notes: list[str]) -> list[Export]:
    """Exports whose student shares a name with another student (another id) get the name
    and the start of their id, e.g. ``default (3f2a1c)``; one note per such name."""
    ids: dict[str, set[str]] = defaultdict(set)
    for export in exports:
        if export.student_id:
            ids[export.student].add(export.student_id)
    shared = {name for name, found in ids.items() if len(found) > 1}
    for name in sorted(shared):
        notes.append(f"note: {len(ids[name])} students are named '{name}': shown with their ids")
    return [
        renamed(export, f"{export.student} ({export.student_id[:6]})")
        if export.student in shared and export.student_id
        else export
        for export in exports
    ]


def renamed(export: Export, name: str) -> Export:
    """``export`` with its student (on every review and card) shown as ``name``."""
    return replace(
        export,
        student=name,
        reviews=tuple(replace(review, student=name) for review in export.reviews),
        cards=tuple(replace(card, student=name) for card in export.cards),
    )
