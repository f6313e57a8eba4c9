"""Where quiz keeps its files: one function decides the data directory."""

from __future__ import annotations

import os
import re
from pathlib import Path

DEFAULT_PROFILE = "default"
PROFILE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def data_dir() -> Path:
    """The user's data directory: ``$QUIZ_HOME`` if set, else the platform's user data dir."""
    override = os.environ.get("QUIZ_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("quiz", appauthor=False))


def user_decks_dir() -> Path:
    """Decks the user added by hand: ``<data dir>/decks``."""
    return data_dir() / "decks"


def valid_profile(name: str) -> bool:
    """Whether ``name`` can be used as a profile name (it becomes a file name)."""
    return bool(PROFILE_PATTERN.fullmatch(name))


def profile_db(profile: str = DEFAULT_PROFILE) -> Path:
    """The SQLite file holding one profile's progress."""
    return data_dir() / "profiles" / f"{profile}.sqlite3"
