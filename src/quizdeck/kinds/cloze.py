"""``cloze``: fill the ``{{blanks}}`` of a sentence; each blank graded by its own kind."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from quizdeck.display import did_you_mean
from quizdeck.kinds.base import (
    Answer,
    AnswerReader,
    CardKind,
    Claim,
    Example,
    Schema,
    Shape,
    describe,
)
from quizdeck.kinds.typed_kinds import TYPED
from quizdeck.model import (
    BLANK_KINDS,
    Blank,
    Card,
    Given,
    Glossary,
    Kind,
    blank_bodies,
    parse_blank,
    replace_blanks,
    text_around_blanks,
)

if TYPE_CHECKING:
    from quizdeck.grading.verdict import Grade


def numbered_cloze(prompt: str) -> str:
    """A cloze prompt with its blanks shown as ``[1]``, ``[2]``… (``[?]`` when there is one)."""
    total = len(blank_bodies(prompt))
    return replace_blanks(prompt, lambda index, _body: "[?]" if total == 1 else f"[{index + 1}]")


def blanks_hidden(prompt: str) -> str:
    """The sentence with every blank a plain gap: what grading reads of the question (numbered
    blanks would put numbers in it that the student never wrote)."""
    return replace_blanks(prompt, lambda _index, _body: "_____")


def _parses(kind: Kind, answers: tuple[str, ...]) -> bool:
    """Whether every answer of a blank reads as its kind's value (as that kind's own cards)."""
    typed = TYPED.get(kind)
    return typed is None or all(typed.parse(a) is not None for a in answers)


def grade_blanks(
    blanks: Sequence[Blank],
    given: Sequence[str],
    *,
    any_order: bool = False,
    prompt: str = "",
    glossary: Glossary = (),
) -> Grade:
    """Grade the answers given for ``blanks``, each as a typed answer of the blank's kind
    (any name ``glossary`` gives a blank's entity is its answer too)."""
    from quizdeck.grading.entities import with_aliases
    from quizdeck.grading.lists import BlankAnswers, grade_cloze

    graded = [
        BlankAnswers(TYPED[blank.kind].grader(), with_aliases(blank.answers, glossary), glossary)
        for blank in blanks
    ]
    return grade_cloze(graded, given, any_order=any_order, prompt=prompt)


def _broken_braces(prompt: str, bodies: Sequence[str]) -> bool:
    """Whether a blank's braces do not pair up: ``{{number:12}``, ``{{a}} b}}``, ``{{a{{b}}``
    (``bodies``: what is inside each blank of ``prompt``)."""
    if any("{" in body or "}" in body for body in bodies):
        return True
    rest = "".join(text_around_blanks(prompt))
    return "{{" in rest or "}}" in rest


#: The kinds a blank may name before a colon (``{{year:1804}}``).
_KIND_NAMES = tuple(kind.value for kind in BLANK_KINDS)


def _mistyped_kind(body: str) -> str | None:
    """The head of ``{{yaer:1804}}`` ("yaer"): one word of letters before a colon that is not
    exactly a blank kind, which would otherwise make a text blank answered "yaer:1804"."""
    head, colon, _ = body.partition(":")
    word = head.strip()
    return word if colon and word.isalpha() and word not in _KIND_NAMES else None


def authored_blanks(prompt: str) -> str:
    """A cloze prompt typed by an author with each typed blank's answers as the deck stores
    them: ``{{date:20 June 1791}}`` becomes ``{{date:1791-06-20}}``."""

    def blank(_index: int, body: str) -> str:
        head, colon, rest = body.partition(":")
        typed = TYPED.get(Kind(head.strip())) if colon and head.strip() in _KIND_NAMES else None
        if typed is None:
            return "{{" + body + "}}"
        answers = "|".join(typed.authored(answer.strip()) for answer in rest.split("|"))
        return "{{" + f"{head}:{answers}" + "}}"

    return replace_blanks(prompt, blank)


class ClozeKind(CardKind):
    kind = Kind.CLOZE
    shape = Shape.BLANKS
    summary = "fill the {{blanks}} of a sentence"
    keys = frozenset({"any_order"})
    anki_model = "cloze"
    example = Example(
        'prompt = "The Wall fell in {{year:1989}} in {{Berlin}}."',
        ("1990", "Bonn"),
        "blanks: {{answer}}, {{answer|variant}}, {{year:1989}}",
    )

    def read(self, reader: AnswerReader, prompt: str) -> Answer:
        if "answer" in reader.table:
            reader.problem(
                "a cloze card takes its answers from the {{blanks}} in its prompt", "answer"
            )
        bodies = blank_bodies(prompt)
        if _broken_braces(prompt, bodies):
            reader.problem(
                "a {{blank}} in the prompt is not closed with }} (or has a brace inside)", "prompt"
            )
            return Answer()
        blanks = tuple(parse_blank(body) for body in bodies)
        if prompt and not blanks:
            reader.problem("a cloze prompt needs at least one {{blank}}", "prompt")
        answers = []
        for number, (body, blank) in enumerate(zip(bodies, blanks, strict=True), start=1):
            if mistyped := _mistyped_kind(body):
                reader.problem(
                    f"blank {number}: '{mistyped}' is not a blank kind"
                    f"{did_you_mean(mistyped, _KIND_NAMES)}; write {{{{text:…}}}} for a text "
                    "answer with a colon",
                    "prompt",
                )
                continue
            if not blank.answers:
                reader.problem(f"blank {number} of the cloze prompt is empty", "prompt")
                continue
            if blank.kind in BLANK_KINDS and not _parses(blank.kind, blank.answers):
                reader.problem(f"blank {number} does not parse as a {blank.kind.value}", "prompt")
            answers.append(blank.answers[0])
        return Answer(answers=tuple(answers), blanks=blanks, any_order=self._any_order(reader))

    @staticmethod
    def _any_order(reader: AnswerReader) -> bool:
        value = reader.table.get("any_order", False)
        if not isinstance(value, bool):
            reader.problem(f"'any_order' must be true or false, not {describe(value)}", "any_order")
            return False
        return value

    def answer_schema(self) -> Schema:
        return {
            "properties": {"prompt": {"type": "string", "pattern": r"\{\{[^}]*[^}\s][^}]*\}\}"}},
            "not": {"required": ["answer"]},
        }

    def answer_value(self, items: Sequence[str]) -> Any:
        return None

    def json_answer(self, data: Mapping[str, Any]) -> tuple[Any, list[str]]:
        return None, []

    def question(self, card: Card) -> str:
        return numbered_cloze(card.prompt)

    def options(self, card: Card, rng: random.Random) -> tuple[str, ...]:
        return ()

    def grade(self, card: Card, given: Given) -> Grade:
        from quizdeck.grading.lists import split_items

        items = split_items(given) if isinstance(given, str) else list(given)
        blanks = card.blanks or tuple(Blank(Kind.TEXT, (a,)) for a in card.answers)
        hidden = blanks_hidden(card.prompt)
        return grade_blanks(
            blanks, items, any_order=card.any_order, prompt=hidden, glossary=card.glossary
        )

    def expected(self, card: Card) -> str:
        return "; ".join(card.answers)

    def csv_answer(self, card: Card) -> tuple[str, str]:
        return "", ""

    def json_fields(self, card: Card) -> dict[str, Any]:
        blanks = [
            {"kind": blank.kind.value, "answers": list(blank.answers)} for blank in card.blanks
        ]
        return {"blanks": blanks, **({"any_order": True} if card.any_order else {})}

    def anki_fields(self, card: Card) -> tuple[str, str, str]:
        from quizdeck.interchange.anki_html import field_text

        variants = [" / ".join(blank.answers) for blank in card.blanks if len(blank.answers) > 1]
        return field_text(self.expected(card)), field_text("; ".join(variants)), ""

    def claims(self, card: Card) -> tuple[Claim, ...]:
        return tuple(
            Claim(f"blank '{blank.answers[0]}'", blank.kind, blank.answers)
            for blank in card.blanks
            if blank.answers
        )
