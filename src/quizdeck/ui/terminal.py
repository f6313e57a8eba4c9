"""Asking questions in a terminal, with prompts quiz draws on prompt_toolkit
(:mod:`quizdeck.ui.pick` for picking, :func:`quizdeck.ui.prompt.ask_text` for typing).

prompt_toolkit is imported only when a ``QuestionaryAsker`` asks: plain mode
(``ui.plain``) never loads it. Both askers implement ``session.Asker`` and show the text of
``ui.text``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from quizdeck import import_for_good
from quizdeck.decks.sources import Sources
from quizdeck.display import inert, paint
from quizdeck.kinds import expected_answer, kind_of, question_text
from quizdeck.kinds.base import Shape, assert_never
from quizdeck.model import Card, Given, Kind, Rating
from quizdeck.session.asking import (
    SKIP,
    Followup,
    Outcome,
    Progress,
    Question,
    Summary,
    overridable,
    self_rated,
)
from quizdeck.ui.keys import TRUE_FALSE_KEYS, option_keys
from quizdeck.ui.picture import hide as hide_picture
from quizdeck.ui.picture import picture_line
from quizdeck.ui.picture import show as show_picture
from quizdeck.ui.prompt import Settle, discard_typeahead
from quizdeck.ui.text import (
    amended_text,
    feedback_lines,
    hint,
    option_title,
    progress_text,
    report_lines,
    summary_lines,
    wrap,
)

if TYPE_CHECKING:
    from quizdeck.session.exam import ExamReport

Echo = Callable[[str], None]

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


#: The choices after a verdict: title, what it does, its key (which answers at once).
FEEDBACK_RIGHT = (
    ("Next", Followup.NEXT, "n"), ("Hard", Followup.HARD, "h"), ("Easy", Followup.EASY, "e"),
    ("Take it back", Followup.UNDO, "u"),
)  # fmt: skip
FEEDBACK_WRONG = (
    ("Next", Followup.NEXT, "n"), ("I was right", Followup.OVERRIDE, "r"),
    ("Take it back", Followup.UNDO, "u"),
)  # fmt: skip
#: "?" at a picking prompt: not known (recorded as no answer).
NOT_KNOWN = {"?": SKIP}
#: What a prompt returns when the student goes back a step (a blank).
BACK = "\x00back"


def load_prompt_library() -> None:
    """Import prompt_toolkit (the first time: ~190 modules with asyncio) for good, see
    :func:`quizdeck.import_for_good`: collected as they came, and in one full pass when the
    collector was enabled again, its objects cost ~5 ms before the first prompt."""
    import_for_good("prompt_toolkit")


def _rows(text: str) -> int:
    """How many rows ``text`` takes in the terminal (a prompt's line wraps at its width)."""
    import shutil

    from quizdeck.ui.table import display_width

    columns = max(1, shutil.get_terminal_size((80, 24)).columns)
    return max(1, -(-display_width(text) // columns))


class QuestionaryAsker:
    """Asks with prompts in a terminal. ``clock`` times how long a prompt has been on screen
    (an Enter that comes too soon after it is drawn is a stray one; tests inject it)."""

    def __init__(
        self,
        sources: Sources | None = None,
        echo: Echo = click.echo,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sources = sources
        self.echo = echo
        self.clock = clock
        # No cursor position requests: quiz draws nothing that needs them, and a terminal
        # that does not answer them (an editor's shell, a slow link) would get a warning
        # printed over the question.
        os.environ.setdefault("PROMPT_TOOLKIT_NO_CPR", "1")

    def progress(self, progress: Progress) -> None:
        if progress.number > 1 or progress.again:
            self.echo("")
        self.echo(paint(progress_text(progress), dim=True))

    def ask(self, question: Question) -> Given:
        """Print the question, then read the answer with the prompt that suits its kind.

        The question is printed before prompt_toolkit is imported, so a student
        is already reading it while the prompt library loads.
        """
        card = question.card
        self.echo(paint(wrap(question_text(card), indent="? ", hanging="  "), bold=True))
        if card.image:
            self.echo(paint(wrap(picture_line(card, terminal=True), indent="  "), dim=True))
            show_picture(card)
        load_prompt_library()
        try:
            return self._answer(question)
        finally:
            hide_picture()
            # Keys pressed after the answer must not reach what follows (a Ctrl-C among them
            # stops at the next prompt, once the answer is saved).
            discard_typeahead()

    def _settle(self) -> Settle:
        return Settle(self.clock)

    def _answer(self, question: Question) -> Given:
        from quizdeck.ui.prompt import ask_text

        card = question.card
        shape = kind_of(card).shape
        if shape is Shape.TYPED:
            label = f"Your answer {kind_of(card).hint(card)}"
            return ask_text(label, time_left=question.time_left, settle=self._settle()).strip()
        if shape is Shape.PICK_ONE:
            return self._select(question)
        if shape is Shape.PICK_ORDER:
            return self._order(question)
        if shape is Shape.BLANKS:
            return self._cloze(question)
        if shape is Shape.PAIRS:
            return self._pairs(question)
        if shape is Shape.SELF_RATED:
            return self._flip(question)
        assert_never(shape)

    def _select(self, question: Question) -> str:
        """One option, picked by its letter (t/f on true/false) or the arrow keys, then Enter."""
        from quizdeck.ui.pick import Option, choose

        card = question.card
        options = question.options
        if card.kind is Kind.TRUEFALSE:
            keys = [TRUE_FALSE_KEYS.get(option, "") for option in options]
        else:
            keys = option_keys(options)
        shown = " or ".join(keys) if len(keys) == 2 else f"{keys[0]}–{keys[-1]}"
        how = f"press {shown} (or ↑/↓), then Enter"
        titles = [option_title(card, option) for option in options]
        picked = choose(
            "Your answer:",
            [Option(*fields) for fields in zip(keys, titles, options, strict=True)],
            hint=f"({shown}, or ↑/↓; then Enter; ? if you do not know)",
            how=how,
            at_once=NOT_KNOWN,
            time_left=question.time_left,
            shown="Your answer:",
        )
        return str(picked)

    def _order(self, question: Question) -> tuple[str, ...]:
        """Pick the items one by one; the prompt redraws the order so far in place."""
        from quizdeck.ui.pick import Option, arrange

        items = list(question.options)
        keys = option_keys(items)
        pool = [Option(key, inert(item), item) for key, item in zip(keys, items, strict=True)]

        def ask(place: int) -> str:
            label = ORDINALS[place] if place < len(ORDINALS) else f"number {place + 1}"
            return f"Which comes {label}?"

        picked = arrange(
            pool,
            [f"{n}." for n in range(1, len(items) + 1)],
            heading="Put them in order: press each item's key, first to last.",
            hint="(↑/↓ then Enter also picks; Backspace takes one back; ? if you do not know)",
            ask=ask,
            time_left=question.time_left,
        )
        return tuple(str(item) for item in picked)

    def _pairs(self, question: Question) -> tuple[str, ...]:
        """A partner for each item in turn, picked from the partners not yet taken; "?" part-way
        keeps the pairs already picked."""
        from quizdeck.ui.pick import Option, arrange

        partners = list(question.options)
        items = [item for item, _ in question.card.pairs]
        keys = option_keys(partners)
        pool = [Option(key, inert(p), p) for key, p in zip(keys, partners, strict=True)]

        def partial(picked: list[object]) -> tuple[str, ...]:
            if not picked:
                return (SKIP,)
            return tuple(str(p) for p in picked) + ("",) * (len(items) - len(picked))

        picked = arrange(
            pool,
            [f"{inert(item)} →" for item in items],
            heading="Match each item with its partner: press the partner's key.",
            hint="(↑/↓ then Enter also picks; Backspace takes one back; ? if you do not know)",
            ask=lambda n: f"{inert(items[n])} → ?",
            time_left=question.time_left,
            partial=partial,
        )
        return tuple(str(partner) for partner in picked)

    def _cloze(self, question: Question) -> tuple[str, ...]:
        """One blank at a time, numbered as in the sentence printed above; ↑ goes back one."""
        from quizdeck.ui.prompt import ask_text, erase_above

        card = question.card
        while True:
            filled = [""] * len(card.blanks)
            index = 0
            while index < len(card.blanks):
                typed = ask_text(
                    self._blank_label(card, index),
                    default=filled[index],
                    time_left=question.time_left,
                    settle=self._settle(),
                    keys={"up": BACK} if index > 0 else None,
                    confirm_empty=len(card.blanks) == 1,
                )
                if typed == BACK:
                    index -= 1  # ↑: back to the blank before, what was typed kept, in place
                    erase_above(_rows(f" {self._blank_label(card, index)}: {filled[index]}"))
                    continue
                filled[index] = typed.strip()
                index += 1
            if any(filled) or self._shows_answer(question):
                return tuple(filled)

    @staticmethod
    def _blank_label(card: Card, index: int) -> str:
        blank = card.blanks[index]
        number = f"[{index + 1}]" if len(card.blanks) > 1 else "[?]"
        return f"{number} {hint(blank.kind, blank.answers)}".strip()

    def _flip(self, question: Question) -> str:
        """Space or Enter turns the card over; then Anki's keys rate it: 1 again, 2 hard, 3 good,
        4 easy (Space or Enter: good). An Enter too soon after its prompt is drawn does not count
        (a second Enter meant for the step before); Space, used at no other step, always does."""
        from quizdeck.ui.pick import press

        card = question.card
        opened = self.clock()
        press("", {}, hint="(Space or Enter shows the answer)", how="press Space or Enter "
              "to show the answer", enter=True, time_left=question.time_left,
              settle=self._settle())  # fmt: skip
        answer = kind_of(card).shown(card, expected_answer(card))
        self.echo(paint(wrap(f"Answer: {answer}", indent="  ", hanging="  "), bold=True))
        left = question.time_left
        if left is not None:
            left = max(0.0, left - (self.clock() - opened))
        from quizdeck.kinds.flip import rating_word  # a flip card's module: when one is met

        ratings = {str(rating.value): rating_word(rating) for rating in Rating}
        picked = press(
            "How well did you know it?",
            ratings,
            hint="(1 again · 2 hard · 3 good · 4 easy; Space or Enter: good)",
            how="press 1, 2, 3 or 4 (Space or Enter: good)",
            enter=rating_word(Rating.GOOD),
            time_left=left,
            settle=self._settle(),
            shown=lambda value: f"Your rating: {str(value).capitalize()}",
        )
        return str(picked)

    def _shows_answer(self, question: Question) -> bool:
        """After a cloze left blank: y shows the answer (counted as not known), n goes back.
        Enter does nothing: only y or n answers."""
        from quizdeck.ui.pick import choose

        return bool(
            choose(
                "Show the answer? (counts as not known)",
                [],
                hint="(y or n)",
                how="press y or n",
                at_once={"y": True, "Y": True, "n": False, "N": False},
                time_left=question.time_left,
                erase=True,
            )
        )

    def feedback(self, outcome: Outcome) -> Followup:
        from quizdeck.ui.pick import Option, choose

        for line in feedback_lines(outcome, self.sources):
            self.echo(line)
        if self_rated(outcome.card):
            return Followup.NEXT  # the student's own rating: nothing to change, on to the next
        options: tuple[tuple[str, Followup, str], ...]
        options = FEEDBACK_RIGHT if outcome.correct else FEEDBACK_WRONG
        if not overridable(outcome):
            options = tuple(option for option in options if option[1] is not Followup.OVERRIDE)
        legend = " · ".join(f"{key} {title.lower()}" for title, _, key in options[1:])
        keys = {key: value.value for _, value, key in options} | {"c-z": Followup.UNDO.value}
        try:
            picked = choose(
                "",
                [Option(key, title, value.value) for title, value, key in options],
                hint=f"(Enter next · {legend})",
                how="press Enter for next, or a key shown",
                at_once=keys,
                default=0,
                settle=self._settle(),
                erase=True,
            )
        finally:
            discard_typeahead()  # a second Enter here must not answer the next question
        return Followup(picked)

    def amended(self, outcome: Outcome) -> None:
        self.echo(paint(amended_text(outcome), dim=True))

    def report(self, report: ExamReport) -> None:
        for line in report_lines(report):
            self.echo(line)

    def summary(self, summary: Summary) -> None:
        for line in summary_lines(summary):
            self.echo(line)
