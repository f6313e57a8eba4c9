"""A cached deck's cards: the row each card is stored as, and the cards read back from it
when first used (built without the frozen dataclass's per-field checks)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, overload

from quizdeck.decks.format import CardList, Deck, DeckError, IndexRow, collection_paused
from quizdeck.model import CONTENT_HASH, NO_STUDY, Blank, Card, DeckStudy, Glossary, Kind

#: JSON as the cache stores it, from encoders made once (``json.dumps`` with options makes a
#: new encoder on every call).
_DATA_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_TAGS_JSON = json.JSONEncoder(ensure_ascii=False).encode
_VALUE_OF = {kind: kind.value for kind in Kind}


def card_rows(
    key: str,
    cards: Iterable[Card],
    first: int = 0,
    tags_json: dict[tuple[str, ...], str] | None = None,
) -> Iterator[tuple[Any, ...]]:
    """The rows ``cards`` are stored as, one at a time (the cache writes them as they come),
    numbered from ``first``; the tags' JSON is made once per set of tags (kept in
    ``tags_json``), which most cards of a deck share."""
    tags_json = {} if tags_json is None else tags_json
    for position, card in enumerate(cards, first):
        content_hash = card.content_hash()
        tags = tags_json.get(card.tags)
        if tags is None:
            tags = tags_json[card.tags] = _TAGS_JSON(card.tags)
        data = [card.id, _VALUE_OF[card.kind], card.prompt, card.answers, card.choices,
                card.explanation, card.source, card.paragraphs, card.tags,
                [[_VALUE_OF[blank.kind], blank.answers] for blank in card.blanks], card.pairs,
                card.auto_distractors, card.any_order, card.correction, card.fact, card.line,
                content_hash, card.image]  # fmt: skip
        yield (key, position, card.id, card.fact, content_hash, tags, _DATA_JSON(data))


class CardWriter:
    """Writes a deck's cards under ``key`` as the reader hands them over (see
    :class:`quizdeck.decks.reader.CardSink`), inside a transaction its caller opened; a
    failure is remembered (``failed``) and the cards that follow it are not written."""

    def __init__(self, db: sqlite3.Connection, key: str) -> None:
        self.db, self.key = db, key
        self.count = 0
        self.failed = False
        self._tags_json: dict[tuple[str, ...], str] = {}

    def take(self, cards: Sequence[Card]) -> None:
        if not self.failed:
            rows = card_rows(self.key, cards, self.count, self._tags_json)
            try:
                self.db.executemany("INSERT INTO cards VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            except sqlite3.Error:
                self.failed = True
        self.count += len(cards)

    def discard(self) -> None:
        self.count = 0
        try:
            self.db.execute("DELETE FROM cards WHERE key = ?", (self.key,))
        except sqlite3.Error:
            self.failed = True


def study_row(study: DeckStudy) -> list[Any]:
    """A deck's study settings as stored: steps in seconds."""
    steps = study.learning_steps
    seconds = None if steps is None else [step.total_seconds() for step in steps]
    return [study.new_per_day, study.retention, seconds]


def _study(row: list[Any]) -> DeckStudy:
    new_per_day, retention, seconds = row
    if new_per_day is None and retention is None and seconds is None:
        return NO_STUDY
    return DeckStudy(
        None if new_per_day is None else int(new_per_day),
        None if retention is None else float(retention),
        None if seconds is None else tuple(timedelta(seconds=float(s)) for s in seconds),
    )


def deck_from_meta(text: str, cards: CachedCards) -> Deck | None:
    """The deck a row describes, with ``cards``; None for anything unexpected."""
    try:
        deck_id, title, description, source, tags, glossary, study = json.loads(text)
        cards.deck_id = str(deck_id)
        cards.glossary = tuple(tuple(map(str, names)) for names in glossary)
        cards.study = _study(study)
        return Deck(str(deck_id), str(title), cards.path, cards, str(description), str(source),
                    tuple(map(str, tags)), glossary=cards.glossary, study=cards.study)  # fmt: skip
    except (ValueError, TypeError):
        return None


