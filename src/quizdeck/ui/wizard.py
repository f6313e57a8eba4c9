"""The ``quiz add`` wizard: questionary prompts that write one card at a time.

Each card is appended (and checked) only once the teacher confirms it, so
Ctrl-C at any prompt leaves the deck as it was before that card.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
import questionary

from quizdeck.decks.authoring import (
    AuthoringError,
    CardDraft,
    append_cards,
    card_ids,
    fresh_id,
    source_value,
    split_list,
)
from quizdeck.decks.format import SLUG, display_path
from quizdeck.decks.images import deck_image_name, picture_problem, pictures_in
from quizdeck.decks.reader import check_deck_file
from quizdeck.display import inert, plural
from quizdeck.kinds import KINDS, spec
from quizdeck.kinds.base import Shape
from quizdeck.kinds.cloze import authored_blanks
from quizdeck.kinds.match import MAX_PAIRS, MIN_PAIRS, split_pair
from quizdeck.kinds.typed import TypedKind
from quizdeck.kinds.typed_kinds import TYPED
from quizdeck.model import Card, Kind, parse_blanks

Echo = Callable[[str], None]
Validator = Callable[[str], "bool | str"]

Preview = Callable[[CardDraft], list[str]]


def _ask(question: questionary.Question) -> Any:
    """Ask; Ctrl-C raises KeyboardInterrupt, Ctrl-D (end of input) EOFError."""
    return question.unsafe_ask()


def _required(what: str) -> Validator:
    return lambda text: True if text.strip() else f"Type the {what}."


def _text(message: str, *, validate: Validator | None = None, default: str = "",
          instruction: str = "") -> str:  # fmt: skip
    question = questionary.text(
        message, default=default, validate=validate, instruction=instruction or None
    )
    return str(_ask(question)).strip()


# --- the questions -----------------------------------------------------------------------


def ask_kind() -> Kind:
    """Which kind of card."""
    choices = [
        questionary.Choice(f"{kind.value:<10} {card_kind.summary}", value=kind)
        for kind, card_kind in KINDS.items()
    ]
    return Kind(_ask(questionary.select("Kind of card:", choices=choices)))


def _prompt_check(kind: Kind) -> Validator:
    def check(text: str) -> bool | str:
        if not text.strip():
            return "Type the question."
        if spec(kind).shape is Shape.BLANKS:
            blanks = parse_blanks(text)
            if not blanks:
                return "Mark at least one blank: {{answer}}, {{answer|variant}}, {{year:2021}}."
            if any(not blank.answers for blank in blanks):
                return "A blank is empty."
            for number, blank in enumerate(parse_blanks(authored_blanks(text)), start=1):
                typed = TYPED.get(blank.kind)
                if typed and any(typed.parse(answer) is None for answer in blank.answers):
                    return f"Blank {number} does not read as a {blank.kind.value}."
        return True

    return check


def ask_prompt(kind: Kind) -> str:
    """The question (for cloze: the sentence with its blanks)."""
    blanks = spec(kind).shape is Shape.BLANKS
    label = "Sentence with {{blanks}}:" if blanks else "Question:"
    hint = "e.g. Rome was founded in {{year:753}}" if blanks else ""
    prompt = _text(label, validate=_prompt_check(kind), instruction=hint)
    return authored_blanks(prompt) if blanks else prompt


def _parses(card_kind: TypedKind) -> Validator:
    def check(text: str) -> bool | str:
        if not text.strip():
            return "Type the answer."
        if card_kind.parse(card_kind.authored(text.strip())):
            return True
        return f"That does not read as a {card_kind.kind.value}{card_kind.format_hint}."

    return check


def _order_check(text: str) -> bool | str:
    items = split_list(text)
    if len(items) < 2:
        return "Give at least two items, separated by |."
    return True if len(set(items)) == len(items) else "An item is listed twice."


def _pairs_check(text: str) -> bool | str:
    items = split_list(text)
    pairs = [split_pair(item) for item in items]
    if any(pair is None for pair in pairs):
        return "Write each pair as item = partner, pairs separated by |."
    if not MIN_PAIRS <= len(pairs) <= MAX_PAIRS:
        return f"Give {MIN_PAIRS} to {MAX_PAIRS} pairs, separated by |."
    for side in (0, 1):
        values = [pair[side].casefold() for pair in pairs if pair]
        if len(set(values)) != len(values):
            return f"An {'item' if side == 0 else 'partner'} is listed twice."
    return True


def ask_answer(draft: CardDraft, preview: Preview) -> None:
    """Fill in the answer of ``draft`` (and accepted variants, options, correction)."""
    ANSWER_QUESTIONS[spec(draft.kind).shape](draft, preview)


def _ask_typed(draft: CardDraft, preview: Preview) -> None:
    card_kind = spec(draft.kind)
    assert isinstance(card_kind, TypedKind)
    if not card_kind.format_hint:
        draft.answer = _text("Answer:", validate=_required("answer"))
        extra = _text("Other accepted answers:", instruction="(separate with |; Enter for none)")
        draft.accept = split_list(extra)
        return
    instruction = card_kind.format_hint.strip()
    answer = _text("Answer:", validate=_parses(card_kind), instruction=instruction)
    draft.answer = card_kind.answer_value([answer])


def _ask_pick_one(draft: CardDraft, preview: Preview) -> None:
    """A card with options: the right one among a kind's fixed options (true/false, then a
    correction when the first is not right), or the right answer and the wrong options."""
    card_kind = spec(draft.kind)
    if not card_kind.fixed_options:
        _ask_choice(draft, preview)
        return
    options = list(card_kind.fixed_options)
    picked = _ask(questionary.select("The right answer:", choices=options))
    draft.answer = card_kind.answer_value([picked])
    if picked != options[0] and "correction" in card_kind.keys:
        draft.correction = _text("Correction, the true fact (optional):")


def _ask_order(draft: CardDraft, preview: Preview) -> None:
    items = _text("Items in the right order:", validate=_order_check,
                  instruction="(separate with |)")  # fmt: skip
    draft.answer = split_list(items)


def _ask_pairs(draft: CardDraft, preview: Preview) -> None:
    pairs = _text("Pairs:", validate=_pairs_check,
                  instruction="(item = partner, separated by |)")  # fmt: skip
    draft.answer = spec(draft.kind).answer_value(split_list(pairs))


def _ask_back(draft: CardDraft, preview: Preview) -> None:
    """A flip card: the back, as long as it needs to be (the student rates themselves)."""
    draft.answer = _text(
        "Answer (the back of the card):",
        validate=_required("answer"),
        instruction="(the student shows it and rates how well they knew it)",
    )


def _ask_nothing(draft: CardDraft, preview: Preview) -> None:
    """Cloze cards: the answers are the blanks of the prompt already typed."""


def _ask_choice(draft: CardDraft, preview: Preview) -> None:
    answer = _text("Right answer:", validate=_required("answer"))

    def check(text: str) -> bool | str:
        options = split_list(text)
        if not options:
            return "Type wrong options separated by |, or auto."
        if answer in options:
            return "The right answer is not a wrong option."
        return True

    hint = "(separate with |, or 'auto' to draw them from the deck)"
    wrong = _text("Wrong options:", validate=check, instruction=hint)
    draft.answer = answer
    if wrong.lower() == "auto":
        draft.auto_distractors = True
        for line in preview(draft):
            click.echo(line)
    else:
        draft.choices = [answer, *split_list(wrong)]


#: The wizard's answer questions for each way of answering (a new kind of an existing
#: shape needs nothing here; a new shape makes mypy point at this table).
ANSWER_QUESTIONS: dict[Shape, Callable[[CardDraft, Preview], None]] = {
    Shape.TYPED: _ask_typed,
    Shape.PICK_ONE: _ask_pick_one,
    Shape.PICK_ORDER: _ask_order,
    Shape.BLANKS: _ask_nothing,
    Shape.PAIRS: _ask_pairs,
    Shape.SELF_RATED: _ask_back,
}


def ask_details(draft: CardDraft) -> None:
    """The optional explanation, source and tags."""
    draft.explanation = _text("Explanation shown after answering (optional):")
    source = _text("Source paragraph(s) (optional):", instruction="(e.g. 3, 3-4 or 3, 5)")
    draft.source = source_value(source)
    tags = _text("Tags (optional):", instruction="(separate with commas)")
    draft.tags = [tag.strip() for tag in re.split(r"[,|]", tags) if tag.strip()]


def ask_picture(draft: CardDraft, deck_file: Path) -> None:
    """The optional picture, a file beside the deck checked as ``quiz validate`` checks it;
    asked only when the deck's folder holds a picture."""
    found = pictures_in(deck_file.parent)
    if not found:
        return

    def check(text: str) -> bool | str:
        if not text.strip():
            return True
        wrong = picture_problem(deck_file.parent, deck_image_name(deck_file, text.strip()))
        return inert(wrong) if wrong else True

    examples = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
    picked = _text(
        "Picture shown with the question (optional):",
        validate=check,
        instruction=f"(a file in the deck's folder: {inert(examples)}; Enter for none)",
    )
    draft.image = deck_image_name(deck_file, picked) if picked else ""


