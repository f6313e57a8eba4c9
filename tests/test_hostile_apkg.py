"""Hostile Anki packages: each is one line, never a hang, a full disk or a traceback.

Adversarial review F3 (a 598-byte package whose ``notes`` is an endless view; a 621-byte one
whose sorted rows filled the disk through SQLite's temp file) and F10 (damaged zip members).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.interchange import apkg_import

QUIZ = str(Path(sys.executable).parent / "quiz")
MODELS = json.dumps({"1": {"name": "Basic", "type": 0, "flds": [{"name": "Front"}]}})
NOTES_TABLE = "CREATE TABLE notes (id INTEGER PRIMARY KEY, mid INTEGER, flds TEXT, tags TEXT)"
ENDLESS_VIEW = (
    "CREATE VIEW notes AS WITH RECURSIVE r(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM r) "
    "SELECT id, 1 AS mid, 'q' || id || char(31) || 'a' AS flds, '' AS tags FROM r"
)
HUGE_ROWS_VIEW = (
    "CREATE VIEW notes AS WITH RECURSIVE r(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM r) "
    "SELECT id, 1 AS mid, hex(zeroblob(50000000)) AS flds, '' AS tags FROM r"
)


def collection(folder: Path, *schema: str, notes: tuple[str, ...] = ("q\x1fa",)) -> Path:
    """An Anki collection with ``schema`` statements (``NOTES_TABLE`` when none)."""
    path = folder / "collection.anki2"
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE col (models TEXT)")
        db.execute("INSERT INTO col VALUES (?)", (MODELS,))
        for statement in schema or (NOTES_TABLE,):
            db.execute(statement)
        if not schema:
            for number, fields in enumerate(notes, start=1):
                db.execute("INSERT INTO notes VALUES (?, 1, ?, '')", (number, fields))
    db.close()
    return path


def package(folder: Path, *schema: str, name: str = "hostile.apkg") -> Path:
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(collection(folder, *schema), "collection.anki2")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def run_quiz(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """quiz in its own process, so a hang ends the test instead of the test run."""
    return subprocess.run(
        [QUIZ, *args], capture_output=True, text=True, timeout=120, cwd=folder, check=False
    )


@pytest.mark.parametrize(
    ("schema", "what"),
    [
        ((ENDLESS_VIEW,), "view"),
        ((HUGE_ROWS_VIEW,), "view"),
        ((NOTES_TABLE, "CREATE TRIGGER t AFTER INSERT ON notes BEGIN SELECT 1; END"), "trigger"),
        (("CREATE VIRTUAL TABLE notes USING fts4(id, mid, flds, tags)",), "virtual table"),
    ],
)
def test_a_collection_with_views_triggers_or_virtual_tables_is_refused(
    tmp_path: Path, schema: tuple[str, ...], what: str
) -> None:
    path = package(tmp_path, *schema)
    result = run_quiz(tmp_path, "import", str(path), "--deck", "x.toml")
    assert result.returncode == 1, result.stderr
    assert f"holds a {what}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.toml").exists()


def test_reading_a_collection_has_a_step_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notes = tuple(f"question {n}\x1fanswer" for n in range(2000))
    path = tmp_path / "many.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(collection(tmp_path, notes=notes), "collection.anki2")
    assert run("import", str(path), "--deck", str(tmp_path / "ok.toml")).exit_code == 0
    monkeypatch.setattr(apkg_import, "STEP_LIMIT", 1000)
    result = run("import", str(path), "--deck", str(tmp_path / "no.toml"))
    assert result.exit_code == 1
    assert "too much work to read" in result.output
    assert result.output.count("\n") == 1


def test_a_collection_keeps_its_temporary_tables_in_memory(tmp_path: Path) -> None:
    path = package(tmp_path)
    with apkg_import.package_collection(path, "x.apkg") as (db, _media):
        assert db.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY


def damaged(tmp_path: Path, how: str) -> Path:
    """A package whose collection member is damaged in the way ``how`` names."""
    good = package(tmp_path, name="good.apkg")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("collection.anki2")
    local = info.header_offset
    start = local + 30 + len(info.filename.encode()) + len(info.extra)
    if how == "crc":
        data[start + info.compress_size // 2] ^= 0xFF
    elif how == "deflate":
        data[start : start + 8] = b"\xff" * 8
    elif how == "method":
        data[local + 8] = 9  # deflate64, which zipfile cannot read
        central = data.rindex(b"PK\x01\x02")
        data[central + 10] = 9
    elif how == "encrypted":
        data[local + 6] |= 1
        central = data.rindex(b"PK\x01\x02")
        data[central + 8] |= 1
    path = tmp_path / f"{how}.apkg"
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("how", ["crc", "deflate", "method", "encrypted"])
def test_a_damaged_zip_member_is_one_line(tmp_path: Path, how: str) -> None:
    result = run("import", str(damaged(tmp_path, how)), "--deck", str(tmp_path / "x.toml"))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert f"{how}.apkg: not an Anki package" in result.output
    assert result.output.count("\n") == 1


def test_a_huge_note_is_a_row_error_and_a_huge_cloze_is_read_in_linear_time(
    tmp_path: Path,
) -> None:
    notes = ("{{c1::" * 40_000 + "\x1fa", "x" * 300_000 + "\x1fa", "Capital of Peru?\x1fLima")
    path = tmp_path / "big.apkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(collection(tmp_path, notes=notes), "collection.anki2")
    result = run("import", str(path), "--deck", str(tmp_path / "big.toml"))
    assert "big.apkg:2: the note is larger than quiz imports" in result.output
    assert "Traceback" not in result.output
