"""What every card kind tells the rest of quiz: the base class the kind modules fill in.

A kind answers the questions the rest of the program would otherwise branch on:
how its ``answer`` reads from TOML and what the schema says of it, what the
asker shows (its :class:`Shape`), how an answer is graded, how the right answer
is shown, and how the card goes to CSV, JSON and Anki.
"""

from __future__ import annotations

import random
import sys
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Protocol

from quizdeck.model import Blank, Card, Given, Kind, Rating

if TYPE_CHECKING:
    from quizdeck.grading.verdict import Grade

if sys.version_info >= (3, 11):
    from typing import assert_never as assert_never
else:  # pragma: no cover - exercised on Python 3.10 only
    from typing import NoReturn

    def assert_never(value: NoReturn) -> NoReturn:
        """Mark a branch no value can reach; mypy checks a dispatch over an enum is complete."""
        raise AssertionError(f"unhandled value: {value!r}")


Schema = dict[str, Any]

#: Keys a card may have whatever its kind; the others belong to the kinds that name them.
COMMON_KEYS = frozenset({"id", "fact", "kind", "prompt", "explanation", "source", "tags", "image"})

TEXT_SCHEMA: Schema = {"type": "string", "pattern": r"\S"}


class Shape(Enum):
    """How a student gives an answer: what both askers must be able to show."""

    TYPED = "typed"  # a line of text
    PICK_ONE = "pick one"  # one of a few options
    PICK_ORDER = "pick in order"  # every option, in order
    BLANKS = "blanks"  # a line of text per blank of a sentence
    PAIRS = "pairs"  # a partner for each item
    SELF_RATED = "self-rated"  # the answer is revealed, then the student rates it (1-4)


class AnswerReader(Protocol):
    """What the deck reader offers a kind reading its card's answer."""

    @property
    def table(self) -> Mapping[str, Any]: ...

    def problem(self, message: str, key: str | None = None) -> None: ...

    def string_list(self, key: str) -> tuple[str, ...]: ...


