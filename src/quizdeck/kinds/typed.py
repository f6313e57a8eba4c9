"""What the five typed kinds share: the student types the answer, graded by its kind."""

from __future__ import annotations

import re
from abc import abstractmethod
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from quizdeck.kinds.base import TEXT_SCHEMA, Answer, AnswerReader, CardKind, Schema, Shape, describe
from quizdeck.kinds.values import text_value
from quizdeck.model import Card, Given

if TYPE_CHECKING:
    from quizdeck.grading.typed import TypedGrader
    from quizdeck.grading.verdict import Grade


def many(value: Schema) -> Schema:
    """``value``, or a non-empty list of such values."""
    return {"anyOf": [value, {"type": "array", "items": value, "minItems": 1}]}


def join_list(items: Sequence[str]) -> str:
    """The ``a | b | c`` form of a list, bars inside items written ``\\|``."""
    return " | ".join(item.replace("|", "\\|") for item in items)


class TypedKind(CardKind):
    """A card whose answer the student types: ``answer`` (one or several) and ``accept``."""

    shape = Shape.TYPED
    keys = frozenset({"answer", "accept"})
    anki_model = "typed"  # Anki's type-in-the-answer box
    #: How to write a value that does not parse (" (write the year as digits)").
    format_hint: ClassVar[str] = ""
    #: The schema of one answer value.
    value_schema: ClassVar[Schema] = TEXT_SCHEMA
    #: Whether a whole number typed as text becomes a TOML integer.
    integers: ClassVar[bool] = False

    def parse(self, value: object) -> str | None:
        """One TOML value of the answer as a string; None when it is not one."""
        return text_value(value)

    def read(self, reader: AnswerReader, prompt: str) -> Answer:
        if "answer" not in reader.table:
            reader.problem("card is missing 'answer'")
            return Answer()
        value = reader.table["answer"]
        if not isinstance(value, list) and "accept" not in reader.table:
            text = self.parse(value)  # the usual card: one answer; any problem is found below
            if text is not None and text.strip():
                return Answer(answers=(text,))
        values = value if isinstance(value, list) else [value]
        if not values:
            reader.problem("'answer' is empty", "answer")
            return Answer()
        parsed = self.parse_values(reader, values, "answer")
        parsed += self.parse_values(reader, reader.string_list("accept"), "accept")
        return Answer(answers=tuple(dict.fromkeys(parsed)))

    def parse_values(
        self, reader: AnswerReader, values: Iterable[object], key: str
    ) -> tuple[str, ...]:
        """The values of ``key`` as answer strings; each one that does not parse is a problem."""
        name = self.kind.value
        parsed: list[str] = []
        for value in values:
            text = self.parse(value)
            if text is None and self.format_hint:
                reader.problem(
                    f"{name} {key} {value!r} does not parse as a {name}{self.format_hint}", key
                )
            elif text is None:
                reader.problem(
                    f"'{key}' must be a string or a list of strings, not {describe(value)}", key
                )
            elif not text.strip():
                reader.problem(f"'{key}' is empty", key)
            else:
                parsed.append(text)
        return tuple(parsed)

    def answer_schema(self) -> Schema:
        return {"properties": {"answer": many(self.value_schema)}, "required": ["answer"]}

    def written(self, text: str) -> str | None:
        """An answer an author typed in another form, as the deck stores it (a date in words
        becomes ISO); None when this kind reads no other form."""
        return None

    def authored(self, text: str) -> str:
        """``text`` typed by an author (``quiz add``, the wizard) as the deck stores it:
        unchanged when it parses, else its :meth:`written` form, else unchanged (the deck's
        check then says what is wrong)."""
        if self.parse(text.strip()) is not None:
            return text
        return self.written(text.strip()) or text

    def answer_value(self, items: Sequence[str]) -> Any:
        items = [self.authored(item).strip() for item in items if item.strip()]
        if not items:
            return None
        if self.integers and len(items) == 1:
            return self._whole_number(items[0])
        return items[0] if len(items) == 1 else items

    def _whole_number(self, text: str) -> Any:
        """``text`` as a TOML integer when it is written as one, else the text unchanged."""
        parsed = self.parse(text)
        if parsed and re.fullmatch(r"-?\d+", parsed) and str(int(parsed)) == text.strip():
            return int(parsed)
        return text

    @abstractmethod
    def grader(self) -> TypedGrader:
        """The function of :mod:`quizdeck.grading.typed` that grades this kind's answers
        (imported when asked: grading is not needed to read a deck)."""

    def grade(self, card: Card, given: Given) -> Grade:
        from quizdeck.grading.entities import with_aliases
        from quizdeck.grading.typed import grade_typed

        text = given if isinstance(given, str) else ", ".join(given)
        accepted = with_aliases(card.answers, card.glossary)
        return grade_typed(self.grader(), accepted, text, card.prompt, glossary=card.glossary)

    def csv_answer(self, card: Card) -> tuple[str, str]:
        return join_list(card.answers[:1]), join_list(card.answers[1:])

    def anki_fields(self, card: Card) -> tuple[str, str, str]:
        from quizdeck.interchange.anki_html import accepted_list, field_text

        return field_text(self.expected(card)), accepted_list(card.answers[1:]), ""
