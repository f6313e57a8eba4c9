"""Checking a deck file's TOML and building its cards: every problem with its line and column.

Each card's kind reads its own answer keys (:mod:`quizdeck.kinds`); keys that
belong to other kinds are refused here.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib
from typing import Any, Protocol

from quizdeck.decks.chunks import ChunkRefused, Chunks, card_chunks
from quizdeck.decks.chunks import fast_toml as fast_toml  # tests read decks without it
from quizdeck.decks.format import (
    CARD_KEYS,
    DECK_KEYS,
    MAX_PROBLEMS,
    SLUG,
    TOP_KEYS,
    Deck,
    Problem,
    collection_paused,
    display_path,
)
from quizdeck.decks.glossary import read_glossary
from quizdeck.decks.images import MAX_FILE_NAME, file_name_ok, name_problem
from quizdeck.decks.locate import Locator, toml_position
from quizdeck.decks.study import read_study
from quizdeck.display import did_you_mean
from quizdeck.kinds import KINDS, spec
from quizdeck.kinds.base import COMMON_KEYS, Answer, describe
from quizdeck.model import (
    MAX_PARAGRAPHS,
    NO_STUDY,
    Card,
    DeckStudy,
    Glossary,
    Kind,
    SourceError,
    parse_paragraphs,
)

#: The keys a card may have, as a set: looked up for every key of every card.
CARD_KEY_SET = frozenset(CARD_KEYS)
#: Each kind by its name in a deck file.
KIND_BY_NAME = {kind.value: kind for kind in Kind}
#: For each kind, the card keys that belong to other kinds only.
OTHER_KINDS_KEYS = {
    kind: CARD_KEY_SET - COMMON_KEYS - card_kind.keys for kind, card_kind in KINDS.items()
}


def _is_string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


class CardReader:
    """Checks one ``[[card]]`` table and builds the Card when it is valid."""

    def __init__(self, deck: DeckReader, table: object, index: int) -> None:
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
        if isinstance(value, str) and (not required or value.strip()):
            return value  # the usual case, first
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
        value = self.table.get(key)
        if value is None:
            return ()
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
        if not CARD_KEY_SET.issuperset(self.table):
            self._unknown_keys()
        card_id = self.string("id", required=True)
        if card_id and not SLUG.fullmatch(card_id):
            self.problem(f"card id '{card_id}' must be lowercase letters, digits and hyphens", "id")
        fact = self.string("fact")
        if fact and not SLUG.fullmatch(fact):
            self.problem(f"fact '{fact}' must be lowercase letters, digits and hyphens", "fact")
        kind = self.kind()
        prompt = self.string("prompt", required=True)
        answer = self.answer(kind, prompt)
        explanation = self.string("explanation")
        correction = self.string("correction")
        tags = self.string_list("tags")
        image = self.string("image", required="image" in self.table)
        if image.strip() and (wrong := name_problem(image)):
            self.problem(wrong, "image")
        source = self.table.get("source", "")
        paragraphs = self.paragraphs(source) if source != "" else ()
        if not self.ok or kind is None:
            return None
        if correction:
            explanation = explanation or correction
        return Card(
            deck_id=self.deck.deck_id, id=card_id, fact=fact, image=image, kind=kind,
            prompt=prompt, answers=answer.answers, choices=answer.choices, explanation=explanation,
            source=source if isinstance(source, str) else _source_text(source),
            paragraphs=paragraphs,
            # one tuple shared by the cards that add no tag of their own
            tags=tuple(dict.fromkeys((*self.deck.tags, *tags))) if tags else self.deck.card_tags,
            blanks=answer.blanks, pairs=answer.pairs, auto_distractors=answer.auto_distractors,
            any_order=answer.any_order, correction=correction, path=self.deck.path,
            line=self.line, glossary=self.deck.glossary, study=self.deck.study,
        )  # fmt: skip

    def paragraphs(self, source: object) -> tuple[int, ...]:
        """The paragraph numbers ``source`` names, checked."""
        if type(source) is int:  # the usual forms first: 7, [7, 8]
            return (source,)
        numbers = source if isinstance(source, list) and len(source) <= MAX_PARAGRAPHS else ()
        if numbers and all(type(item) is int for item in numbers):
            return tuple(numbers)
        if not isinstance(source, (str, int, list)) or isinstance(source, bool):
            self.problem(f"'source' must be a string, a number or a list, not {describe(source)}")
            return ()
        try:
            return parse_paragraphs(source)
        except SourceError as error:
            self.problem(str(error), "source")
            return ()

    def _unknown_keys(self) -> None:
        for key in self.table:
            if key not in CARD_KEY_SET:
                self.problem(f"unknown key '{key}' in card{did_you_mean(key, CARD_KEYS)}", key)

    def kind(self) -> Kind | None:
        raw = self.string("kind", required=True)
        if not raw:
            return None
        kind = KIND_BY_NAME.get(raw)
        if kind is None:
            kinds = list(KIND_BY_NAME)
            self.problem(
                f"unknown kind '{raw}'{did_you_mean(raw, kinds)}; kinds are {', '.join(kinds)}",
                "kind",
            )
        return kind

    def answer(self, kind: Kind | None, prompt: str) -> Answer:
        """The kind-dependent part of the card, read by its kind; keys of other kinds refused."""
        if kind is None:
            return Answer()
        card_kind = spec(kind)
        if not OTHER_KINDS_KEYS[kind].isdisjoint(self.table):
            self._keys_of_other_kinds(card_kind.keys)
        return card_kind.read(self, prompt)

    def _keys_of_other_kinds(self, own_keys: frozenset[str]) -> None:
        for key in self.table:
            if key in CARD_KEY_SET and key not in COMMON_KEYS and key not in own_keys:
                owners = [k.value for k, other in KINDS.items() if key in other.keys]
                listed = ", ".join(owners[:-1]) + " and " if len(owners) > 1 else ""
                self.problem(f"'{key}' is only for {listed}{owners[-1]} cards", key)


def _source_text(source: object) -> str:
    if isinstance(source, list):
        return ", ".join(map(str, source))
    return str(source)


class CardSink(Protocol):
    """Takes a deck's valid cards as they are read, a chunk at a time (the deck cache)."""

    def take(self, cards: Sequence[Card]) -> None:
        """Keep ``cards``, which follow the cards taken before."""

    def discard(self) -> None:
        """Forget every card taken: the file is read again from its start."""


