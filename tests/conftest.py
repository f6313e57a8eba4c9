"""Shared fixtures: every test gets its own empty data directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

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
