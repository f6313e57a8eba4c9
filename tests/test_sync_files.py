"""quiz sync's files: hostile ones are named and skipped, a killed sync loses nothing, and
the command line (status, JSON, join, errors)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from quizdeck.model import Mode, Rating
from quizdeck.sync import compact, dbpart, run
from quizdeck.sync import folder as files
from sync_devices import Device, cards


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Device, Device, Path]:
    """Two devices of one student, joined to ``shared``; the first has answered twice."""
    shared = tmp_path / "shared"
    shared.mkdir()
    home, laptop = Device(tmp_path / "home"), Device(tmp_path / "laptop")
    deck = cards()
    home.answer(deck[0], Rating.GOOD)
    home.answer(deck[1], Rating.AGAIN)
    home.sync(shared)
    with home.store() as store:
        student = store.identity()
    laptop.sync(shared, join=student)
    return home, laptop, shared


def student_folder(device: Device, shared: Path) -> Path:
    with device.store() as store:
        return shared / store.identity()


def own_file(device: Device, shared: Path) -> Path:
    found = [
        path
        for path in files.student_files(student_folder(device, shared))
        if files.read_file(path, path.parent.name).device == _device_id(device)
    ]
    assert len(found) == 1
    return found[0]


def _device_id(device: Device) -> str:
    with device.store() as store:
        return store.device_id()


def render_v1(student: str, found: files.DeviceFile) -> str:
    """A part file of format 1 (JSON Lines), as quiz wrote it before format 2."""
    events = found.events
    header = {
        "format": "quiz-sync", "version": 1, "student": student, "device": found.device,
        "first": found.first, "events": len(events), "name": found.name,
        "written_at": found.written_at,
    }  # fmt: skip
    lines = [header] + [
        [event.seq, event.time, event.kind, event.deck, event.card, event.target, event.body]
        for event in events
    ]  # fmt: skip
    lines.append({"end": len(events)})
    return "".join(json.dumps(line, separators=(",", ":")) + "\n" for line in lines)


def hostile_v1(folder: Path, good: Path) -> dict[str, str]:
    """Format 1 files (JSON Lines) of each kind a folder can hold that quiz must not take;
    their names and the word the message about each must contain."""
    text = render_v1(folder.name, files.read_file(good, folder.name))
    lines = text.splitlines(keepends=True)
    made = {
        "half.jsonl": ("".join(lines)[: len(text) // 2], "cut short"),
        "truncated.jsonl": ("".join(lines[:-1]), "cut short"),
        "garbage.jsonl": ("\x00\xff not json at all", "corrupt"),
        "foreign.jsonl": (text.replace(folder.name, "someone-else"), "another student"),
        "newer.jsonl": (text.replace('"version":1', '"version":7'), "newer quiz"),
        "empty.jsonl": ("", "empty"),
        "forged.jsonl": (text.replace('"given":"an answer"', '"given":7'), "not a valid event"),
    }
    for name, (content, _) in made.items():
        (folder / name).write_bytes(content.encode("utf-8", "surrogateescape"))
    return {name: word for name, (_, word) in made.items()}


def hostile_v2(folder: Path, good: Path) -> dict[str, str]:
    """Format 2 files (SQLite) of each kind a folder can hold that quiz must not take."""
    data = good.read_bytes()
    changes = {
        "foreign.qsync": ("UPDATE part SET student = 'someone-else'", "another student"),
        "newer.qsync": ("UPDATE part SET version = 7", "newer quiz"),
        "forged.qsync": ("UPDATE events SET given = x'00ff' WHERE kind = 0", "not a valid event"),
        "lying.qsync": ("UPDATE events SET rating = 9 WHERE kind = 0", "not a valid event"),
        "fewer.qsync": ("DELETE FROM events WHERE seq = 2", "cut short"),
        "viewed.qsync": ("CREATE VIEW slow AS SELECT 1", "not a quiz sync file"),
        "other.qsync": ("DROP TABLE part", "not a quiz sync file"),
        "midway.qsync": (  # passes the checks in SQL, found out while its events are read
            "UPDATE events SET kind = 3, time = NULL, subject = NULL, mode = NULL, given = NULL, "
            "correct = NULL, score = NULL, rating = NULL, ms = NULL, before = NULL, "
            "after = NULL, data = '[1]' WHERE seq = 2",
            "not a valid event",
        ),
    }
    for name, (sql, _) in changes.items():
        (folder / name).write_bytes(data)
        with contextlib.closing(sqlite3.connect(folder / name)) as db:
            db.execute(sql)
            db.commit()
    made = {
        "half.qsync": (data[: len(data) // 2], "cut short"),
        "truncated.qsync": (data[:-1], "cut short"),
        "garbage.qsync": (b"\x00\xff not a database at all" * 200, "corrupt"),
        "empty.qsync": (b"", "empty"),
    }
    for name, (content, _) in made.items():
        (folder / name).write_bytes(content)
    return {name: word for name, (_, word) in (made | changes).items()}


def test_each_hostile_file_is_named_and_skipped_and_the_rest_is_read(
    pair: tuple[Device, Device, Path],
) -> None:
    home, laptop, shared = pair
    folder = student_folder(home, shared)
    good = own_file(home, shared)
    conflict = folder / f"{good.stem} (conflicted copy 2026-03-02).qsync"
    conflict.write_bytes(good.read_bytes())
    expected = hostile_v1(folder, good) | hostile_v2(folder, good)
    for suffix in files.SUFFIXES:
        os.mkfifo(folder / f"pipe{suffix}")
        (folder / f"link{suffix}").symlink_to(good)
        expected |= {f"pipe{suffix}": "not a regular file", f"link{suffix}": "a link"}
    good.unlink()  # only the conflict copy holds home's events now
    result = laptop.cli("sync", str(shared))
    assert result.exit_code == 0, result.output
    for name, word in expected.items():
        line = next((line for line in result.stderr.splitlines() if f"/{name}:" in line), name)
        assert word in line, line
    assert "conflicted copy" not in result.stderr
    assert len(laptop.history()) == 2


def test_a_file_of_format_1_written_by_an_older_quiz_is_still_read(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    old, new = Device(tmp_path / "old"), Device(tmp_path / "new")
    for number in range(6):
        old.answer(cards()[number % 3], (Rating.GOOD, Rating.AGAIN)[number % 2])
    old.sync(shared)
    part = own_file(old, shared)
    part.with_suffix(".jsonl").write_text(
        render_v1(part.parent.name, files.read_file(part, part.parent.name))
    )
    part.unlink()  # only the format 1 file is left, as an older quiz wrote it
    with old.store() as store:
        student = store.identity()
    outcome = new.sync(shared, join=student)
    assert outcome.received == 6 and not outcome.skipped, outcome
    assert new.history() == old.history()


def test_a_file_over_the_size_limit_is_skipped(
    pair: tuple[Device, Device, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, laptop, shared = pair
    home.answer(cards()[2], Rating.GOOD)
    home.sync(shared)
    monkeypatch.setattr(dbpart, "FILE_LIMIT", 100)
    outcome = laptop.sync(shared)
    assert any("larger than" in line for line in outcome.skipped), outcome.skipped


def test_the_same_events_twice_and_an_older_copy_are_harmless(
    pair: tuple[Device, Device, Path],
) -> None:
    home, laptop, shared = pair
    good = own_file(home, shared)
    older = good.read_bytes()
    home.answer(cards()[2], Rating.GOOD)
    home.sync(shared)
    (good.parent / f"{good.stem}.sync-conflict-20260302-1.qsync").write_bytes(older)
    laptop.sync(shared)
    laptop.sync(shared)
    assert len(laptop.history()) == 3
    good.write_bytes(older)  # the folder tool brings back the older version
    home.sync(shared)  # home writes its file again; its new answer is in a part of its own
    assert files.read_file(good, good.parent.name).events[-1].seq == 2
    device = _device_id(home)
    sent = {
        event.seq
        for path in files.student_files(good.parent)
        for event in files.read_file(path, good.parent.name).events
        if event.device == device
    }
    assert sent == {1, 2, 3}


KILLED_SYNC = """
import os, signal, sys
from pathlib import Path
from quizdeck.store import Store
from quizdeck.sync.run import sync

