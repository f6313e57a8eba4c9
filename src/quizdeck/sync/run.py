"""One sync of a profile with a shared folder: read the others' events, merge, write our own.

The steps are ordered so that stopping at any point (even ``kill -9``) loses nothing: each
merge (of about ``BATCH`` events) is one transaction, each file is replaced whole, and what was
read or written is remembered only after it is safe; whatever was cut off is simply done again
next time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quizdeck.errors import StoreError
from quizdeck.store import Store
from quizdeck.store import events as ev
from quizdeck.store.events import Event
from quizdeck.store.profile import IDENTITY
from quizdeck.sync import compact, dbpart
from quizdeck.sync import folder as files
from quizdeck.sync.merge import merge


class SyncError(StoreError):
    """A sync that cannot run at all (no such folder, a student id that is not one)."""


@dataclass
class Outcome:
    """What a sync did (or, for ``--status``, would do)."""

    student: str
    device: str
    folder: str
    sent: int = 0  # this device's events written to its files
    received: int = 0  # events of other devices taken in
    cards: int = 0  # cards whose schedule was worked out again
    read: list[str] = field(default_factory=list)  # files read
    skipped: list[str] = field(default_factory=list)  # "file: why", one line each

    def to_dict(self) -> dict[str, object]:
        return {
            "student": self.student, "device": self.device, "folder": self.folder,
            "sent": self.sent, "received": self.received, "cards": self.cards,
            "read": self.read, "skipped": self.skipped,
        }  # fmt: skip


#: About how many incoming events one merge takes in (a merge holds them, and what it replays;
#: fewer merges replay fewer cards twice).
BATCH = 25_000

#: Called between the steps of a sync with the step's name (tests stop a sync there).
Hook = Callable[[str], None]


def _nothing(_step: str) -> None:
    return None


def sync(
    store: Store,
    folder: Path,
    *,
    join: str | None = None,
    status: bool = False,
    name: str = "",
    hook: Hook = _nothing,
) -> Outcome:
    """Sync ``store`` with the shared ``folder`` (``status``: only say what would change).
    ``name``: the profile's name, written in the files for ``quiz report DIR``."""
    if not folder.is_dir():
        raise SyncError(f"{folder} is not a folder (create it, or give the shared folder)")
    if join is not None:
        _join(store, join, status)
    student = store.identity()
    if not files.safe_id(student):
        raise SyncError(f"this profile's student id '{student[:64]}' cannot name a folder")
    device = store.device_id()
    mine = folder / student
    outcome = Outcome(student, device, str(folder))
    if status:
        for batches, _ in _read_others(store, mine, device, outcome, hook):
            try:
                outcome.received += sum(_unseen(store, events) for events in batches)
            except files.FileProblem as problem:
                outcome.skipped.append(f"{problem}")
        outcome.sent = sum(count for _, _, count in _parts_to_write(store, mine, device))
        return outcome
    _take_in(store, _read_others(store, mine, device, outcome, hook), outcome, hook)
    _forget_files(store, _gone(store, mine, device))
    if not os.path.isdir(mine):
        try:
            mine.mkdir()
        except OSError as error:
            raise SyncError(f"cannot create {mine}: {error.strerror or error}") from None
    parts = _parts_to_write(store, mine, device)
    plain = False
    if sum(count for _, _, count in parts) > dbpart.PLAIN_FROM:
        with store.database.read() as db:
            plain = dbpart.plain_history(db)
    for first, old_name, count in parts:
        file_name = files.part_name(device, first)
        _write(store, mine, (student, device, first, count, file_name), (name, plain), hook)
        outcome.sent += count
        hook(f"wrote {file_name}")
        if old_name != file_name:  # a part of format 1 lost or changed: written as format 2
            compact.remove(lambda names: _forget_files(store, names), mine,
                           [compact.Part(first, old_name, count, (0, 0))], hook)  # fmt: skip
    _compact(store, mine, (student, device, name), hook)
    return outcome


def _join(store: Store, student: str, status: bool) -> None:
    if not files.safe_id(student):
        raise SyncError(
            f"'{student[:64]}' is not a student id (letters, digits, '.', '_' or '-'; "
            "'quiz progress export' shows it)"
        )
    if status or store.identity() == student:
        return
    with store.database.write() as db:
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (IDENTITY, student),
        )


def _stat_key(path: Path) -> tuple[int, int] | None:
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


Seen = tuple[str, int, int, int]  # a file read: its name, size, mtime, events
Found = tuple[Iterable[list[Event]], Seen]  # a file's events, in batches; the file


def _read_others(
    store: Store, mine: Path, device: str, outcome: Outcome, hook: Hook
) -> Iterator[Found]:
    """The events of each file in the student's folder that changed since it was last read,
    one file at a time (each checked whole first)."""
    with store.database.read() as db:
        known = {
            name: (size, mtime)
            for name, size, mtime in db.execute("SELECT name, size, mtime FROM sync_files")
        }
    for path in files.student_files(mine):
        stamp = _stat_key(path)
        name = f"{mine.name}/{path.name}"
        if stamp is None or known.get(name) == stamp:
            continue
        try:
            found = files.read_file(path, mine.name)
        except files.FileProblem as problem:
            outcome.skipped.append(f"{path}: {problem}")
            continue
        if found.device == device:
            continue  # this device's own file, or a copy of it: the database holds it all
        outcome.read.append(str(path))
        hook("read")
        yield found.batches, (name, *stamp, found.count)


