"""Shared fixtures: every test gets its own empty data directory. And shared helpers."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TypedDict

import pytest
from hypothesis import settings

from quizdeck.model import Blank, DeckStudy

# CI (and any shared, loaded machine) must not flake: no per-example deadline, and the
# same examples on every run. Locally the examples still vary from run to run.
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO.parent / "shared" / "source" / "article.txt"


@pytest.fixture(autouse=True)
def quiz_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point QUIZ_HOME at a fresh folder so no test touches a real user's progress."""
    home = tmp_path_factory.mktemp("quiz-home")
    monkeypatch.setenv("QUIZ_HOME", str(home))
    monkeypatch.delenv("QUIZ_PROFILE", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` unwritable for this process, root included.

    Other users get its permission bits taken away; root, which ignores those, gets a
    read-only bind mount. Skips the test where neither is possible.
    """
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    script = f"mount --bind '{folder}' '{folder}' && mount -o remount,ro,bind '{folder}'"
    if subprocess.run(script, shell=True, capture_output=True, check=False).returncode != 0:
        subprocess.run(["umount", str(folder)], capture_output=True, check=False)
        pytest.skip("cannot make a read-only bind mount here")
    try:
        yield
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True, check=False)


class CardFields(TypedDict, total=False):
    """The optional fields of a ``Card``: what tests' card helpers take as ``**extra``
    (typed with ``Unpack[CardFields]``, so a misspelled or mistyped field is a type error)."""

    choices: tuple[str, ...]
    explanation: str
    source: str
    paragraphs: tuple[int, ...]
    tags: tuple[str, ...]
    blanks: tuple[Blank, ...]
    pairs: tuple[tuple[str, str], ...]
    auto_distractors: bool
    any_order: bool
    correction: str
    fact: str
    image: str
    path: Path | None
    line: int
    glossary: tuple[tuple[str, ...], ...]
    study: DeckStudy
