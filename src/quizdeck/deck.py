"""Reading and validating TOML deck files.

``check_deck_file`` reads one file and returns every problem it finds, each with
the file, line and column it concerns; ``load_decks`` finds and loads decks for
the commands, raising ``DeckError`` on the first problem.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizdeck.cards import Card, Kind, parse_paragraphs
from quizdeck.display import did_you_mean
from quizdeck.kinds import KINDS, Answer, spec
from quizdeck.kinds.base import COMMON_KEYS, describe
from quizdeck.kinds.values import ISO_DATE as ISO_DATE
from quizdeck.kinds.values import NUMBER as NUMBER
from quizdeck.paths import user_decks_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DECK_KEYS = ("id", "title", "description", "source", "tags")
CARD_KEYS = (
    "id", "fact", "kind", "prompt", "answer", "accept", "choices", "distractors",
    "any_order", "correction", "explanation", "source", "tags",
)  # fmt: skip
TOP_KEYS = ("deck", "card")
CARD_HEADER = re.compile(r"\[\[\s*card\s*\]\]")
DECK_HEADER = re.compile(r"\[\s*deck\s*\]")
#: The start of a ``key = value`` line: a bare key or a quoted one.
KEY_LINE = re.compile(r"""^(?P<indent>\s*)(?P<key>"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")
#: At most this many problems are listed per file; the rest are counted.
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a deck file, at a place in it."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        if self.col:
            where += f":{self.col}"
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        return f"{where}: {message}"


class DeckError(Exception):
    """A deck could not be used; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            self.problems: tuple[Problem, ...] = ()
            message = problems
        else:
            self.problems = tuple(problems)
            message = str(self.problems[0]) if self.problems else "invalid deck"
            if len(self.problems) > 1:
                message += f" (and {len(self.problems) - 1} more problem(s); run 'quiz validate')"
        super().__init__(message)


class DeckNotFound(DeckError):
    """A deck named on the command line is neither a file nor a known deck id."""


@dataclass(frozen=True)
class Deck:
    """A loaded deck: its metadata and its cards."""

    id: str
    title: str
    path: Path
    cards: tuple[Card, ...]
    description: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()
    origin: str = "path"  # "bundled", "user" or "path"

    def card(self, card_id: str) -> Card | None:
        """The card with this id, if the deck has it."""
        return next((card for card in self.cards if card.id == card_id), None)


@dataclass
class _Locator:
    """Finds the line and column of tables and keys in a deck file's text."""

    lines: list[str]
    deck_line: int = 0
    card_lines: list[int] = field(default_factory=list)
    _keys: dict[int, dict[str, tuple[int, int]]] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> _Locator:
        locator = cls(text.splitlines())
        for number, line in enumerate(locator.lines, start=1):
            stripped = line.lstrip()
            if not stripped.startswith("["):
                continue
            if CARD_HEADER.match(stripped):
                locator.card_lines.append(number)
            elif DECK_HEADER.match(stripped):
                locator.deck_line = number
        return locator

    def card_line(self, index: int) -> int:
        return self.card_lines[index] if index < len(self.card_lines) else 1

    def _span(self, start: int) -> range:
        """The lines of the table whose header is on line ``start``."""
        end = len(self.lines)
        for number in range(start + 1, len(self.lines) + 1):
            if self.lines[number - 1].lstrip().startswith("["):
                end = number - 1
                break
        return range(start, end + 1)

    def key(self, table_line: int, key: str) -> tuple[int, int]:
        """Line and column of ``key = ...`` in the table starting at ``table_line``.

        Each table's keys are found in one pass, the first time one is asked for, so
        a table with thousands of bad keys is still checked in linear time.
        """
        if table_line <= 0:
            return (1, 0)
        if table_line not in self._keys:
            self._keys[table_line] = self._keys_in(table_line)
        return self._keys[table_line].get(key, (table_line, 0))

    def _keys_in(self, table_line: int) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for number in self._span(table_line):
            match = KEY_LINE.match(self.lines[number - 1])
            if match:
                key = _key_text(match.group("key"))
                found.setdefault(key, (number, len(match.group("indent")) + 1))
        return found


