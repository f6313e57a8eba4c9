"""Device files in a shared folder: reading and checking them, writing this device's own.

A student's folder ``DIR/<student-id>/`` holds one set of files per device, named
``<device-id>.<first>.jsonl``: each part holds the device's events from ``first`` on (up to
50,000), those it had not written before, so a sync rewrites a part only when its file was
lost or changed, or to compact many small parts into one (:mod:`.compact`). Each file is JSON
Lines (see
docs/sync.md): a header line, one line per event, and an end line giving the count, so a
file cut short is told from a whole one. Only the device named in a file writes it, always
through a temporary file renamed over it. Any ``.jsonl`` file in the folder is read, so the
copies a folder tool makes of a file it saw changed in two places (``… (conflicted copy) …``,
``….sync-conflict-….jsonl``) are read too; the header, not the name, says whose it is.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from quizdeck.clock import iso, parse_time
from quizdeck.files import MIB, read_limited, replacing, write_and_sync
from quizdeck.model import Mode, Rating
from quizdeck.settings import SETTINGS, SettingError, parse_setting
from quizdeck.store import events as ev
from quizdeck.store.events import Event

FORMAT = "quiz-sync"
VERSION = 1
SUFFIX = ".jsonl"
#: The most events in a part file.
PART_EVENTS = 50_000
#: The largest device file read (a part of long typed answers stays well under it).
FILE_LIMIT = 64 * MIB
#: The most files read from one student's folder.
MAX_FILES = 10_000
#: The longest id (student or device) and deck or card id taken from a file.
ID_CHARS = 64
NAME_CHARS = 256
GIVEN_CHARS = 10_000
#: Seqs stay below this (an event's id in the profile is a device's number times it, plus seq).
SEQ_LIMIT = ev.SPAN - PART_EVENTS


class FileProblem(Exception):
    """A device file that cannot be used; the message says why in a few words."""


@dataclass(frozen=True)
class DeviceFile:
    """The events of one part file of one device."""

    device: str
    first: int  # the seq of its first event
    events: list[Event]
    name: str = ""  # the profile's name on that device
    written_at: str = ""  # when the device wrote the file (its clock)


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
    return f"{device}.{first:09d}{SUFFIX}"


# --------------------------------------------------------------------------- writing


def render(
    student: str, device: str, first: int, events: Sequence[Event], *, name: str, written_at: str
) -> str:
    """The text of a part file holding ``events`` (seqs from ``first`` on); ``name``: the
    profile's."""
    header = {
        "format": FORMAT, "version": VERSION, "student": student, "device": device,
        "first": first, "events": len(events), "name": name, "written_at": written_at,
    }  # fmt: skip
    lines = [_dumps(header)]
    lines += [
        _dumps([event.seq, event.time, event.kind, event.deck, event.card, event.target,
                event.body])
        for event in events
    ]  # fmt: skip
    lines.append(_dumps({"end": len(events)}))
    return "\n".join(lines) + "\n"


def _dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def write_part(path: Path, text: str, written: Callable[[], None] = lambda: None) -> None:
    """Replace the part file ``path`` with ``text`` atomically; never anything but a file.
    ``written`` is called once the new text is on disk, before it takes the file's place."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise OSError(f"{path} is not a regular file (a link, folder or device); not replaced")
    with replacing(path) as temporary:
        write_and_sync(temporary, text)
        written()


# --------------------------------------------------------------------------- reading


def student_files(folder: Path) -> list[Path]:
    """The device files in one student's folder (names ending in .jsonl), by name."""
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(folder)
            if entry.name.endswith(SUFFIX) and not entry.name.startswith(".")
        )
    except FileNotFoundError:
        return []
    return [folder / name for name in names[:MAX_FILES]]


def read_file(path: Path, student: str) -> DeviceFile:
    """The events of the device file ``path`` of ``student``; FileProblem if it is not one."""
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
        _event(device, _json_line(line, number), number, low, high)
        for number, line in enumerate(lines[1:-1], start=2)
    ]
    if len({event.seq for event in events}) != len(events):
        raise FileProblem("an event appears twice (corrupt)")
    name, written_at = header.get("name"), header.get("written_at")
    return DeviceFile(
        device,
        first,
        events,
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
    if not _whole(count) or not 0 <= count <= PART_EVENTS:
        raise FileProblem("no valid event count (corrupt)")
    assert isinstance(device, str)
    return device, first, count


def _shown(value: object) -> str:
    return str(value)[:ID_CHARS] if isinstance(value, str) else "none"


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _event(device: str, item: object, number: int, low: int, high: int) -> Event:
    problem = f"line {number} is not a valid event (corrupt)"
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
