"""Where quiz keeps its files: one function decides the data directory.

Profile names do not depend on case (``Alice`` and ``alice`` are one profile, as they are one
file on macOS and Windows): a new profile's file is named in lower case, and an existing file
is found whatever the case of its name or of the name asked for.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

DEFAULT_PROFILE = "default"
PROFILE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
PROFILE_SUFFIX = ".sqlite3"


HOME_VARIABLE = "QUIZ_HOME"


class HomeError(ValueError):
    """``QUIZ_HOME`` names a folder quiz cannot use (an unknown user's ``~``, a name that is
    not UTF-8 text)."""


def data_dir() -> Path:
    """The user's data directory: ``$QUIZ_HOME`` if set, else the platform's user data dir.

    Raises :class:`HomeError` when ``QUIZ_HOME`` cannot be used."""
    override = os.environ.get(HOME_VARIABLE)
    if override:
        return home_folder(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("quiz", appauthor=False))


def home_folder(value: str) -> Path:
    """The folder a ``QUIZ_HOME`` value names, ``~`` expanded; :class:`HomeError` when there
    is none (SQLite takes its files' names as UTF-8, so a folder must have such a name)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise HomeError(
            f"{HOME_VARIABLE}={value!r} is not UTF-8 text; use a folder whose name is"
        ) from None
    try:
        return Path(value).expanduser()
    except RuntimeError:  # ~user of a user there is not, or no home to expand ~ to
        raise HomeError(f"{HOME_VARIABLE}={value[:80]!r}: there is no such home folder") from None


def user_decks_dir() -> Path:
    """Decks the user added by hand: ``<data dir>/decks``."""
    return data_dir() / "decks"


def valid_profile(name: str) -> bool:
    """Whether ``name`` can be used as a profile name (it becomes a file name)."""
    return bool(PROFILE_PATTERN.fullmatch(name))


def profiles_dir() -> Path:
    """The folder of the profiles' databases."""
    return data_dir() / "profiles"


def profile_names() -> list[str]:
    """The profiles there are, as their files name them, sorted; the default one always
    (it exists implicitly)."""
    try:
        files = [path for path in profiles_dir().iterdir() if path.name.endswith(PROFILE_SUFFIX)]
        names = {path.name[: -len(PROFILE_SUFFIX)] for path in files if path.is_file()}
    except OSError:  # no folder yet, or one quiz may not read: only the default profile
        names = set()
    names = {name for name in names if valid_profile(name)}
    if not any(name.casefold() == DEFAULT_PROFILE for name in names):
        names.add(DEFAULT_PROFILE)
    return sorted(names, key=lambda name: (name.casefold(), name))


def existing_profile(name: str) -> str | None:
    """The name of the profile ``name`` stands for, as its file spells it, whatever the case;
    None if there is no such profile (the default one always exists).

    Where an older quiz left two files whose names differ only in case (on a file system that
    tells them apart), the one spelled as asked is used, else the lower-case one."""
    folded = name.casefold()
    matches = [known for known in profile_names() if known.casefold() == folded]
    if not matches:
        return None
    for preferred in (name, folded):
        if preferred in matches:
            return preferred
    return matches[0]


def profile_name(name: str) -> str:
    """The name a profile is stored under: the existing profile's, or ``name`` in lower case."""
    return existing_profile(name) or name.casefold()


def profile_db(profile: str = DEFAULT_PROFILE) -> Path:
    """The SQLite file holding one profile's progress (found whatever the case of its name)."""
    return profiles_dir() / f"{profile_name(profile)}{PROFILE_SUFFIX}"
