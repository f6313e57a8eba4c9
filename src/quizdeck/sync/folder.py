"""Device files in a shared folder: finding and reading them.

A student's folder ``DIR/<student-id>/`` holds one set of files per device, named
``<device-id>.<first>.qsync``: each part holds the device's events from ``first`` on, those
it had not written before, so a sync rewrites a part only when its file was lost or changed,
or to compact many small parts into one (:mod:`.compact`). Format 2 (``.qsync``, a small
SQLite database: :mod:`.dbpart`) is written; format 1 (``.jsonl``, JSON Lines: a header line,
one line per event, an end line giving the count), which quiz wrote before, is still read.
Only the device named in a file writes it, always through a temporary file renamed over it.
Any file in the folder with either suffix is read, so the copies a folder tool makes of a
file it saw changed in two places (``… (conflicted copy) …``, ``….sync-conflict-….qsync``)
are read too; the header, not the name, says whose it is. See docs/sync.md.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from quizdeck.clock import iso, parse_time
from quizdeck.files import MIB, read_limited
from quizdeck.model import Mode, Rating
from quizdeck.settings import SETTINGS, SettingError, parse_setting
from quizdeck.store import events as ev
from quizdeck.store.events import Event
from quizdeck.sync import dbpart, dbread
from quizdeck.sync.dbpart import FileProblem

FORMAT = "quiz-sync"
#: Format 1: JSON Lines, read (quiz wrote it before format 2).
VERSION = 1
SUFFIX = ".jsonl"
SUFFIXES = (dbpart.SUFFIX, SUFFIX)
#: The most events in a part file of format 1; the most format 2 holds.
V1_EVENTS = 50_000
PART_EVENTS = dbpart.PART_EVENTS
#: The largest format 1 device file read (a part of long typed answers stays well under it).
FILE_LIMIT = 64 * MIB
#: The most files read from one student's folder.
MAX_FILES = 10_000
#: The longest id (student or device) and deck or card id taken from a file.
ID_CHARS = 64
NAME_CHARS = 256
GIVEN_CHARS = 10_000
#: Seqs stay below this (an event's id in the profile is a device's number times it, plus seq).
SEQ_LIMIT = ev.SPAN - PART_EVENTS


__all__ = ["FileProblem"]


@dataclass(frozen=True)
class DeviceFile:
    """One part file of one device, checked whole; its events are read from ``batches``
    (once)."""

    device: str
    first: int  # the seq of its first event
    count: int
    batches: Iterable[list[Event]]
    name: str = ""  # the profile's name on that device
    written_at: str = ""  # when the device wrote the file (its clock)

    @property
    def events(self) -> list[Event]:
        """All its events (read once)."""
        return [event for batch in self.batches for event in batch]


def safe_id(text: object) -> bool:
    """Whether ``text`` is an id quiz uses as a folder or file name (letters, digits, . _ -)."""
    return (
        isinstance(text, str)
        and 0 < len(text) <= ID_CHARS
        and text[0].isascii()
        and text[0].isalnum()
        and all(char.isascii() and (char.isalnum() or char in "._-") for char in text)
    )


def part_name(device: str, first: int) -> str:
    """The name of the part file of ``device`` whose first event is ``first``."""
    return f"{device}.{first:09d}{dbpart.SUFFIX}"


def part_first(device: str, file_name: str) -> int | None:
    """The first event of ``device``'s part named ``file_name`` (either format), or None."""
    for suffix in SUFFIXES:
        first = file_name.removeprefix(f"{device}.").removesuffix(suffix)
        if first.isdigit() and file_name == f"{device}.{int(first):09d}{suffix}":
            return int(first)
    return None


# --------------------------------------------------------------------------- reading


def student_files(folder: Path) -> list[Path]:
    """The device files in one student's folder (names ending in .qsync or .jsonl), by
    name."""
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(folder)
            if entry.name.endswith(SUFFIXES) and not entry.name.startswith(".")
        )
    except FileNotFoundError:
        return []
    return [folder / name for name in names[:MAX_FILES]]


def read_file(path: Path, student: str) -> DeviceFile:
    """The device file ``path`` of ``student``, checked; FileProblem if it is not one."""
    if path.name.endswith(dbpart.SUFFIX):
        header, db = dbread.open_part(path, student, safe_id)
        low, high = header.first, header.first + header.count - 1

        def check(item: list[object]) -> Event:
            return _event(header.device, item, f"event {item[0]}", low, high)

        batches = dbread.batches(db, header.device, check)
        return DeviceFile(
            header.device, header.first, header.count, batches, header.name,
            header.written_at if _is_time(header.written_at) else "",
        )  # fmt: skip
    return _read_lines(path, student)


def _read_lines(path: Path, student: str) -> DeviceFile:
    """A device file of format 1 (JSON Lines)."""
    if os.path.islink(path):
        raise FileProblem("a link, not a file")
    try:
        data = read_limited(path, FILE_LIMIT)
    except OSError as error:
        raise FileProblem(str(error).split(":", 1)[0]) from None
    try:
        lines = data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        raise FileProblem("not UTF-8 text (corrupt)") from None
    del data  # only the lines are needed now (a part may be tens of MiB)
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise FileProblem("empty")
    header = _json_line(lines[0], 1)
    device, first, count = _header(header, student)
    if len(lines) != count + 2:
        raise FileProblem(f"cut short: {len(lines) - 1} of {count + 1} lines after the header")
    if _json_line(lines[-1], len(lines)) != {"end": count}:
        raise FileProblem("cut short: no end line")
    low, high = first, first + count - 1
    events = [
        _event(device, _json_line(line, number), f"line {number}", low, high)
        for number, line in enumerate(lines[1:-1], start=2)
    ]
    if len({event.seq for event in events}) != len(events):
        raise FileProblem("an event appears twice (corrupt)")
    name, written_at = header.get("name"), header.get("written_at")
    return DeviceFile(
        device,
        first,
        count,
        [events],
        name if _text(name, ID_CHARS) else "",
        written_at if isinstance(written_at, str) and _is_time(written_at) else "",
    )


