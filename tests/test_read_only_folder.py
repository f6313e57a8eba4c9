"""A data folder that cannot be written (a read-only mount, a locked-down machine): the
commands that only read still work; studying says why it cannot start, before any question.

Root ignores permission bits, so the folder is made read-only the way root cannot bypass
either: a read-only bind mount (skipped where mounting is not allowed)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

QUIZ = str(Path(sys.executable).parent / "quiz")


def quiz(home: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [QUIZ, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        env={"QUIZ_HOME": str(home), "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture
def read_only_home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "home"
    home.mkdir()
    answered = subprocess.run(
        [QUIZ, "start", "election", "--plain", "--new", "2"],
        input="x\nx\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"QUIZ_HOME": str(home), "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )
    assert answered.returncode == 0, answered.stderr
    mounted = subprocess.run(
        f"mount --bind {home} {home} && mount -o remount,ro,bind {home}",
        shell=True,
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        subprocess.run(["umount", str(home)], capture_output=True, check=False)
        pytest.skip("cannot make a read-only bind mount here (needs root)")
    try:
        assert subprocess.run(["touch", str(home / "x")], capture_output=True).returncode != 0
        yield home
    finally:
        subprocess.run(["umount", str(home)], check=False)


@pytest.mark.parametrize(
    "args",
    [["history"], ["stats"], ["due"], ["progress", "export"], ["orphans"], ["config", "get"]],
)
def test_reading_commands_work_on_a_read_only_folder(read_only_home: Path, args: list[str]) -> None:
    result = quiz(read_only_home, *args)
    assert result.returncode == 0, result.stderr
    if args == ["history"]:
        assert result.stdout.count("election/") == 2


def test_studying_on_a_read_only_folder_stops_before_the_first_question(
    read_only_home: Path,
) -> None:
    result = quiz(read_only_home, "start", "--plain")
    assert result.returncode == 1
    assert "writable" in result.stderr and "Traceback" not in result.stderr
    assert "Question" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["add", "demo.toml", "--kind", "text", "--prompt", "Capital?", "--answer", "Lima"],
        ["import", "{csv}", "--deck", "demo.toml"],
        ["import", "{csv}", "--deck", "new.toml"],
        ["export", "-o", "cards.json"],
        ["new", "other"],
    ],
)
def test_teacher_commands_on_a_read_only_folder_say_so(tmp_path: Path, args: list[str]) -> None:
    from conftest import read_only

    folder, home = tmp_path / "decks", tmp_path / "home"
    folder.mkdir()
    assert quiz(home, "new", "demo", "-o", "demo.toml", cwd=folder).returncode == 0
    before = (folder / "demo.toml").read_text(encoding="utf-8")
    csv = tmp_path / "cards.csv"
    csv.write_text("prompt,answer\nQ1,A1\n", encoding="utf-8")
    with read_only(folder):
        result = quiz(home, *[part.replace("{csv}", str(csv)) for part in args], cwd=folder)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "read-only" in result.stderr.lower() or "cannot write" in result.stderr
    assert (folder / "demo.toml").read_text(encoding="utf-8") == before
    assert sorted(path.name for path in folder.iterdir()) == ["demo.toml"]