def hook(step):
    if step.startswith(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)

with Store.open(Path(sys.argv[1])) as store:
    sync(store, Path(sys.argv[2]), hook=hook)
"""


@pytest.mark.parametrize("step", ["read", "merged", "writing", "wrote"])
def test_a_sync_killed_at_any_step_loses_nothing_and_leaves_no_half_file(
    pair: tuple[Device, Device, Path], step: str
) -> None:
    home, laptop, shared = pair
    deck = cards()
    laptop.answer(deck[3], Rating.GOOD)
    home.answer(deck[4], Rating.EASY)
    home.sync(shared)
    database = laptop.home / "profiles" / "default.sqlite3"
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_SYNC, str(database), str(shared), step],
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    folder = student_folder(home, shared)
    for path in files.student_files(folder):
        files.read_file(path, folder.name)  # every device file is whole
    laptop.sync(shared)
    home.sync(shared)
    assert not [path for path in folder.iterdir() if path.name.startswith(".")]
    assert len(home.history()) == len(laptop.history()) == 4
    assert home.history() == laptop.history()


def test_status_says_what_would_travel_and_json_is_for_scripts(
    pair: tuple[Device, Device, Path],
) -> None:
    home, laptop, shared = pair
    home.answer(cards()[2], Rating.GOOD)
    result = home.cli("sync", str(shared), "--status", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["sent"], data["received"], data["status"]) == (1, 0, True)
    assert (
        "would send 1 event and receive 0 events"
        in home.cli("sync", str(shared), "--status").output
    )
    assert "sent 1 event" in home.cli("sync", str(shared)).output
    assert "received 1 event" in laptop.cli("sync", str(shared)).output


def test_sync_dir_is_the_default_folder_and_a_missing_one_is_one_line(
    pair: tuple[Device, Device, Path],
) -> None:
    home, _, shared = pair
    result = home.cli("sync")
    assert result.exit_code == 2 and "sync_dir" in result.output
    assert home.cli("config", "set", "sync_dir", str(shared)).exit_code == 0
    assert home.cli("sync").exit_code == 0
    missing = home.cli("sync", str(shared / "nowhere"))
    assert missing.exit_code == 1 and "is not a folder" in missing.output
    bad = home.cli("sync", str(shared), "--join", "../etc")
    assert bad.exit_code == 1 and "not a student id" in bad.output
    assert "Traceback" not in missing.output + bad.output


@pytest.mark.parametrize("plain_from", [0, 10**9])
def test_parts_written_in_sql_hold_what_each_answer_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plain_from: int
) -> None:
    """A part of format 2 copies the states around each start answer from the log and leaves
    out those the reader can tell: read back, every event is the one the profile holds
    (worked out answer by answer), across parts, practice between, an amendment, a take-back,
    a card under two facts and another device's answer between two of this device's on one
    card."""
    from quizdeck.store.log_rows import load_events

    monkeypatch.setattr(dbpart, "PART_EVENTS", 5)
    monkeypatch.setattr(dbpart, "PLAIN_FROM", plain_from)  # 0: a plain history's shortcut
    shared = tmp_path / "shared"
    shared.mkdir()
    home, laptop = Device(tmp_path / "home"), Device(tmp_path / "laptop")
    deck = cards()
    for number in range(9):
        home.answer(deck[number % 3], (Rating.GOOD, Rating.AGAIN, Rating.EASY)[number % 3])
        if number == 4:
            home.answer(deck[1], Rating.GOOD, mode=Mode.PRACTICE)
    home.amend(home.answer(deck[3], Rating.AGAIN), Rating.GOOD)
    for fact in ("one fact", "another fact", "one fact"):  # a card whose fact was changed
        home.answer(dataclasses.replace(deck[5], fact=fact), Rating.GOOD)
    assert home.take_back(home.answer(deck[4], Rating.GOOD))
    home.sync(shared)
    with home.store() as store:
        student = store.identity()
    laptop.sync(shared, join=student)
    home.answer(deck[0], Rating.GOOD)  # then the laptop's answer, then home's again
    laptop.clock = home.clock
    laptop.answer(deck[0], Rating.HARD)
    home.tick(5)
    home.answer(deck[0], Rating.GOOD)
    laptop.sync(shared)
    home.sync(shared)
    folder = student_folder(home, shared)
    mine = _device_id(home)
    written = {
        event.seq: event
        for path in files.student_files(folder)
        if (found := files.read_file(path, folder.name)).device == mine
        for event in found.events
    }
    with home.store() as store, store.database.read() as db:
        held = load_events(db, "WHERE e.id BETWEEN 1 AND 1000 ORDER BY e.id")
    assert len(held) >= 19 and sum("after" in event.body for event in held) >= 15
    assert [written[event.seq] for event in held] == held
    laptop.sync(shared)
    assert home.history() == laptop.history()


def own_parts(device: Device, shared: Path) -> dict[str, list[int]]:
    """This device's part files in the folder: name to the seqs it holds."""
    folder = student_folder(device, shared)
    mine = _device_id(device)
    return {
        path.name: [event.seq for event in found.events]
        for path in files.student_files(folder)
        if (found := files.read_file(path, folder.name)).device == mine
    }