def _key_text(raw: str) -> str:
    """The key a ``KEY_LINE`` match names, its quotes and escapes undone."""
    if raw[0] == "'":
        return raw[1:-1]
    if raw[0] == '"':
        try:
            return str(tomllib.loads(f"{raw} = 0").popitem()[0])
        except tomllib.TOMLDecodeError:
            return raw[1:-1]
    return raw


def _toml_position(error: tomllib.TOMLDecodeError) -> tuple[int, int, str]:
    """Line, column and message of a TOML syntax error."""
    message = str(error)
    line = getattr(error, "lineno", None)
    col = getattr(error, "colno", None)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if match:
        line, col = line or int(match.group(1)), col or int(match.group(2))
        message = message[: match.start()] + message[match.end() :]
    elif "end of document" in message and line is None:
        line, col = 0, 0
    return (line or 1, col or 0, message.strip())


def _is_string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


class _CardReader:
    """Checks one ``[[card]]`` table and builds the Card when it is valid."""

    def __init__(self, deck: _DeckReader, table: object, index: int) -> None:
        self.deck = deck
        self.raw = table
        self.table: dict[str, Any] = table if isinstance(table, dict) else {}
        self.line = deck.locator.card_line(index)
        self.ok = True

    def problem(self, message: str, key: str | None = None) -> None:
        self.ok = False
        line, col = self.deck.locator.key(self.line, key) if key else (self.line, 0)
        self.deck.problem(message, line, col)

    def string(self, key: str, *, required: bool = False) -> str:
        value = self.table.get(key)
        if value is None:
            if required:
                self.problem(f"card is missing '{key}'")
            return ""
        if not isinstance(value, str):
            self.problem(f"'{key}' must be a string, not {describe(value)}", key)
            return ""
        if required and not value.strip():
            self.problem(f"'{key}' is empty", key)
        return value

    def string_list(self, key: str) -> tuple[str, ...]:
        value = self.table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not _is_string_list(value):
            self.problem(f"'{key}' must be a list of strings, not {describe(value)}", key)
            return ()
        return tuple(value)

    def read(self) -> Card | None:
        if not isinstance(self.raw, dict):
            self.problem(f"a card must be a table, not {describe(self.raw)}")
            return None
        for key in self.table:
            if key not in CARD_KEYS:
                self.problem(f"unknown key '{key}' in card{did_you_mean(key, CARD_KEYS)}", key)
        card_id = self.string("id", required=True)
        if card_id and not SLUG.match(card_id):
            self.problem(f"card id '{card_id}' must be lowercase letters, digits and hyphens", "id")
        fact = self.string("fact")
        if fact and not SLUG.match(fact):
            self.problem(f"fact '{fact}' must be lowercase letters, digits and hyphens", "fact")
        kind = self.kind()
        prompt = self.string("prompt", required=True)
        answer = self.answer(kind, prompt)
        explanation = self.string("explanation")
        correction = self.string("correction")
        tags = self.string_list("tags")
        source = self.table.get("source", "")
        if not isinstance(source, (str, int, list)) or isinstance(source, bool):
            self.problem(f"'source' must be a string, a number or a list, not {describe(source)}")
            source = ""
        if not self.ok or kind is None:
            return None
        if correction:
            explanation = explanation or correction
        return Card(
            deck_id=self.deck.deck_id,
            id=card_id,
            fact=fact,
            kind=kind,
            prompt=prompt,
            answers=answer.answers,
            choices=answer.choices,
            explanation=explanation,
            source=_source_text(source),
            paragraphs=parse_paragraphs(source),
            tags=tuple(dict.fromkeys((*self.deck.tags, *tags))),
            blanks=answer.blanks,
            pairs=answer.pairs,
            auto_distractors=answer.auto_distractors,
            any_order=answer.any_order,
            correction=correction,
            path=self.deck.path,
            line=self.line,
        )

    def kind(self) -> Kind | None:
        raw = self.string("kind", required=True)
        if not raw:
            return None
        try:
            return Kind(raw)
        except ValueError:
            kinds = [k.value for k in Kind]
            self.problem(
                f"unknown kind '{raw}'{did_you_mean(raw, kinds)}; kinds are {', '.join(kinds)}",
                "kind",
            )
            return None

    def answer(self, kind: Kind | None, prompt: str) -> Answer:
        """The kind-dependent part of the card, read by its kind; keys of other kinds refused."""
        if kind is None:
            return Answer()
        card_kind = spec(kind)
        for key in self.table:
            if key in CARD_KEYS and key not in COMMON_KEYS and key not in card_kind.keys:
                owners = [k.value for k, other in KINDS.items() if key in other.keys]
                listed = ", ".join(owners[:-1]) + " and " if len(owners) > 1 else ""
                self.problem(f"'{key}' is only for {listed}{owners[-1]} cards", key)
        return card_kind.read(self, prompt)


