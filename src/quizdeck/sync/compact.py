"""Keeping this device's part files few: many small parts are rewritten as one.

Each sync that sends something adds a part, and a sync reads at most
:data:`~quizdeck.sync.folder.MAX_FILES` files of a student's folder; so once a device has more
than :data:`COMPACT_AT` small parts, its consecutive small parts are rewritten as one part (named
after the first, holding up to ``RUN_EVENTS`` events) and the others removed. Only this
device's own files are touched. The order makes a stop at any point harmless: the new part is
written whole and synced, then remembered in ``sync_files``, then the parts it covers are
removed (a part whose events an earlier remembered part holds is *covered*: removed at the next
sync if a stop left it). A device reading the folder in between sees the same events twice, and
events already known are ignored.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from quizdeck.sync import folder as files

#: Compact once this device has more small parts than this.
COMPACT_AT = 32
#: A part with fewer events than this is small; a compacted part holds at most ``RUN_EVENTS``.
SMALL = 5_000
RUN_EVENTS = 50_000


@dataclass(frozen=True)
class Part:
    """A part file this device wrote, as ``sync_files`` remembers it."""

    first: int
    name: str  # the file's name in the student's folder
    count: int
    stamp: tuple[int, int]  # size, modification time

    @property
    def last(self) -> int:
        return self.first + self.count - 1


def own_parts(db: sqlite3.Connection, student: str, device: str) -> tuple[list[Part], list[Part]]:
    """This device's parts remembered in ``sync_files``, by first event: those in use, and
    those covered by an earlier one (left by a compaction that was stopped)."""
    rows = db.execute(
        "SELECT name, size, mtime, events FROM sync_files WHERE name LIKE ?",
        (f"{student}/{device}.%",),
    ).fetchall()
    parts = []
    for name, size, mtime, count in rows:
        file_name = name.rpartition("/")[2]
        first = files.part_first(device, file_name)
        if first is not None:
            parts.append(Part(first, file_name, count, (size, mtime)))
    parts.sort(key=lambda part: (part.first, -part.count))
    kept: list[Part] = []
    covered: list[Part] = []
    for part in parts:
        if kept and part.first <= kept[-1].last:
            covered.append(part)
        else:
            kept.append(part)
    return kept, covered


def groups(parts: list[Part]) -> list[list[Part]]:
    """Runs of consecutive small parts to rewrite as one (each up to ``RUN_EVENTS`` events),
    when there are more than ``COMPACT_AT`` small parts; else none."""
    if sum(part.count < SMALL for part in parts) <= COMPACT_AT:
        return []
    runs: list[list[Part]] = []
    run: list[Part] = []
    for part in parts:
        joins = (
            run
            and part.first == run[-1].last + 1
            and part.last - run[0].first < RUN_EVENTS
            and part.count < SMALL
        )
        if not joins:
            if len(run) > 1:
                runs.append(run)
            run = [part] if part.count < SMALL else []
        else:
            run.append(part)
    if len(run) > 1:
        runs.append(run)
    return runs


def remove(
    db_write: Callable[[list[str]], None],
    mine: Path,
    covered: list[Part],
    hook: Callable[[str], None],
) -> None:
    """Remove the files of the ``covered`` parts, then forget them (``db_write``); a file
    that cannot be removed is tried again next time."""
    removed = []
    for part in covered:
        path = mine / part.name
        try:
            if not os.path.islink(path) and os.path.isfile(path):
                os.unlink(path)
        except FileNotFoundError:
            pass
        except OSError:
            continue
        removed.append(f"{mine.name}/{part.name}")
        hook(f"removed {part.name}")
    db_write(removed)