def remembered(device: Device) -> list[str]:
    with device.store() as store, store.database.read() as db:
        return [name for (name,) in db.execute("SELECT name FROM sync_files")]


def test_many_small_syncs_are_compacted_into_few_files_and_nothing_is_lost(
    pair: tuple[Device, Device, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    home, laptop, shared = pair
    monkeypatch.setattr(compact, "COMPACT_AT", 3)
    deck = cards()
    for number in range(14):
        home.answer(deck[number % 6], Rating.GOOD)
        assert home.sync(shared).sent == 1  # compacting sends nothing new
        if number % 3 == 0:
            laptop.sync(shared)
    parts = own_parts(home, shared)
    assert len(parts) <= 4, sorted(parts)
    seqs = sorted(seq for held in parts.values() for seq in held)
    assert seqs == list(range(1, seqs[-1] + 1))  # each event in one file, none missing
    assert laptop.sync(shared).received > 0
    assert laptop.sync(shared).received == 0
    assert home.history() == laptop.history()
    assert len(laptop.history()) == 16
    folder = student_folder(home, shared)
    for name in remembered(laptop) + remembered(home):
        assert (folder / name.rpartition("/")[2]).exists(), name  # vanished files forgotten


KILLED_COMPACTION = """
import os, signal, sys
from pathlib import Path
from quizdeck.store import Store
from quizdeck.sync import compact, dbpart, run
from quizdeck.sync.run import sync

compact.COMPACT_AT = 3

def hook(step):
    if step.startswith(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)

with Store.open(Path(sys.argv[1])) as store:
    sync(store, Path(sys.argv[2]), hook=hook)
"""


@pytest.mark.parametrize("step", ["writing {first}", "compacted {first}", "removed"])
def test_a_compaction_killed_at_any_step_loses_nothing_and_imports_nothing_twice(
    pair: tuple[Device, Device, Path], step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, laptop, shared = pair
    deck = cards()
    for number in range(6):
        home.answer(deck[number], Rating.GOOD)
        home.sync(shared)
    laptop.sync(shared)  # laptop has read the parts about to be compacted
    before = own_parts(home, shared)
    first = min(before)
    database = home.home / "profiles" / "default.sqlite3"
    stop = step.format(first=first)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_COMPACTION, str(database), str(shared), stop],
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    folder = student_folder(home, shared)
    for path in files.student_files(folder):
        files.read_file(path, folder.name)  # every device file is whole
    assert laptop.sync(shared).received == 0  # old and new parts side by side: nothing twice
    monkeypatch.setattr(compact, "COMPACT_AT", 3)
    home.answer(deck[7], Rating.GOOD)
    home.sync(shared)
    assert laptop.sync(shared).received == 1
    parts = own_parts(home, shared)
    assert len(parts) < len(before)
    seqs = sorted(seq for held in parts.values() for seq in held)
    assert seqs == list(range(1, seqs[-1] + 1))
    assert not [path for path in folder.iterdir() if path.name.startswith(".")]
    assert home.history() == laptop.history()
    assert len(home.history()) == 9


KILLED_JOIN = """
import os, signal, sys
from pathlib import Path
from quizdeck.store import Store
from quizdeck.sync import run

run.BATCH = 3

def hook(step):
    if step == "merged":
        os.kill(os.getpid(), signal.SIGKILL)

with Store.open(Path(sys.argv[1])) as store:
    run.sync(store, Path(sys.argv[2]), join=sys.argv[3], hook=hook)
"""


def test_a_joining_device_takes_events_in_batches_and_a_kill_between_loses_nothing(
    pair: tuple[Device, Device, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, _, shared = pair
    deck = cards()
    for number in range(8):
        home.answer(deck[number % 5], (Rating.GOOD, Rating.AGAIN, Rating.HARD)[number % 3])
        if number % 3 == 0:
            home.sync(shared)  # several parts
    home.sync(shared)
    with home.store() as store:
        student = store.identity()
    tablet, phone = Device(tmp_path / "tablet"), Device(tmp_path / "phone")
    monkeypatch.setattr(run, "BATCH", 3)
    steps: list[str] = []
    tablet.sync(shared, join=student, hook=steps.append)
    assert steps.count("merged") >= 4  # 10 answers and the settings, 3 at a time
    assert tablet.history() == home.history()
    database = phone.home / "profiles" / "default.sqlite3"
    phone.cli("stats")  # the profile exists
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_JOIN, str(database), str(shared), student],
        capture_output=True,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert 0 < len(phone.history()) < 10  # the first batch is in, the rest is not yet
    phone.sync(shared, join=student)
    assert phone.history() == home.history()
    assert len(phone.history()) == 10
