"""The bundled decks are valid and ship inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.decks.loading import bundled_decks_dir, check_deck_files, deck_files

REPO = Path(__file__).resolve().parents[1]


def test_bundled_decks_validate() -> None:
    files = deck_files()
    assert files, "no bundled decks found"
    decks, problems = check_deck_files(files)
    assert [str(problem) for problem in problems] == []
    assert sum(len(deck.cards) for deck in decks) > 100


def test_validate_command_passes_on_bundled_decks() -> None:
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "all valid" in result.output


def test_bundled_decks_dir_is_the_repo_decks_in_a_checkout() -> None:
    assert bundled_decks_dir().resolve() == (REPO / "decks").resolve()


@pytest.mark.slow
def test_wheel_contains_the_decks(tmp_path: Path) -> None:
    """Build a wheel from the repository and look inside it."""
    out = tmp_path / "dist"
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (wheel,) = out.glob("quizdeck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    repo_decks = sorted(path.name for path in (REPO / "decks").glob("*.toml"))
    shipped = sorted(
        Path(name).name for name in names if name.startswith("quizdeck/decks/bundled/")
    )
    assert repo_decks and shipped == repo_decks
    assert "quizdeck/cli.py" in names
