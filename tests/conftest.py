"""Shared fixtures: every test gets its own empty data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

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
