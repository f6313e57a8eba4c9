"""End to end: build the wheel, install it in a fresh venv, study the bundled decks.

This is what a student gets from ``pip install``: nothing of the source checkout
is on the path, the decks must come from inside the package, and the
dependencies come from the package index.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # deselect with: pytest -m 'not slow'

REPO = Path(__file__).resolve().parents[1]
Completed = subprocess.CompletedProcess[str]


def run(
    command: list[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
) -> Completed:
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
        env=env,
        input=input,
    )
    assert result.returncode == 0, (
        f"{' '.join(command)} exited {result.returncode}:\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    return result


def test_wheel_installs_and_runs_a_plain_session(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        timeout=300,
    )
    (wheel,) = dist.glob("quizdeck-*.whl")

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = str(bin_dir / "python")
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "QUIZ_PROFILE")
    }
    run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
        timeout=600,
        env=clean_env,
    )

    empty = tmp_path / "empty"
    empty.mkdir()
    home = tmp_path / "home"
    env = {**clean_env, "QUIZ_HOME": str(home), "NO_COLOR": "1"}
    quiz = str(bin_dir / "quiz")

    # The installed package is the one that runs, not the checkout.
    where = run(
        [python, "-c", "import quizdeck, sys; print(quizdeck.__file__)"],
        timeout=60,
        cwd=empty,
        env=env,
    )
    assert str(env_dir) in where.stdout and str(REPO / "src") not in where.stdout

    session = run(
        [quiz, "start", "--plain", "--new", "3"],
        input="\n\n\n",
        timeout=120,
        cwd=empty,
        env=env,
    )
    out = session.stdout
    assert "Question 1 of 3" in out
    assert "Answer:" in out
    assert "Done: " in out
    assert "Traceback" not in session.stdout + session.stderr

    logged = json.loads(run([quiz, "history", "--json"], timeout=60, cwd=empty, env=env).stdout)
    assert len(logged) == 3
    assert {row["mode"] for row in logged} == {"start"}

    decks = run([quiz, "validate"], timeout=60, cwd=empty, env=env).stdout
    assert "all valid" in decks
    assert list(empty.iterdir()) == []  # nothing written to the working directory
