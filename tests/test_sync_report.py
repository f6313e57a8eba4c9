"""quiz report DIR: a class's sync folder gives the report its progress exports give."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from quizdeck.model import Mode, Rating
from sync_devices import Device, cards


def test_a_class_folder_reports_as_the_students_exports_do(tmp_path: Path) -> None:
    shared, handed_in = tmp_path / "class", tmp_path / "exports"
    shared.mkdir()
    handed_in.mkdir()
    deck = cards()
    students = ["alice", "bob", "chen"]
    for number, name in enumerate(students):
        home = Device(tmp_path / name, profile=name)
        laptop = Device(tmp_path / f"{name}-laptop", profile=name)
        for step in range(number + 2):
            home.answer(deck[step], Rating(1 + (step + number) % 4))
        first = home.answer(deck[5], Rating.AGAIN)
        home.amend(first, Rating.GOOD)
        home.answer(deck[6], Rating.GOOD, mode=Mode.PRACTICE)
        home.sync(shared)
        with home.store() as store:
            student = store.identity()
        laptop.clock = home.clock + timedelta(hours=2)
        laptop.sync(shared, join=student)
        laptop.answer(deck[0], Rating.HARD)
        laptop.sync(shared)
        home.clock = laptop.clock
        home.sync(shared)
        export = home.cli("progress", "export", "--profile", name, "-o", str(handed_in / "x.json"))
        assert export.exit_code == 0, export.output
        (handed_in / "x.json").rename(handed_in / f"{name}.json")
    (shared / "stray").mkdir()
    wrong = next((shared / next(iter(sorted(p.name for p in shared.iterdir())))).glob("*.qsync"))
    (shared / "stray" / wrong.name).write_bytes(wrong.read_bytes())  # in a folder not its own
    reporter = Device(tmp_path / "teacher")
    reporter.clock = home.clock + timedelta(days=1)
    from_exports = reporter.cli("report", str(handed_in), "--format", "json")
    from_folder = reporter.cli("report", str(shared), "--format", "json")
    assert from_exports.exit_code == 0 and from_folder.exit_code == 0, from_folder.output
    folder_data, export_data = json.loads(from_folder.stdout), json.loads(from_exports.stdout)
    assert len(folder_data.pop("files")) == len(export_data.pop("files")) == 3
    for key in export_data:
        assert json.dumps(folder_data[key], indent=1) == json.dumps(export_data[key], indent=1)
    assert "stray" in from_folder.stderr and "another student" in from_folder.stderr
    assert len(json.loads(from_folder.stdout)["students"]) == 3
