"""A class's sync folder as progress exports: ``quiz report DIR`` reads it directly.

A class folder holds one folder per student (named by the student id), each with the
device files of that student's devices. Each student's events are replayed as a device
replays them (:mod:`.replay`), so the report sees the reviews and card states the student's
own ``quiz progress export`` would hold. A file whose header names another student is
named and left out: the folder is not a security boundary, and nothing in a file is trusted
beyond its schema.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from quizdeck.clock import StudyDays, parse_time
from quizdeck.model import Rating
from quizdeck.report.exports import (
    GIVEN_CHARS,
    MAX_SECONDS,
    REPORT_LIMIT,
    Export,
    Review,
    StudentCard,
    student_name,
)
from quizdeck.store import events as ev
from quizdeck.store.events import Event
from quizdeck.store.log_rows import LogRow
from quizdeck.store.rows import STATE_NAMES
from quizdeck.sync import folder as files
from quizdeck.sync.replay import SettingsAt, replay

#: The most student folders one report reads.
MAX_STUDENTS = 5000


def is_class_folder(path: Path) -> bool:
    """Whether ``path`` is a folder of student folders holding device files."""
    if not path.is_dir():
        return False
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False) and files.student_files(Path(entry.path)):
                    return True
    except OSError:
        return False
    return False


def read_class_folder(folder: Path) -> tuple[list[Export], list[str]]:
    """The students of a class folder as exports, and one line per file or folder left out."""
    exports: list[Export] = []
    skipped: list[str] = []
    budget = REPORT_LIMIT
    students = sorted(
        entry.name
        for entry in os.scandir(folder)
        if entry.is_dir(follow_symlinks=False) and not entry.name.startswith(".")
    )
    for name in students[:MAX_STUDENTS]:
        path = folder / name
        if not files.safe_id(name):
            skipped.append(f"{path}: not a student folder (its name is not a student id)")
            continue
        found, budget = _read_student(path, skipped, budget)
        if found is not None:
            exports.append(found)
    return exports, skipped


def _read_student(path: Path, skipped: list[str], budget: int) -> tuple[Export | None, int]:
    events: dict[tuple[str, int], Event] = {}
    names: list[tuple[str, str]] = []
    for file in files.student_files(path):
        try:
            size = file.lstat().st_size
        except OSError:
            size = 0
        if size > budget:
            skipped.append(f"{file}: left out: the class folder is more than a report reads")
            continue
        budget -= size
        try:
            found = files.read_file(file, path.name)
        except files.FileProblem as problem:
            skipped.append(f"{file}: {problem}")
            continue
        names.append((found.written_at, found.name))
        for event in found.events:
            events[(event.device, event.seq)] = event
    if not names:
        return None, budget
    written_at, name = max(names)
    exported_at = parse_time(written_at) if written_at else None
    if exported_at is None:
        exported_at = parse_time(max(event.time for event in events.values())) if events else None
    if exported_at is None:
        return None, budget
    student = student_name(name, path)
    reviews, cards = _replayed(student, list(events.values()), exported_at)
    export = Export(path, student, exported_at, reviews, cards, path.name, student)
    return export, budget


def _replayed(
    student: str, events: list[Event], exported_at: object
) -> tuple[tuple[Review, ...], tuple[StudentCard, ...]]:
    from datetime import datetime

    assert isinstance(exported_at, datetime)
    by_card: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for event in events:
        if event.card:
            by_card[event.key].append(event)
    forgets = [event for event in events if event.kind == ev.FORGET]
    settings = SettingsAt([event for event in events if event.kind == ev.SETTING])
    order = {event.id: event.order for event in events}
    rows: list[tuple[tuple[str, str, int], LogRow]] = []
    cards: list[StudentCard] = []
    for key in sorted(by_card):
        result = replay(key, by_card[key], forgets, settings, StudyDays)
        rows += [(order[event_id], row) for event_id, row in result.rows.items()]
        state = result.state
        if state is None or (
            state.memory is None and not state.suspended and not state.buried_until
        ):
            continue
        memory = state.memory
        cards.append(
            StudentCard(
                student, key[0], key[1], state.reps, state.lapses,
                STATE_NAMES[int(memory.state) if memory else None], exported_at,
                memory.due if memory else None, memory.stability if memory else None,
                state.suspended,
            )
        )  # fmt: skip
    rows.sort(key=lambda pair: pair[0])
    reviews = tuple(_review(student, number, row) for number, (_, row) in enumerate(rows, 1))
    return reviews, tuple(cards)


def _review(student: str, number: int, row: LogRow) -> Review:
    review = row.review
    return Review(
        student=student,
        deck=review.deck,
        card=review.card,
        time=review.time,
        mode=review.mode.value,
        correct=review.correct,
        given=review.given[:GIVEN_CHARS],
        seconds=min(review.duration_ms / 1000, MAX_SECONDS) if review.duration_ms > 0 else 0.0,
        claimed=review.amended_at is not None and review.rating is Rating.GOOD,
        id=number,
    )