def _take_in(store: Store, found: Iterable[Found], outcome: Outcome, hook: Hook) -> None:
    """Merge the events ``found`` in batches of about ``BATCH`` events, each in a transaction
    of its own (so a joining device never holds every event at once); a file is remembered
    as read once all its events are merged (one found not valid midway is named, and read
    again next time). One merge runs even with nothing found."""
    pending: list[Event] = []
    read: list[Seen] = []
    merges = 0

    def flush() -> None:
        nonlocal merges
        merged = merge(store.database, store.profile, pending)
        outcome.received += merged.imported
        outcome.cards += merged.cards
        merges += 1
        hook("merged")
        pending.clear()

    for batches, seen in found:
        try:
            for events in batches:
                for start in range(0, len(events), BATCH):
                    pending += events[start : start + BATCH]
                    if len(pending) >= BATCH:
                        flush()
                        _remember(store, read)
                        read.clear()
        except files.FileProblem as problem:
            outcome.skipped.append(f"{seen[0]}: {problem}")
            continue
        read.append(seen)
    if pending or not merges:
        flush()
    _remember(store, read)


def _gone(store: Store, mine: Path, device: str) -> list[str]:
    """Other devices' files read before that are no longer there (compacted, or removed)."""
    with store.database.read() as db:
        names = [name for (name,) in db.execute("SELECT name FROM sync_files")]
    return [
        name
        for name in names
        if name.startswith(f"{mine.name}/")
        and not name.startswith(f"{mine.name}/{device}.")
        and not os.path.lexists(mine / name.rpartition("/")[2])
    ]


def _unseen(store: Store, incoming: Iterable[Event]) -> int:
    with store.database.read() as db:
        numbers = dict(db.execute("SELECT device, id FROM sync_devices"))
        unseen = 0
        for event in incoming:
            number = numbers.get(event.device)
            unseen += (
                number is None
                or not db.execute(
                    "SELECT 1 FROM events WHERE id = ?", (number * ev.SPAN + event.seq,)
                ).fetchone()
            )
        return unseen


def _remember(store: Store, seen: list[tuple[str, int, int, int]]) -> None:
    with store.database.write() as db:
        db.executemany(
            "INSERT OR REPLACE INTO sync_files (name, size, mtime, events) VALUES (?, ?, ?, ?)",
            seen,
        )


def _parts_to_write(store: Store, mine: Path, device: str) -> list[tuple[int, str, int]]:
    """This device's parts to write: those written before whose file is missing or changed,
    then one for the events written in none (a part has at most ``PART_EVENTS``): (first seq,
    file name, events)."""
    with store.database.read() as db:
        last = ev.last_seq(db)
        written, _ = compact.own_parts(db, mine.name, device)
    wanted = []
    covered = 0
    for part in written:
        covered = max(covered, part.last)
        if _stat_key(mine / part.name) != part.stamp:
            wanted.append((part.first, part.name, part.count))
    for first in range(covered + 1, last + 1, dbpart.PART_EVENTS):
        count = min(dbpart.PART_EVENTS, last - first + 1)
        wanted.append((first, files.part_name(device, first), count))
    return wanted


def _compact(store: Store, mine: Path, which: tuple[str, str, str], hook: Hook) -> None:
    """Rewrite runs of this device's small parts as one part each, and remove the parts an
    earlier one covers (see :mod:`.compact`); ``which``: student, device, profile name."""
    student, device, name = which
    with store.database.read() as db:
        parts, covered = compact.own_parts(db, student, device)
    for run in compact.groups(parts):
        file_name = files.part_name(device, run[0].first)
        part = (student, device, run[0].first, run[-1].last - run[0].first + 1, file_name)
        _write(store, mine, part, (name, False), hook)
        hook(f"compacted {file_name}")
        covered += [each for each in run if each.name != file_name]
    compact.remove(lambda names: _forget_files(store, names), mine, covered, hook)


def _forget_files(store: Store, names: list[str]) -> None:
    with store.database.write() as db:
        db.executemany("DELETE FROM sync_files WHERE name = ?", ((name,) for name in names))


def _write(
    store: Store,
    mine: Path,
    which: tuple[str, str, int, int, str],
    profile: tuple[str, bool],
    hook: Hook,
) -> None:
    """Write one part (format 2, in SQL: see :mod:`.dbpart`); ``profile``: the profile's
    name, and whether its history is plain."""
    from quizdeck import clock

    student, device, first, count, name = which
    path = mine / name
    header = dbpart.Header(student, device, first, count, profile[0], clock.iso(clock.now()) or "")
    try:
        with store.database.errors():
            held = dbpart.write(
                store.database.connection,
                path,
                header,
                lambda: hook(f"writing {name}"),
                profile[1],
            )
    except OSError as error:
        raise SyncError(f"cannot write {path}: {error.strerror or error}") from None
    stamp = _stat_key(path)
    if stamp is not None:
        _remember(store, [(f"{mine.name}/{name}", *stamp, held)])
