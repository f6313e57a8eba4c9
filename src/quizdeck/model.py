"""The model: cards (what a deck file turns into) and their kinds, ratings and session modes.

Light types shared by the decks, the session, the scheduler and the store (no heavy imports).
The small value types are named tuples: quiz makes them as it starts, and a frozen dataclass
costs six times as much to make (~0.7 ms each before the first question).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum, IntEnum
from pathlib import Path
from typing import NamedTuple


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
    FLIP = "flip"

    def __str__(self) -> str:
        return self.value


#: An answer as a student gives it: one string, or one per item (order, cloze blanks,
#: match partners).
Given = str | tuple[str, ...]

#: Kinds whose answer the student types.
TYPED_KINDS = frozenset({Kind.TEXT, Kind.PERSON, Kind.NUMBER, Kind.YEAR, Kind.DATE})

#: Kinds a cloze blank may have (``{{year:2021}}``); plain ``{{...}}`` is text.
BLANK_KINDS = TYPED_KINDS
_BLANK_KIND_NAMES = frozenset(kind.value for kind in BLANK_KINDS)


def delimited(text: str, opening: str, closing: str) -> Iterator[tuple[int, int, str]]:
    """Each stretch of ``text`` from ``opening`` to the next ``closing``: (start, end, inside).

    What ``re.finditer(opening + "(.*?)" + closing)`` finds, found with ``str.find`` in one
    pass: linear time, where the regex is quadratic on many openings and no closing.
    """
    position = 0
    while (start := text.find(opening, position)) >= 0:
        end = text.find(closing, start + len(opening))
        if end < 0:
            return
        yield start, end + len(closing), text[start + len(opening) : end]
        position = end + len(closing)


def blank_bodies(prompt: str) -> list[str]:
    """What is inside each blank of a cloze prompt: ``{{answer}}``, ``{{kind:answer|variant}}``."""
    return [body for _start, _end, body in delimited(prompt, "{{", "}}")]


def text_around_blanks(prompt: str) -> list[str]:
    """The pieces of a cloze prompt between its blanks (the blanks left out)."""
    pieces, last = [], 0
    for start, end, _body in delimited(prompt, "{{", "}}"):
        pieces.append(prompt[last:start])
        last = end
    return [*pieces, prompt[last:]]


def replace_blanks(
    prompt: str, replacement: Callable[[int, str], str], between: Callable[[str], str] = str
) -> str:
    """``prompt`` with blank number ``i`` (0-based), holding ``body``, as ``replacement(i, body)``
    and the text around the blanks as ``between(text)``."""
    pieces: list[str] = []
    last = 0
    for index, (start, end, body) in enumerate(delimited(prompt, "{{", "}}")):
        pieces += [between(prompt[last:start]), replacement(index, body)]
        last = end
    pieces.append(between(prompt[last:]))
    return "".join(pieces)


class Blank(NamedTuple):
    """One blank of a cloze card: its kind and the answers it accepts."""

    kind: Kind
    answers: tuple[str, ...]


def parse_blanks(prompt: str) -> tuple[Blank, ...]:
    """Read the ``{{...}}`` blanks of a cloze prompt, in order."""
    return tuple(parse_blank(body) for body in blank_bodies(prompt))


def parse_blank(body: str) -> Blank:
    """One blank from what is inside its braces: ``answer|variant`` or ``kind:answer``."""
    kind = Kind.TEXT
    head, sep, rest = body.partition(":")
    if sep and head.strip() in _BLANK_KIND_NAMES:
        kind, body = Kind(head.strip()), rest
    return Blank(kind, tuple(a.strip() for a in body.split("|") if a.strip()))


#: A deck's glossary: its entities, each as the tuple of all its names (see
#: ``quizdeck.decks.glossary``).
Glossary = tuple[tuple[str, ...], ...]


class DeckStudy(NamedTuple):
    """What a deck's ``[deck.study]`` table sets for its cards; None where it sets nothing
    (the student's own settings apply; see ``quizdeck.settings.Settings.for_deck``)."""

    new_per_day: int | None = None
    retention: float | None = None
    learning_steps: tuple[timedelta, ...] | None = None


#: A deck that sets no study settings.
NO_STUDY = DeckStudy()


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

    ``image`` names a picture shown with the question: a file in the deck's folder,
    as the deck writes it (``"maps/lyon.png"``).
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
    image: str = ""
    path: Path | None = field(default=None, compare=False)
    line: int = field(default=0, compare=False)
    #: The deck's glossary (shared by its cards; graded with, not part of what the card asks).
    glossary: Glossary = field(default=(), compare=False, repr=False)
    #: The deck's study settings (shared by its cards, like the glossary).
    study: DeckStudy = field(default=NO_STUDY, compare=False, repr=False)
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
        if self.image:
            content.append(["image", self.image])
        payload = json.dumps(content, ensure_ascii=False)
        value = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]
        object.__setattr__(self, CONTENT_HASH, value)  # a cache: equality ignores it
        return value