class DeckReader:
    """Checks a whole deck file and collects every problem."""

    def __init__(self, path: Path, display: str, sink: CardSink | None = None) -> None:
        self.path = path
        self.display = display
        self.sink = sink
        self.problems: list[Problem] = []
        #: The cards read so far (when no sink takes them), and how many were read.
        self.cards: list[Card] = []
        self.count = 0
        #: Each card id's first line, across chunks.
        self.first_line: dict[str, int] = {}
        self.locator = Locator([])
        self.deck_id = ""
        self.tags: tuple[str, ...] = ()
        #: The tags of a card that adds none (the deck's, each once).
        self.card_tags: tuple[str, ...] = ()
        self.glossary: Glossary = ()
        self.study: DeckStudy = NO_STUDY

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
                return raw.decode("utf-8-sig")  # a BOM (Notepad) is no TOML
            except UnicodeDecodeError as error:
                line = raw[: error.start].count(b"\n") + 1
                self.problem(f"not UTF-8 text (byte {error.start})", line)
        return None

    def read(self) -> Deck | None:
        text = self.read_text()
        if text is None:
            return None
        self.locator = Locator.of(text)
        chunks = card_chunks(text, fast_toml)
        if chunks is not None:
            try:
                return self.read_chunks(chunks)
            except ChunkRefused:  # read the whole file instead, from the start
                self.problems, self.cards, self.count, self.first_line = [], [], 0, {}
                if self.sink is not None:
                    self.sink.discard()
        data = fast_toml(text)
        if data is not None:
            return self.read_data(data)
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            line, col, message = toml_position(error)
            self.problem(f"TOML syntax error: {message}", line, col)
            return None
        except (RecursionError, ValueError) as error:
            self.problem(f"TOML syntax error: {error}")
            return None
        return self.read_data(data)

    def read_chunks(self, chunks: Chunks) -> Deck | None:
        """The deck of a big file, its cards read a chunk at a time (see :mod:`.chunks`)."""
        values = self.read_head(chunks.head)
        for tables in chunks.card_tables():
            self.read_cards(tables)
        return self.deck(values)

    def read_data(self, data: dict[str, Any]) -> Deck | None:
        values = self.read_head(data)
        tables = data.get("card", [])
        if not isinstance(tables, list):
            self.problem("'card' must be written as [[card]] tables")
        else:
            if not tables:
                self.problem("the deck has no cards", self.locator.deck_line or 1)
            self.read_cards(tables)
        return self.deck(values)

    def deck(self, values: dict[str, str]) -> Deck | None:
        """The deck read, or None when it has problems."""
        if self.problems:
            return None
        return Deck(id=values["id"], title=values["title"], path=self.path,
                    cards=tuple(self.cards), description=values["description"],
                    source=values["source"], tags=self.tags, glossary=self.glossary,
                    study=self.study)  # fmt: skip

    def read_head(self, data: dict[str, Any]) -> dict[str, str]:
        """Check the tables other than the cards; the deck's id, title, description and
        source."""
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
        if values["id"] and not SLUG.fullmatch(values["id"]):
            line, col = self.locator.key(deck_line, "id")
            self.problem(
                f"deck id '{values['id']}' must be lowercase letters, digits and hyphens", line, col
            )
        if not file_name_ok(values["source"]):
            line, col = self.locator.key(deck_line, "source")
            self.problem(f"deck 'source' must be a file name of at most {MAX_FILE_NAME} characters "
                         "with no control characters", line, col)  # fmt: skip
        tags = meta.get("tags", [])
        if not _is_string_list(tags):
            line, col = self.locator.key(deck_line, "tags")
            self.problem("deck 'tags' must be a list of strings", line, col)
            tags = []
        self.deck_id, self.tags = values["id"], tuple(tags)
        self.card_tags = tuple(dict.fromkeys(tags))
        if "entity" in data:
            self.glossary = read_glossary(data["entity"], self.locator, self.problem)
        self.study = read_study(meta, self.locator, self.problem)
        return values

    def read_cards(self, tables: list[Any]) -> None:
        """Check ``tables``, the cards that follow those read before; the valid ones go to the
        sink (or into ``cards``), none once the deck has a problem."""
        cards: list[Card] = []
        first_line = self.first_line
        for index, table in enumerate(tables, self.count):
            reader = CardReader(self, table, index)
            card = reader.read()
            card_id = table.get("id") if isinstance(table, dict) else None
            if isinstance(card_id, str) and card_id:
                if card_id in first_line:
                    line, col = self.locator.key(reader.line, "id")
                    first = first_line[card_id]
                    self.problem(f"duplicate card id '{card_id}' (first used on line {first})",
                                 line, col)  # fmt: skip
                else:
                    first_line[card_id] = reader.line
            if card is not None:
                cards.append(card)
        self.count += len(tables)
        if self.problems:
            self.cards = []
        elif self.sink is not None:
            self.sink.take(cards)
        else:
            self.cards += cards


def check_deck_file(path: Path, sink: CardSink | None = None) -> tuple[Deck | None, list[Problem]]:
    """Read one deck file; return the deck (None if invalid) and every problem found. With
    ``sink``, the valid cards go to it as they are read, and the deck returned has none."""
    reader = DeckReader(path, display_path(path), sink)
    with collection_paused():
        deck = reader.read()
    problems = sorted(reader.problems, key=lambda problem: (problem.line, problem.col))
    if len(problems) > MAX_PROBLEMS:
        rest = problems[MAX_PROBLEMS]
        more = (
            f"… and {len(problems) - MAX_PROBLEMS} more problem(s) from here on (fix these first)"
        )
        problems = [*problems[:MAX_PROBLEMS], Problem(rest.path, rest.line, rest.col, more)]
    return deck, problems