def ask_id(draft: CardDraft, taken: Sequence[str]) -> None:
    """The card id, a fresh slug of the prompt unless the teacher types another."""

    def check(text: str) -> bool | str:
        if not SLUG.fullmatch(text.strip()):
            return "Use lowercase letters, digits and hyphens."
        return f"'{text.strip()}' is already used." if text.strip() in taken else True

    draft.id = _text("Card id:", default=fresh_id(draft.prompt, taken), validate=check)


# --- the wizard --------------------------------------------------------------------------


def card_toml(draft: CardDraft) -> str:
    """The [[card]] table as it will be written."""
    import tomlkit

    document = tomlkit.document()
    cards = tomlkit.aot()
    table = tomlkit.table()
    for key, value in draft.table().items():
        table[key] = value
    cards.append(table)
    document.append("card", cards)
    return tomlkit.dumps(document).strip()


class Wizard:
    """Asks for cards and appends each confirmed one to the deck file at ``path``."""

    def __init__(self, path: Path, echo: Echo = click.echo) -> None:
        self.path = path
        self.echo = echo
        self.added = 0

    def run(self) -> int:
        """Ask for cards until the teacher stops; the number of cards added."""
        self.echo(
            f"Adding cards to {display_path(self.path)}. Ctrl-C stops (nothing half-written)."
        )
        while True:
            draft = self.ask_card()
            self.echo(inert(card_toml(draft)))
            if _ask(questionary.confirm("Add this card?", default=True)):
                self.save(draft)
            else:
                self.echo("Not added.")
            if not _ask(questionary.confirm("Add another card?", default=False)):
                return self.added

    def ask_card(self) -> CardDraft:
        """One card, question by question."""
        kind = ask_kind()
        draft = CardDraft(kind=kind, prompt=ask_prompt(kind))
        ask_answer(draft, self.preview)
        ask_details(draft)
        ask_picture(draft, self.path)
        ask_id(draft, list(card_ids(self.path)))
        return draft

    def save(self, draft: CardDraft) -> None:
        try:
            deck = append_cards(self.path, [draft])
        except AuthoringError as error:
            self.echo("Not added, the card is not valid:")
            for problem in error.problems:
                self.echo(f"  {inert(problem)}")
            return
        self.added += 1
        self.echo(f"Added '{draft.id}' ({plural(len(deck.cards), 'card')} in the deck).")

    def preview(self, draft: CardDraft) -> list[str]:
        """Options a student might see for an automatic choice card."""
        from quizdeck.session.distractors import OPTION_COUNT, distractors, sibling_pool

        deck, _problems = check_deck_file(self.path)
        pool = sibling_pool([deck]) if deck else []
        card = Card(deck.id if deck else "", draft.id or "new", Kind.CHOICE, draft.prompt,
                    answers=(str(draft.answer),), auto_distractors=True)  # fmt: skip
        wrong = distractors(card, pool)
        if not wrong:
            return ["No wrong options found in this deck or the decks beside it yet."]
        lines = [f"Wrong options a student might see: {inert(' | '.join(wrong))}"]
        if len(wrong) < OPTION_COUNT - 1:
            lines.append("(Fewer than usual: add more cards with answers of this sort.)")
        return lines