def _json_line(line: str, number: int) -> Any:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        raise FileProblem(f"line {number} is not JSON (corrupt or cut short)") from None


def _header(header: object, student: str) -> tuple[str, int, int]:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise FileProblem("not a quiz sync file")
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FileProblem("no format version (corrupt)")
    if version > VERSION:
        raise FileProblem(f"written by a newer quiz (format {version}); upgrade quiz to read it")
    if header.get("student") != student:
        raise FileProblem(f"belongs to another student ({_shown(header.get('student'))})")
    device, first, count = header.get("device"), header.get("first"), header.get("events")
    if not safe_id(device):
        raise FileProblem("no valid device id (corrupt)")
    if not _whole(first) or not 0 < first < SEQ_LIMIT:
        raise FileProblem("no valid first event (corrupt)")
    if not _whole(count) or not 0 <= count <= V1_EVENTS:
        raise FileProblem("no valid event count (corrupt)")
    assert isinstance(device, str)
    return device, first, count


def _shown(value: object) -> str:
    return str(value)[:ID_CHARS] if isinstance(value, str) else "none"


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _event(device: str, item: object, where: str, low: int, high: int) -> Event:
    problem = f"{where} is not a valid event (corrupt)"
    if not isinstance(item, list) or len(item) != 7:
        raise FileProblem(problem)
    seq, time, kind, deck, card, target, body = item
    if not _whole(seq) or not low <= seq <= high or kind not in ev.KINDS:
        raise FileProblem(problem)
    if not isinstance(time, str) or not _is_time(time):
        raise FileProblem(problem)
    if not _text(deck, NAME_CHARS) or not _text(card, NAME_CHARS) or not isinstance(body, dict):
        raise FileProblem(problem)
    if target is not None and not _event_id(target):
        raise FileProblem(problem)
    event = Event(device, seq, time, kind, deck, card, target, body)
    if not _valid_body(event):
        raise FileProblem(problem)
    return event


def _is_time(text: str) -> bool:
    try:
        moment = parse_time(text)
    except (ValueError, TypeError, OverflowError):
        return False
    return moment is not None and iso(moment) == text


def _text(value: object, limit: int) -> bool:
    return isinstance(value, str) and len(value) <= limit


def _event_id(value: object) -> bool:
    if not isinstance(value, str):
        return False
    device, _, seq = value.rpartition(":")
    return safe_id(device) and seq.isascii() and seq.isdigit() and len(seq) <= 12


def _valid_body(event: Event) -> bool:
    """Whether the body holds what its kind needs, of the right types."""
    body = event.body
    try:
        if event.kind == ev.ANSWER:
            return _answer_body(body) and bool(event.card)
        if event.kind == ev.AMEND:
            return _verdict(body) and event.target is not None and _after(body)
        if event.kind == ev.TAKE_BACK:
            return event.target is not None
        if event.kind == ev.VOID:
            return not body
        if event.kind in (ev.SUSPEND, ev.UNSUSPEND):
            return bool(event.card)
        if event.kind == ev.BURY:
            return (
                bool(event.card) and isinstance(body.get("until"), str) and _is_time(body["until"])
            )
        if event.kind == ev.SETTING:
            key, value = body.get("key"), body.get("value")
            if key not in SETTINGS or key in ev.LOCAL_SETTINGS or not isinstance(value, str):
                return False
            parse_setting(key, value)
            return True
        return _forget_body(body)
    except (SettingError, ValueError, TypeError, KeyError, OverflowError):
        return False


def _verdict(body: dict[str, Any]) -> bool:
    correct, score, rating = body.get("correct"), body.get("score"), body.get("rating")
    return (
        isinstance(correct, bool)
        and isinstance(score, (int, float))
        and not isinstance(score, bool)
        and 0 <= score <= 1
        and _whole(rating)
        and rating in {int(value) for value in Rating}
    )


def _after(body: dict[str, Any]) -> bool:
    if body.get("after") is not None:
        ev.memory_from_list(body["after"])
    return True


def _answer_body(body: dict[str, Any]) -> bool:
    mode, given, duration = body.get("mode"), body.get("given"), body.get("ms")
    fact, content_hash = body.get("fact"), body.get("hash")
    return (
        mode in {value.value for value in Mode}
        and _text(given, GIVEN_CHARS)
        and _verdict(body)
        and _whole(duration)
        and 0 <= duration <= 10**9
        and (fact is None or _text(fact, NAME_CHARS))
        and (content_hash is None or _text(content_hash, 128))
        and (body.get("before") is None or _text(body["before"], 64))
        and (body.get("amended_at") is None or _is_time(str(body["amended_at"])))
        and _after(body)
    )


def _forget_body(body: dict[str, Any]) -> bool:
    if "cards" in body:
        cards = body["cards"]
        return isinstance(cards, list) and all(
            isinstance(pair, list) and len(pair) == 2 and all(_text(x, NAME_CHARS) for x in pair)
            for pair in cards
        )
    return "deck" not in body or _text(body["deck"], NAME_CHARS)
