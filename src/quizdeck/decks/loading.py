"""Finding and loading decks: bundled, in the user's folder, or named on the command line.

``check_deck_file`` reads one file and returns every problem it finds, each with
the file, line and column it concerns (see :mod:`quizdeck.decks.reader`);
``load_decks`` finds and loads decks for the commands, raising ``DeckError`` on
the first problem.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quizdeck.decks.format import (
    Deck,
    DeckError,
    DeckNotFound,
    Problem,
    collection_paused,
    display_path,
)
from quizdeck.display import did_you_mean
from quizdeck.model import Card
from quizdeck.paths import user_decks_dir

if TYPE_CHECKING:
    from quizdeck.decks.reader import CardSink


def check_deck_files(
    paths: Sequence[Path], *, cached: bool = False
) -> tuple[list[Deck], list[Problem]]:
    """Read several deck files; also reports deck ids used by more than one file.

    With ``cached``, an unchanged deck comes from the deck cache (see ``deck_cache``)
    instead of its TOML; validation and lint read every file.
    """
    if not cached:
        return _checked(paths, _read)
    from quizdeck.decks.cache import open_cache

    with open_cache() as cache, collection_paused():

        def read(path: Path) -> tuple[Deck | None, list[Problem]]:
            deck = cache.get(path)
            if deck is not None:
                return deck, []
            return cache.read(path, _read)  # its cards go to the cache as they are read

        return _checked(paths, read)


def _read(path: Path, sink: CardSink | None = None) -> tuple[Deck | None, list[Problem]]:
    """Read one deck file's TOML (the reader is loaded only when the cache cannot answer)."""
    from quizdeck.decks.reader import check_deck_file

    return check_deck_file(path, sink)


def _checked(
    paths: Sequence[Path], read: Callable[[Path], tuple[Deck | None, list[Problem]]]
) -> tuple[list[Deck], list[Problem]]:
    decks: list[Deck] = []
    problems: list[Problem] = []
    seen: dict[str, Deck] = {}
    for path in paths:
        deck, found = read(path)
        problems.extend(found)
        if deck is None:
            continue
        if deck.id in seen:
            first = display_path(seen[deck.id].path)
            problems.append(
                Problem(display_path(path), _deck_id_line(path), 0,
                        f"duplicate deck id '{deck.id}' (also used by {first})")
            )  # fmt: skip
            continue
        seen[deck.id] = deck
        decks.append(deck)
    return decks, problems


def _deck_id_line(path: Path) -> int:
    try:
        from quizdeck.decks.locate import Locator

        locator = Locator.of(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return 1
    return locator.key(locator.deck_line, "id")[0]


def bundled_decks_dir() -> Path:
    """The decks that ship with quiz (inside the installed package, or the source checkout)."""
    packaged = Path(__file__).resolve().parent / "bundled"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "decks"


def _deck_files_in(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.toml") if path.is_file())


def default_deck_files() -> list[tuple[Path, str]]:
    """Every deck file found without being named: bundled, then the user's."""
    found = [(path, "bundled") for path in _deck_files_in(bundled_decks_dir())]
    user = user_decks_dir()
    if user.is_dir():
        found += [(path, "user") for path in _deck_files_in(user)]
    return found


def deck_files(refs: Sequence[str] = ()) -> list[Path]:
    """The files named by paths in ``refs`` (folders are searched), or the default decks."""
    if not refs:
        return [path for path, _ in default_deck_files()]
    files: list[Path] = []
    for ref in refs:
        path = Path(ref)
        files.extend(_deck_files_in(path) if path.is_dir() else [path])
    return files


Warn = Callable[[str], None]


def load_decks(refs: Sequence[str] = (), warn: Warn | None = None) -> list[Deck]:
    """Decks named by ``refs`` (deck ids, file stems, files or folders), or every deck found.

    Raises ``DeckNotFound`` for a name that is neither a path nor a known deck, and
    ``DeckError`` for a deck that is not valid. With ``warn``, a broken deck that was
    found rather than named (in the user's deck folder) is left out instead, and
    ``warn`` gets one line about it, so one bad file does not stop every command.
    """
    paths = [ref for ref in refs if Path(ref).exists() or ref.endswith(".toml")]
    ids = [ref for ref in refs if ref not in paths]
    decks: list[Deck] = []
    if paths:
        decks += _load_files([(Path(path), "path") for path in deck_files(paths)])
    if not refs:
        return _load_found(warn)
    if ids:
        decks += _decks_by_id(ids, warn)
    unique = {deck.id: deck for deck in decks}
    return list(unique.values())


def _load_found(warn: Warn | None) -> list[Deck]:
    """Every deck found; broken ones raise, or are left out with a warning."""
    return found_decks(warn)[0]


def found_decks(warn: Warn | None) -> tuple[list[Deck], list[str]]:
    """Every deck found, and the files (as shown) left out because they failed to load.

    Without ``warn`` a broken deck raises ``DeckError``; with it, each gets one line.
    """
    files = default_deck_files()
    decks, problems = check_deck_files([path for path, _ in files], cached=True)
    failed = list(Counter(problem.path for problem in problems).items())
    if failed and warn is None:
        raise DeckError(problems)
    for shown, count in failed:
        if warn is not None:
            warn(
                f"warning: {shown} left out: {count} problem(s) (quiz validate {shown} lists them)"
            )
    origins = dict(files)
    found = [_with_origin(deck, origins.get(deck.path, "path")) for deck in decks]
    return found, [shown for shown, _ in failed]


def _decks_by_id(ids: Sequence[str], warn: Warn | None = None) -> list[Deck]:
    """The decks found with these ids or file stems (``attack`` for ``attack.toml``).

    A broken deck elsewhere does not get in the way of a deck that is named.
    """
    files = default_deck_files()
    known, problems = check_deck_files([path for path, _ in files], cached=True)
    origins = dict(files)
    by_id = {deck.id: _with_origin(deck, origins.get(deck.path, "path")) for deck in known}
    by_stem = {deck.path.stem: deck for deck in by_id.values() if deck.path is not None}
    found = []
    for deck_id in ids:
        deck = by_id.get(deck_id) or by_stem.get(deck_id)
        if deck is not None:
            found.append(deck)
        elif problems and warn is None:
            raise DeckError(problems)
        else:
            names = ", ".join(sorted(by_id)) or "none"
            hint = did_you_mean(deck_id, [*by_id, *by_stem])
            raise DeckNotFound(f"no deck '{deck_id}'{hint} (decks found: {names})")
    return found


def _load_files(files: Sequence[tuple[Path, str]]) -> list[Deck]:
    decks, problems = check_deck_files([path for path, _ in files], cached=True)
    if problems:
        raise DeckError(problems)
    origins = {path: origin for path, origin in files}
    return [_with_origin(deck, origins.get(deck.path, "path")) for deck in decks]


def _with_origin(deck: Deck, origin: str) -> Deck:
    from dataclasses import replace

    return replace(deck, origin=origin)


def find_card(decks: Sequence[Deck], deck_id: str, card_id: str) -> Card:
    """The card ``card_id`` of deck ``deck_id``; DeckNotFound if either is unknown."""
    for deck in decks:
        if deck.id == deck_id:
            card = deck.card(card_id)
            if card is None:
                raise DeckNotFound(f"deck '{deck_id}' has no card '{card_id}'")
            return card
    raise DeckNotFound(f"no deck '{deck_id}'")