#: The most paragraphs one card may cite, ranges counted in full (a longer list is a mistake,
#: and expanding one without a cap could fill the memory).
MAX_PARAGRAPHS = 1000
#: The longest range expanded (``1-5000`` names paragraph 1 only, as a typo would).
_LONGEST_RANGE = 1000
#: The most digits a paragraph number has: a longer one makes the source free text.
_MAX_DIGITS = 9
#: Words that may begin a list of paragraphs (compared in lower case), longest first.
_PARAGRAPH_WORDS = ("paragraphs", "paragraph", "paras.", "paras", "para.", "para", "p.", "¶")
_LIST_SEPARATORS = (",", "and", "&")
_RANGE_DASHES = "-–"


TOO_MANY_PARAGRAPHS = f"a card's source may name at most {MAX_PARAGRAPHS} paragraphs"


class SourceError(ValueError):
    """A card's ``source`` names more paragraphs than a card may cite."""


def parse_paragraphs(source: object) -> tuple[int, ...]:
    """Paragraph numbers named by a card's ``source``: ``7``, ``[7, 8]``, ``"7-9"``, ``"¶3, 5"``.

    Free text ("chapter 3") names none. Raises :class:`SourceError` when the source names
    more than :data:`MAX_PARAGRAPHS`, before expanding anything.
    """
    ranges: list[tuple[int, int]] = []
    _add_ranges(source, ranges)
    if sum(last - first + 1 for first, last in ranges) > MAX_PARAGRAPHS:
        raise SourceError(TOO_MANY_PARAGRAPHS)
    return tuple(number for first, last in ranges for number in range(first, last + 1))


def _add_ranges(source: object, ranges: list[tuple[int, int]]) -> None:
    """Add the (first, last) ranges ``source`` names to ``ranges``; each names one paragraph or
    more, so more ranges than paragraphs allowed is an error found before any expansion."""
    if isinstance(source, list):
        for item in source:
            _add_ranges(item, ranges)
        return
    if isinstance(source, int) and not isinstance(source, bool):
        ranges.append((source, source))
    elif isinstance(source, str):
        ranges.extend(_ParagraphList(source).ranges() or [])
    if len(ranges) > MAX_PARAGRAPHS:
        raise SourceError(TOO_MANY_PARAGRAPHS)


class _ParagraphList:
    """Reads ``"paragraphs 2, 4-6 and ¶9"`` left to right, one character at a time: linear time,
    whatever the text (the regex this replaces backtracked exponentially on near misses)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def ranges(self) -> list[tuple[int, int]] | None:
        """The (first, last) ranges named, or None when the text is not a paragraph list."""
        self.spaces()
        self.word(_PARAGRAPH_WORDS)
        found: list[tuple[int, int]] = []
        while True:
            self.spaces()
            pair = self.range()
            if pair is None:
                return None
            if len(found) <= MAX_PARAGRAPHS:  # more are an error, known once the list ends
                found.append(pair)
            self.spaces()
            if self.at == len(self.text):
                return found
            if not self.word(_LIST_SEPARATORS):
                return None
            self.spaces()
            self.word(("¶",))

    def range(self) -> tuple[int, int] | None:
        first = self.number()
        if first is None:
            return None
        mark = self.at
        self.spaces()
        if self.at < len(self.text) and self.text[self.at] in _RANGE_DASHES:
            self.at += 1
            self.spaces()
            last = self.number()
            if last is not None:
                return (first, last) if first <= last <= first + _LONGEST_RANGE else (first, first)
        self.at = mark
        return (first, first)

    def number(self) -> int | None:
        start = self.at
        while self.at < len(self.text) and self.text[self.at].isdecimal():
            self.at += 1
        digits = self.text[start : self.at]
        if not digits or len(digits) > _MAX_DIGITS:
            return None
        return int(digits)

    def spaces(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def word(self, words: tuple[str, ...]) -> bool:
        for word in words:
            if self.text[self.at : self.at + len(word)].lower() == word:
                self.at += len(word)
                return True
        return False


class Rating(IntEnum):
    """How well a card was remembered; the values are FSRS's."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def parse_rating(text: str) -> Rating | None:
    """A rating as a student gives it to a card they rate themselves: Anki's key (1 to 4), the
    word (``again``, ``hard``, ``good``, ``easy``) or its first letter; None for anything else."""
    word = text.strip().casefold()
    if word in ("1", "2", "3", "4"):
        return Rating(int(word))
    names = {rating: rating.name.lower() for rating in Rating}
    return next((rating for rating, name in names.items() if word in (name, name[0])), None)


class Mode(str, Enum):
    """Which kind of session a review came from."""

    START = "start"  # spaced repetition: moves the schedule
    PRACTICE = "practice"  # cram: logged, schedule untouched
    EXAM = "exam"  # test: logged, schedule untouched

    def __str__(self) -> str:
        return self.value


class Recorded(NamedTuple):
    """What saving a review produced: its log id, and the card's next due time (start mode)."""

    review_id: int
    due: datetime | None
    leech: bool = False  # this review made the card a leech (again)