class Answer(NamedTuple):
    """What a kind reads from a card table: the fields of ``Card`` that depend on the kind."""

    answers: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    blanks: tuple[Blank, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    auto_distractors: bool = False
    any_order: bool = False


class Claim(NamedTuple):
    """Something a card says that its cited source paragraphs must back (for ``quiz lint``).

    ``answers`` (one of which must appear, read as ``kind``; None: as the card's
    answer reads) or a ``statement`` whose words must; ``what`` names it in the finding.
    With ``partners``, one of those must appear in the same paragraph as the answer.
    """

    what: str
    kind: Kind | None = None
    answers: tuple[str, ...] = ()
    statement: str = ""
    partners: tuple[str, ...] = ()


def describe(value: object) -> str:
    """A TOML value's type in words: "a string", "a list"..."""
    import datetime as dt

    names: list[tuple[type | tuple[type, ...], str]] = [
        (bool, "a boolean"), (int, "an integer"), (float, "a number"), (str, "a string"),
        (list, "a list"), (dict, "a table"), ((dt.date, dt.datetime, dt.time), "a date"),
    ]  # fmt: skip
    return next((name for types, name in names if isinstance(value, types)), type(value).__name__)


class Example(NamedTuple):
    """A card of a kind as a teacher writes it and a wrong answer a student might give.

    The new-deck template, the kinds test and the docs' checks are built from these.
    """

    #: The card's TOML after ``kind = ...`` (prompt, answer and the kind's own keys).
    toml: str
    #: A wrong answer, in the form the askers return (a string, or a tuple of strings).
    wrong: Given
    #: A comment for the template's ``kind = ...`` line ("" for none).
    note: str = ""


class CardKind(ABC):
    """One kind of card. Subclasses set the class attributes, implement the abstract methods
    and override what differs; a kind that leaves one out cannot be made."""

    kind: ClassVar[Kind]
    shape: ClassVar[Shape]
    #: What the card asks for, in a few words (the wizard's menu, ``quiz add --help``).
    summary: ClassVar[str]
    #: Keys this kind uses beyond ``COMMON_KEYS``.
    keys: ClassVar[frozenset[str]] = frozenset({"answer"})
    #: How the asker says what is wanted: "(a year)"; "" for nothing.
    wanted: ClassVar[str] = ""
    #: The heading of the right answer shown as a list ("The right order:"); "" for one line.
    list_heading: ClassVar[str] = ""
    #: The Anki note type the card becomes: "basic", "typed" (type in the answer), "cloze" or
    #: "flip" (a basic note quiz reads back as a flip card).
    anki_model: ClassVar[str] = "basic"
    #: The options every card of the kind offers (true/false); () when each card has its own.
    fixed_options: ClassVar[tuple[str, ...]] = ()
    #: An example card and a wrong answer to it (see :class:`Example`).
    example: ClassVar[Example]
    #: Further examples the new-deck template shows (another way to write the kind).
    more_examples: ClassVar[tuple[Example, ...]] = ()

    # --- the deck file ---------------------------------------------------------------------

    @property
    def needs_answer(self) -> bool:
        """Whether a card of this kind has an ``answer`` key (cloze cards do not)."""
        return "answer" in self.keys

    @abstractmethod
    def read(self, reader: AnswerReader, prompt: str) -> Answer:
        """Check the card's answer keys and read them; problems go to ``reader``."""
        raise NotImplementedError

    @abstractmethod
    def answer_schema(self) -> Schema:
        """The JSON Schema rule a card of this kind must follow (besides the common keys)."""
        raise NotImplementedError

    @abstractmethod
    def answer_value(self, items: Sequence[str]) -> Any:
        """The TOML ``answer`` of answer items typed as text (``quiz add``, CSV); None if none."""
        raise NotImplementedError

    # --- asking ----------------------------------------------------------------------------

    def question(self, card: Card) -> str:
        """The question as a student reads it."""
        return card.prompt

    def hint(self, card: Card) -> str:
        """What sort of answer is wanted, e.g. ``(a year)``; "" for nothing to say."""
        return self.wanted

    def options(self, card: Card, rng: random.Random) -> tuple[str, ...]:
        """What a picked answer is picked from (in the order shown)."""
        return ()

    def shown(self, card: Card, text: str) -> str:
        """An answer or option as a student reads it (not yet made inert)."""
        return text

    # --- grading ---------------------------------------------------------------------------

    def sketch(self, answers: Sequence[str], choices: Sequence[str] = (), prompt: str = "") -> Card:
        """A card of this kind made of accepted answers alone (``quiz check --kind``)."""
        return Card("", "", self.kind, prompt, tuple(answers), choices=tuple(choices))

    @abstractmethod
    def grade(self, card: Card, given: Given) -> Grade:
        """Grade an answer to ``card``: a string, or one string per item for list shapes."""
        raise NotImplementedError

    def rating(self, given: Given, correct: bool) -> Rating:
        """The rating the scheduler gets for an answer: Good when it is right, Again when not.
        A self-rated kind returns the student's own rating (``given``)."""
        return Rating.GOOD if correct else Rating.AGAIN

    def expected(self, card: Card) -> str:
        """The right answer on one line."""
        return card.answers[0] if card.answers else ""

    def answer_items(self, card: Card) -> tuple[str, ...]:
        """The right answer as lines under ``list_heading``; () when it is one line."""
        return ()

    # --- exports and lint ------------------------------------------------------------------

    @abstractmethod
    def csv_answer(self, card: Card) -> tuple[str, str]:
        """The ``answer`` and ``accept`` cells of the card's CSV row."""
        raise NotImplementedError

    def json_fields(self, card: Card) -> dict[str, Any]:
        """What the JSON export says of the answer beyond ``answers`` and ``choices``."""
        return {}

    def json_answer(self, data: Mapping[str, Any]) -> tuple[Any, list[str]]:
        """The TOML ``answer`` and ``accept`` of a card read back from quiz's JSON export.

        The export lists every accepted answer in ``answers``, the card's own first.
        """
        answers = [item for item in json_strings(data, "answers") if item.strip()]
        return (answers[0] if answers else None), answers[1:]

    def anki_fields(self, card: Card) -> tuple[str, str, str]:
        """The Anki note's answer, accepted answers and options, as plain text lines.

        Each is a list of lines joined by newlines; the Anki exporter makes them HTML.
        """
        return (self.expected(card), "", "")

    def claims(self, card: Card) -> tuple[Claim, ...]:
        """What the cited source paragraphs must back."""
        if not card.answers:
            return ()
        return (Claim(f"answer '{self.expected(card)}'", None, card.answers),)


def json_strings(data: Mapping[str, Any], key: str) -> list[str]:
    """The strings of the list ``data[key]`` of a JSON card; [] when it is not a list."""
    value = data.get(key)
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