def _source_text(source: object) -> str:
    if isinstance(source, list):
        return ", ".join(str(item) for item in source)
    return str(source)


class _DeckReader:
    """Checks a whole deck file and collects every problem."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display
        self.problems: list[Problem] = []
        self.locator = _Locator([])
        self.deck_id = ""
        self.tags: tuple[str, ...] = ()

    def problem(self, message: str, line: int = 1, col: int = 0) -> None:
        self.problems.append(Problem(self.display, line, col, message))

    def read_text(self) -> str | None:
        from quizdeck.files import DECK_LIMIT, describe_read_error, read_limited

        try:
            raw = read_limited(self.path, DECK_LIMIT)
        except FileNotFoundError:
            self.problem("no such file")
        except IsADirectoryError:
            self.problem("is a directory, not a deck file")
        except OSError as error:
            self.problem(f"cannot read: {describe_read_error(error)}")
        else:
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError as error:
                line = raw[: error.start].count(b"\n") + 1
                self.problem(f"not UTF-8 text (byte {error.start})", line)
        return None

    def read(self) -> Deck | None:
        text = self.read_text()
        if text is None:
            return None
        self.locator = _Locator.of(text)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            line, col, message = _toml_position(error)
            self.problem(f"TOML syntax error: {message}", line, col)
            return None
        except (RecursionError, ValueError) as error:
            self.problem(f"TOML syntax error: {error}")
            return None
        return self.read_data(data)

    def read_data(self, data: dict[str, Any]) -> Deck | None:
        for key in data:
            if key not in TOP_KEYS:
                self.problem(f"unknown table or key '{key}'{did_you_mean(key, TOP_KEYS)}")
        meta = data.get("deck")
        if not isinstance(meta, dict):
            self.problem("missing [deck] table" if meta is None else "'deck' must be a table")
            meta = {}
        deck_line = self.locator.deck_line
        for key in meta:
            if key not in DECK_KEYS:
                line, col = self.locator.key(deck_line, key)
                self.problem(
                    f"unknown key '{key}' in [deck]{did_you_mean(key, DECK_KEYS)}", line, col
                )
        values: dict[str, str] = {}
        for key in ("id", "title", "description", "source"):
            value = meta.get(key, "")
            line, col = self.locator.key(deck_line, key)
            if not isinstance(value, str):
                self.problem(f"deck '{key}' must be a string, not {describe(value)}", line, col)
                value = ""
            elif key in ("id", "title") and not value.strip() and meta:
                missing = key not in meta
                message = f"[deck] is missing '{key}'" if missing else f"deck '{key}' is empty"
                self.problem(message, deck_line if missing else line, 0 if missing else col)
            values[key] = value
        if values["id"] and not SLUG.match(values["id"]):
            line, col = self.locator.key(deck_line, "id")
            self.problem(
                f"deck id '{values['id']}' must be lowercase letters, digits and hyphens", line, col
            )
        tags = meta.get("tags", [])
        if not _is_string_list(tags):
            line, col = self.locator.key(deck_line, "tags")
            self.problem("deck 'tags' must be a list of strings", line, col)
            tags = []
        self.deck_id, self.tags = values["id"], tuple(tags)
        cards = self.read_cards(data.get("card", []))
        if self.problems:
            return None
        return Deck(
            id=values["id"],
            title=values["title"],
            path=self.path,
            cards=tuple(cards),
            description=values["description"],
            source=values["source"],
            tags=self.tags,
        )

    def read_cards(self, tables: object) -> list[Card]:
        if not isinstance(tables, list):
            self.problem("'card' must be written as [[card]] tables")
            return []
        if not tables:
            self.problem("the deck has no cards", self.locator.deck_line or 1)
        cards: list[Card] = []
        first_line: dict[str, int] = {}
        for index, table in enumerate(tables):
            reader = _CardReader(self, table, index)
            card = reader.read()
            card_id = table.get("id") if isinstance(table, dict) else None
            if isinstance(card_id, str) and card_id:
                if card_id in first_line:
                    line, col = self.locator.key(reader.line, "id")
                    self.problem(
                        f"duplicate card id '{card_id}' (first used on line {first_line[card_id]})",
                        line,
                        col,
                    )
                else:
                    first_line[card_id] = reader.line
            if card is not None:
                cards.append(card)
        return cards


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def check_deck_file(path: Path) -> tuple[Deck | None, list[Problem]]:
    """Read one deck file; return the deck (None if invalid) and every problem found."""
    reader = _DeckReader(path, display_path(path))
    deck = reader.read()
    problems = sorted(reader.problems, key=lambda problem: (problem.line, problem.col))
    if len(problems) > MAX_PROBLEMS:
        rest = problems[MAX_PROBLEMS]
        more = (
            f"… and {len(problems) - MAX_PROBLEMS} more problem(s) from here on (fix these first)"
        )
        problems = [*problems[:MAX_PROBLEMS], Problem(rest.path, rest.line, rest.col, more)]
    return deck, problems


def check_deck_files(paths: Sequence[Path]) -> tuple[list[Deck], list[Problem]]:
    """Read several deck files; also reports deck ids used by more than one file."""
    decks: list[Deck] = []
    problems: list[Problem] = []
    seen: dict[str, Deck] = {}
    for path in paths:
        deck, found = check_deck_file(path)
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
        locator = _Locator.of(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return 1
    return locator.key(locator.deck_line, "id")[0]


def bundled_decks_dir() -> Path:
    """The decks that ship with quiz (inside the installed package, or the source checkout)."""
    packaged = Path(__file__).resolve().parent / "decks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "decks"


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
    files = default_deck_files()
    decks, problems = check_deck_files([path for path, _ in files])
    if problems:
        if warn is None:
            raise DeckError(problems)
        for shown, count in Counter(problem.path for problem in problems).items():
            warn(
                f"warning: {shown} left out: {count} problem(s) (quiz validate {shown} lists them)"
            )
    origins = dict(files)
    return [_with_origin(deck, origins.get(deck.path, "path")) for deck in decks]


def _decks_by_id(ids: Sequence[str], warn: Warn | None = None) -> list[Deck]:
    """The decks found with these ids or file stems (``attack`` for ``attack.toml``).

    A broken deck elsewhere does not get in the way of a deck that is named.
    """
    files = default_deck_files()
    known, problems = check_deck_files([path for path, _ in files])
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
    decks, problems = check_deck_files([path for path, _ in files])
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
