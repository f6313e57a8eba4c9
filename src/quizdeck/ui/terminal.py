"""Asking questions in a terminal with questionary.

With ``ui_authoring`` the only modules that import questionary, and only when a
``QuestionaryAsker`` asks: plain mode (``ui_plain``) never loads it. Both
askers implement ``session.Asker`` and show the text of ``ui_text``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from quizdeck.decks.sources import Sources
from quizdeck.display import inert, paint
from quizdeck.kinds import kind_of, question_text
from quizdeck.kinds.base import Shape, assert_never
from quizdeck.model import Given, Kind
from quizdeck.session.asking import (
    SKIP,
    Followup,
    Outcome,
    Progress,
    Question,
    Summary,
)
from quizdeck.session.exam import ExamReport
from quizdeck.ui.keys import TRUE_FALSE_KEYS, option_keys
from quizdeck.ui.prompt import countdown_style, discard_typeahead, run
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
    pass

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
#: What a prompt returns when the student goes back a step (an item or a blank).
BACK = "\x00back"
#: Keys at an order pick: "?" not known, Backspace takes the last pick back.
PICK_KEYS = {**NOT_KNOWN, "backspace": BACK}


class QuestionaryAsker:
    """Asks with questionary prompts in a terminal."""

    def __init__(self, sources: Sources | None = None, echo: Echo = click.echo) -> None:
        self.sources = sources
        self.echo = echo

    def progress(self, progress: Progress) -> None:
        if progress.number > 1:
            self.echo("")
        self.echo(paint(progress_text(progress), dim=True))

    def ask(self, question: Question) -> Given:
        """Print the question, then read the answer with the prompt that suits its kind.

        The question is printed before questionary is imported, so a student
        is already reading it while the prompt library loads.
        """
        self.echo(paint(wrap(question_text(question.card), indent="? ", hanging="  "), bold=True))
        try:
            return self._answer(question)
        finally:
            discard_typeahead()  # keys pressed after the answer must not reach what follows

    def _answer(self, question: Question) -> Given:
        card = question.card
        shape = kind_of(card).shape
        if shape is Shape.TYPED:
            label = f"Your answer {kind_of(card).hint(card)}"
            while True:
                answer = self._text(label, question)
                if answer or self._shows_answer(question):
                    return answer
        if shape is Shape.PICK_ONE:
            return self._select(question)
        if shape is Shape.PICK_ORDER:
            return self._order(question)
        if shape is Shape.BLANKS:
            return self._cloze(question)
        if shape is Shape.PAIRS:
            return self._pairs(question)
        assert_never(shape)

    def _text(
        self, label: str, question: Question, *, default: str = "", back: bool = False
    ) -> str:
        """A typed answer; with ``back``, ↑ returns :data:`BACK` (to the blank before)."""
        import questionary

        countdown = countdown_style(question.time_left)
        prompt = questionary.text(label.strip() + ":", qmark=" ", default=default, **countdown)
        answer = run(prompt, question.time_left, keys={"up": BACK} if back else None)
        return str(answer) if answer == BACK else str(answer).strip()

    def _shows_answer(self, question: Question) -> bool:
        """After an empty answer: Enter or y shows the answer (counted as not known), n goes
        back to the question."""
        import questionary

        prompt = questionary.confirm(
            "Show the answer? (counts as not known)", default=True, qmark=" ", auto_enter=True
        )
        return bool(run(prompt, question.time_left))

    def _select(self, question: Question) -> str:
        """One option, picked by its letter (t/f on true/false) or the arrow keys, then Enter."""
        import questionary

        card = question.card
        options = question.options
        if card.kind is Kind.TRUEFALSE:
            keys = [TRUE_FALSE_KEYS.get(option, "") for option in options]
        else:
            keys = option_keys(options)
        choices = [
            questionary.Choice(option_title(card, option), value=option, shortcut_key=key)
            for option, key in zip(options, keys, strict=True)
        ]
        shown = " or ".join(keys) if len(keys) == 2 else f"{keys[0]}–{keys[-1]}"
        prompt = questionary.select(
            "Your answer:",
            choices=choices,
            qmark=" ",
            use_shortcuts=True,
            use_jk_keys=False,
            instruction=f"({shown}, or ↑/↓; then Enter; ? if you do not know)",
        )
        return str(run(prompt, question.time_left, picks=True, keys=NOT_KNOWN))

    def _order(self, question: Question) -> tuple[str, ...]:
        """Pick the items one by one; the lines left on screen show the order so far."""
        import questionary

        self.echo(paint("  Pick the items in order, one at a time (Backspace: take one back).",
                        dim=True))  # fmt: skip
        options = list(question.options)
        chosen: list[str] = []
        while len(chosen) < len(options) - 1:
            place = len(chosen)
            label = ORDINALS[place] if place < len(ORDINALS) else f"number {place + 1}"
            remaining = [item for item in options if item not in chosen]
            choices = [questionary.Choice(inert(item), value=item) for item in remaining]
            prompt = questionary.select(
                f"{place + 1}.", choices=choices, qmark=" ", instruction=f"(which comes {label}?)"
            )
            item = run(prompt, question.time_left, picks=True, keys=PICK_KEYS)
            if item == SKIP:
                return (SKIP,)
            if item == BACK:
                if chosen:
                    self.echo(paint(f"  Took back {inert(chosen.pop())}.", dim=True))
                continue
            chosen.append(item)
        remaining = [item for item in options if item not in chosen]
        for item in remaining:
            chosen.append(item)
            self.echo(f"  {len(chosen)}. {inert(item)}")
        return tuple(chosen)

    def _pairs(self, question: Question) -> tuple[str, ...]:
        """A partner for each item in turn, picked from the partners not yet taken."""
        import questionary

        self.echo(paint("  Pick the partner of each item.", dim=True))
        remaining = list(question.options)
        chosen: list[str] = []
        for item, _ in question.card.pairs:
            if len(remaining) == 1:
                self.echo(f"  {inert(item)} → {inert(remaining[0])}")
                chosen.append(remaining.pop())
                continue
            choices = [questionary.Choice(inert(partner), value=partner) for partner in remaining]
            prompt = questionary.select(f"{inert(item)} →", choices=choices, qmark=" ")
            partner = run(prompt, question.time_left, picks=True, keys=NOT_KNOWN)
            if partner == SKIP:
                return (SKIP,)
            chosen.append(partner)
            remaining.remove(partner)
        return tuple(chosen)

    def _cloze(self, question: Question) -> tuple[str, ...]:
        """One blank at a time, numbered as in the sentence printed above."""
        card = question.card
        while True:
            filled = [""] * len(card.blanks)
            index = 0
            while index < len(card.blanks):
                blank = card.blanks[index]
                label = f"[{index + 1}]" if len(card.blanks) > 1 else "[?]"
                typed = self._text(f"{label} {hint(blank.kind, blank.answers)}", question,
                                   default=filled[index], back=index > 0)  # fmt: skip
                if typed == BACK:
                    index -= 1  # ↑: back to the blank before, what was typed kept
                    continue
                filled[index] = typed
                index += 1
            if any(filled) or self._shows_answer(question):
                return tuple(filled)

    def feedback(self, outcome: Outcome) -> Followup:
        import questionary

        for line in feedback_lines(outcome, self.sources):
            self.echo(line)
        options = FEEDBACK_RIGHT if outcome.correct else FEEDBACK_WRONG
        choices = [
            questionary.Choice(title, value=value.value, shortcut_key=key)
            for title, value, key in options
        ]
        legend = " · ".join(f"{key} {title.lower()}" for title, _, key in options[1:])
        prompt = questionary.select(
            "",
            choices=choices,
            qmark="",
            instruction=f"(Enter next · {legend})",
            erase_when_done=True,
            use_shortcuts=True,
            use_jk_keys=False,
        )
        keys = {key: value.value for _, value, key in options[1:]} | {"c-z": Followup.UNDO.value}
        try:
            picked = run(prompt, keys=keys)
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