class CachedCards(CardList):
    """A cached deck's cards, read from the cache file when first used.

    The rows of one key never change (the key names the file's content and the code
    that read it), so reading them later gives the cards the deck had. Should another
    process have dropped them meanwhile, the deck file is read again instead.
    """

    def __init__(
        self, cache: Path, key: str, size: int, path: Path, cards: tuple[Card, ...] | None = None
    ) -> None:
        self.cache, self.key, self.size, self.path = cache, key, size, path
        self.deck_id = ""
        self.glossary: Glossary = ()
        self.study: DeckStudy = NO_STUDY
        self._cards = cards

    def __len__(self) -> int:
        return self.size if self._cards is None else len(self._cards)

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Card]: ...
    def __getitem__(self, index: int | slice) -> Card | Sequence[Card]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Card]:
        return iter(self._all())

    @property
    def digest(self) -> str:
        return self.key

    def by_ids(self, ids: Collection[str]) -> dict[str, Card]:
        if self._cards is not None:
            wanted = set(ids)
            return {card.id: card for card in self._cards if card.id in wanted}
        rows = self._query(
            "SELECT data FROM cards WHERE key = ? AND id IN (SELECT value FROM json_each(?))",
            json.dumps(list(ids)),
        )
        try:
            if rows is None:
                raise ValueError("the cache cannot be read")
            cards = [_card(self, json.loads(data)) for (data,) in rows]
        except (ValueError, TypeError, KeyError):
            wanted = set(ids)
            cards = [card for card in self._all() if card.id in wanted]
        return {card.id: card for card in cards}

    def every_card(self) -> Sequence[Card]:
        """Every card: unless already read, a copy of this list that reads them when first
        used, and holds them only as long as its caller does (the give-away search goes
        through the decks one at a time, and may stop at their count)."""
        if self._cards is not None:
            return self._cards
        copy = CachedCards(self.cache, self.key, self.size, self.path)
        copy.deck_id, copy.glossary, copy.study = self.deck_id, self.glossary, self.study
        return copy

    def index_rows(self) -> list[IndexRow]:
        rows = self._query(
            "SELECT id, fact, content_hash, tags FROM cards WHERE key = ? ORDER BY position"
        )
        if rows is None or len(rows) != self.size:
            return [(card.id, card.fact, card.content_hash(), json.dumps(card.tags))
                    for card in self._all()]  # fmt: skip
        return rows

    def _all(self) -> tuple[Card, ...]:
        if self._cards is None:
            self._cards = self._read()
        return self._cards

    def _read(self) -> tuple[Card, ...]:
        """Every card, built as its row is read (the rows are not all held at once)."""
        db = _reader(self.cache)
        try:
            if db is None:
                raise ValueError("the cache cannot be read")
            rows = db.execute("SELECT data FROM cards WHERE key = ? ORDER BY position", (self.key,))
            with collection_paused():
                cards = tuple(_card(self, json.loads(data)) for (data,) in rows)
            if len(cards) != self.size:
                raise ValueError("the cached cards are gone")
        except (ValueError, TypeError, KeyError, sqlite3.Error):
            return _read_again(self.path)
        return cards

    def _card(self, data: str) -> Card:
        return _card(self, json.loads(data))

    def _query(self, sql: str, *values: Any) -> list[Any] | None:
        db = _reader(self.cache)
        if db is None:
            return None
        try:
            return db.execute(sql, (self.key, *values)).fetchall()
        except sqlite3.Error:
            return None


_readers: dict[Path, sqlite3.Connection] = {}


def _reader(cache: Path) -> sqlite3.Connection | None:
    """A read-only connection to the cache file, kept for the process."""
    if cache not in _readers:
        from urllib.parse import quote

        try:
            _readers[cache] = sqlite3.connect(
                f"file:{quote(str(cache))}?mode=ro", uri=True, check_same_thread=False
            )
        except sqlite3.Error:
            return None
    return _readers[cache]


def _read_again(path: Path) -> tuple[Card, ...]:
    """The deck file's cards, read from the file (the cache lost them)."""
    from quizdeck.decks.reader import check_deck_file

    deck, problems = check_deck_file(path)
    if deck is None:
        raise DeckError(problems)
    return tuple(deck.cards)


#: Card's fields in the order ``_card`` builds them.
_CARD_FIELDS = (
    "deck_id", "id", "kind", "prompt", "answers", "choices", "explanation", "source",
    "paragraphs", "tags", "blanks", "pairs", "auto_distractors", "any_order", "correction",
    "fact", "image", "path", "line", "glossary", "study",
)  # fmt: skip


_KIND_OF = {kind.value: kind for kind in Kind}
_SET = object.__setattr__


def _card(deck: CachedCards, row: list[Any]) -> Card:
    """A Card of ``deck`` from its stored row, built without the frozen dataclass's per-field
    setattr (ten times faster; the values are the ones ``Card.__init__`` would have stored)."""
    (card_id, kind, prompt, answers, choices, explanation, source, paragraphs, tags, blanks,
     pairs, auto, any_order, correction, fact, line, content_hash, image) = row  # fmt: skip
    texts = (card_id, prompt, explanation, source, fact, image)
    if not all(isinstance(text, str) for text in texts):
        raise TypeError("a cached card's text is not text")
    values = (
        deck.deck_id, card_id, _KIND_OF[kind], prompt, tuple(answers), tuple(choices), explanation,
        source, tuple(paragraphs), tuple(tags),
        tuple(Blank(_KIND_OF[blank_kind], tuple(found)) for blank_kind, found in blanks),
        tuple((left, right) for left, right in pairs), bool(auto), bool(any_order),
        str(correction), fact, image, deck.path, int(line), deck.glossary, deck.study,
    )  # fmt: skip
    card = object.__new__(Card)
    for name, value in zip(_CARD_FIELDS, values, strict=True):
        _SET(card, name, value)
    _SET(card, CONTENT_HASH, str(content_hash))
    return card
