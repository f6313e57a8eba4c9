"""The model: cards (what a deck file turns into) and their kinds, ratings and session modes.

Light types shared by the decks, the session, the scheduler and the store (no heavy imports).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, IntEnum
from pathlib import Path


class Kind(str, Enum):
    """The kinds of question a card can ask."""

    TEXT = "text"
    PERSON = "person"
    NUMBER = "number"
    YEAR = "year"
    DATE = "date"
    CHOICE = "choice"
    TRUEFALSE = "truefalse"
    ORDER = "order"
    CLOZE = "cloze"
    MATCH = "match"

    def __str__(self) -> str:
        return self.value


#: An answer as a student gives it: one string, or one per item (order, cloze blanks,
#: match partners).
Given = str | tuple[str, ...]

#: Kinds whose answer the student types.
TYPED_KINDS = frozenset({Kind.TEXT, Kind.PERSON, Kind.NUMBER, Kind.YEAR, Kind.DATE})

#: Kinds a cloze blank may have (``{{year:2021}}``); plain ``{{...}}`` is text.
BLANK_KINDS = TYPED_KINDS

#: A cloze blank in a prompt: ``{{answer}}``, ``{{kind:answer|variant}}``.
BLANK_PATTERN = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


@dataclass(frozen=True)
class Blank:
    """One blank of a cloze card: its kind and the answers it accepts."""

    kind: Kind
    answers: tuple[str, ...]


def parse_blanks(prompt: str) -> tuple[Blank, ...]:
    """Read the ``{{...}}`` blanks of a cloze prompt, in order."""
    blanks = []
    for match in BLANK_PATTERN.finditer(prompt):
        body = match.group(1)
        kind = Kind.TEXT
        head, sep, rest = body.partition(":")
        if sep and head.strip() in {k.value for k in BLANK_KINDS}:
            kind, body = Kind(head.strip()), rest
        answers = tuple(a.strip() for a in body.split("|") if a.strip())
        blanks.append(Blank(kind, answers))
    return tuple(blanks)


#: Where a card keeps its computed content hash (see ``Card.content_hash``).
CONTENT_HASH = "_content_hash"


@dataclass(frozen=True, slots=True)
class Card:
    """One question, with every answer it accepts.

    ``answers`` holds all accepted answers as strings: the ``answer`` value(s)
    followed by the ``accept`` variants. For ``order`` cards it is the items in
    the right order; for ``truefalse`` it is ``("true",)`` or ``("false",)``;
    for ``cloze`` it is the first answer of each blank, in order (the blanks
    themselves are in ``blanks``); for ``match`` the partner of each item, in
    order (the pairs themselves are in ``pairs``). What each kind makes of them
    lives in its module of :mod:`quizdeck.kinds`.

    ``any_order`` (cloze only) says the blanks are a set: their answers may be
    given in any order.

    ``fact`` names the fact the card tests: cards sharing a fact are siblings
    (different angles on one fact), kept apart in sessions.
    """

    deck_id: str
    id: str
    kind: Kind
    prompt: str
    answers: tuple[str, ...]
    choices: tuple[str, ...] = ()
    explanation: str = ""
    source: str = ""
    paragraphs: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    blanks: tuple[Blank, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    auto_distractors: bool = False
    any_order: bool = False
    correction: str = ""
    fact: str = ""
    path: Path | None = field(default=None, compare=False)
    line: int = field(default=0, compare=False)
    #: The content hash once computed (see ``content_hash``): a cache, not part of the card.
    _content_hash: str = field(default="", init=False, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        """The stable identity progress is stored under: (deck id, card id)."""
        return (self.deck_id, self.id)

    @property
    def fact_key(self) -> tuple[str, str]:
        """What makes cards siblings: the named fact, or the card itself when it names none."""
        return ("fact", self.fact) if self.fact else ("card", f"{self.deck_id}/{self.id}")

    def content_hash(self) -> str:
        """A short hash of what the card asks and accepts, to notice edits (computed once per
        card; the deck cache stores it with the card)."""
        if self._content_hash:
            return self._content_hash
        import hashlib
        import json

        content: list[object] = [self.kind.value, self.prompt, list(self.answers)]
        content.append(list(self.choices))
        if self.pairs:
            content.append([list(pair) for pair in self.pairs])
        payload = json.dumps(content, ensure_ascii=False)
        value = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
        object.__setattr__(self, CONTENT_HASH, value)  # a cache: equality ignores it
        return value


#: A source that names paragraphs: numbers and ranges, optionally after ¶ or "paragraph(s)".
_PARAGRAPH_LIST = re.compile(
    r"\s*(?:¶|paragraphs?|paras?\.?|p\.)?\s*\d+(?:\s*[-–]\s*\d+)?"
    r"(?:\s*(?:,|and|&)\s*¶?\s*\d+(?:\s*[-–]\s*\d+)?)*\s*",
    re.IGNORECASE,
)


def parse_paragraphs(source: object) -> tuple[int, ...]:
    """Paragraph numbers named by a card's ``source``: ``7``, ``[7, 8]``, ``"7-9"``, ``"¶3, 5"``."""
    if isinstance(source, bool):
        return ()
    if isinstance(source, int):
        return (source,)
    if isinstance(source, list):
        numbers: list[int] = []
        for item in source:
            numbers.extend(parse_paragraphs(item))
        return tuple(numbers)
    if isinstance(source, str):
        if not _PARAGRAPH_LIST.fullmatch(source):
            return ()  # free text ("chapter 3"): shown as written, not as paragraph numbers
        numbers = []
        for start, end in re.findall(r"(\d+)(?:\s*[-–]\s*(\d+))?", source):
            first = int(start)
            last = int(end) if end else first
            if last < first or last - first > 1000:
                last = first
            numbers.extend(range(first, last + 1))
        return tuple(numbers)
    return ()


class Rating(IntEnum):
    """How well a card was remembered; the values are FSRS's."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Mode(str, Enum):
    """Which kind of session a review came from."""

    START = "start"  # spaced repetition: moves the schedule
    PRACTICE = "practice"  # cram: logged, schedule untouched
    EXAM = "exam"  # test: logged, schedule untouched

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Recorded:
    """What saving a review produced: its log id, and the card's next due time (start mode)."""

    review_id: int
    due: datetime | None
    leech: bool = False  # this review made the card a leech (again)
