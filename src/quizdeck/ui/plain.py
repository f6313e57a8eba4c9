"""Asking line by line, for pipes, scripts and screen readers: no questionary here."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

import click

from quizdeck.decks.sources import Sources
from quizdeck.display import inert, is_terminal
from quizdeck.kinds import expected_answer, kind_of, question_text
from quizdeck.kinds.base import Shape, assert_never
from quizdeck.model import Given, Kind, Rating, parse_rating
from quizdeck.session.asking import (
    MAX_ANSWER_CHARS,
    SKIP,
    Amend,
    EndOfInput,
    Followup,
    Outcome,
    Progress,
    Question,
    Summary,
    self_rated,
)
from quizdeck.ui.keys import (
    TRUE_FALSE_KEYS,
    has_digits,
    keys_range,
    option_keys,
    parse_letters,
    parse_order,
    pick_option,
)
from quizdeck.ui.picture import picture_line
from quizdeck.ui.text import (
    amended_text,
    feedback_lines,
    fit_text,
    hint,
    option_title,
    progress_text,
    report_lines,
    summary_lines,
)

if TYPE_CHECKING:
    from quizdeck.session.exam import ExamReport

Echo = Callable[[str], None]


def _read_bounded_line(stream: TextIO) -> tuple[str, bool]:
    """One line of at most ``MAX_ANSWER_CHARS`` characters; the rest of a longer line is
    read and dropped (so it is not taken for the next answer). Also: whether it was cut."""
    line = stream.readline(MAX_ANSWER_CHARS + 1)
    if len(line) <= MAX_ANSWER_CHARS or line.endswith("\n"):
        return line, False
    while (rest := stream.readline(65536)) and not rest.endswith("\n"):
        pass
    return line[:MAX_ANSWER_CHARS], True


#: What a true/false answer may be: t/f and the words; 1/2 and yes/no still work for old scripts.
TRUE_WORDS = dict.fromkeys(("1", "t", "true", "y", "yes"), "true") | dict.fromkeys(
    ("2", "f", "false", "n", "no"), "false"
)
NO_ANSWER_NOTE = "(no answer: counted as not known)"
#: Lines that change the previous answer instead of answering (plain mode's feedback keys).
COMMANDS = {
    "/r": Followup.OVERRIDE, "/right": Followup.OVERRIDE, "/h": Followup.HARD,
    "/hard": Followup.HARD, "/e": Followup.EASY, "/easy": Followup.EASY,
    "/u": Followup.UNDO, "/undo": Followup.UNDO,
}  # fmt: skip
LEGEND = (
    "(At the next prompt: /r if you were right, /h hard, /e easy, /u to take the answer back; "
    "? when you do not know.)"
)
parse_pairs = parse_letters


class PlainAsker:
    """Asks line by line: for pipes, scripts and screen readers. No questionary."""

    def __init__(
        self,
        stdin: TextIO | None = None,
        echo: Echo = click.echo,
        sources: Sources | None = None,
        columns: int | None = None,
    ) -> None:
        self.stdin = stdin
        self.echo = echo
        self.sources = sources
        self.columns = columns
        self.legend_shown = False

    def say(self, text: str) -> None:
        """Print ``text`` wrapped to the terminal at word boundaries (``ui.text.fit``): to the
        width of the terminal, or of ``$COLUMNS`` (else 80) when output is not a terminal."""
        for line in fit_text(text, self.columns):
            self.echo(line)

    def _read(self) -> str:
        """One line of input; EndOfInput at end of file."""
        stream = self.stdin or sys.stdin
        interactive = is_terminal(stream)
        if interactive:
            click.echo("> ", nl=False)
        line, cut = _read_bounded_line(stream)
        if not line:
            if interactive:
                self.say("")
            raise EndOfInput
        answer = line.rstrip("\r\n").strip()
        if not interactive:
            self.say(f"> {inert(answer)}")
        if cut:
            self.say(f"(only the first {MAX_ANSWER_CHARS:,} characters of an answer count)")
        if answer.lower() in COMMANDS:
            raise Amend(COMMANDS[answer.lower()])
        return answer

    def progress(self, progress: Progress) -> None:
        if progress.number > 1:
            self.say("")
        self.say(progress_text(progress))

    def ask(self, question: Question) -> Given:
        """The student's answer; an empty one is said to count as not known."""
        if question.card.image:
            self.echo(picture_line(question.card, terminal=False))  # unwrapped: a path to copy
        given = self._answer(question)
        if not (given if isinstance(given, str) else any(given)):
            self.say(NO_ANSWER_NOTE)
        return given

    def _answer(self, question: Question) -> Given:
        card = question.card
        shape = kind_of(card).shape
        if shape is Shape.TYPED:
            wanted = kind_of(card).hint(card)
            self.say(inert(card.prompt) + (f" {wanted}" if wanted else ""))
            return self._read()
        if shape is Shape.PICK_ONE:
            truth = card.kind is Kind.TRUEFALSE
            return self._true_false(question) if truth else self._choice(question)
        if shape is Shape.PICK_ORDER:
            return self._order(question)
        if shape is Shape.BLANKS:
            return self._cloze(question)
        if shape is Shape.PAIRS:
            return self._pairs(question)
        if shape is Shape.SELF_RATED:
            return self._flip(question)
        assert_never(shape)

    def _listed(self, question: Question, keys: list[str]) -> None:
        """The prompt, then each option after its key: ``a) …`` (``1. …`` for numbers)."""
        self.say(inert(question.card.prompt))
        for key, option in zip(keys, question.options, strict=True):
            mark = f"{key}." if key.isdigit() else f"{key})"
            self.say(f"  {mark} {option_title(question.card, option)}")

    def _choice(self, question: Question) -> str:
        options = question.options
        self._listed(question, option_keys(options))
        while True:
            answer = self._read()
            picked = pick_option(answer, options)
            if picked is not None or not answer or answer == SKIP:
                return picked or ""
            self.say(f"Answer with {keys_range(options)}, or an option's text.")

    def _true_false(self, question: Question) -> str:
        self._listed(question, [TRUE_FALSE_KEYS.get(option, "?") for option in question.options])
        while True:
            answer = self._read()
            if not answer or answer == SKIP or answer.lower() in TRUE_WORDS:
                return TRUE_WORDS.get(answer.lower(), "")
            self.say("Answer t or f (true or false).")

    def _order(self, question: Question) -> tuple[str, ...]:
        """Items by number, or by letter when the items are themselves numbers."""
        items = question.options
        letters = has_digits(items)
        keys = [chr(ord("a") + n) for n in range(len(items))] if letters else None
        self._listed(question, keys or [str(n) for n in range(1, len(items) + 1)])
        example = "b, c, a" if letters else "2,3,1"
        what = "letters" if letters else "numbers"
        self.say(f"Put them in order: their {what}, separated by commas (e.g. {example}).")
        while True:
            answer = self._read()
            if not answer or answer == SKIP:
                return ()
            if letters:
                picked = parse_letters(answer, len(items))
                order = [index + 1 for index in picked] if picked is not None else None
            else:
                order = parse_order(answer, len(items))
            if order is not None:
                return tuple(items[n - 1] for n in order)
            last = chr(ord("a") + len(items) - 1) if letters else str(len(items))
            first = "a" if letters else "1"
            self.say(f"Give each {what[:-1]} from {first} to {last} once, e.g. {example}.")

    def _pairs(self, question: Question) -> tuple[str, ...]:
        """Items numbered, partners lettered; the answer is a letter for each item, in order."""
        partners = question.options
        self.say(inert(question.card.prompt))
        for number, (item, _) in enumerate(question.card.pairs, start=1):
            self.say(f"  {number}. {inert(item)}")
        for index, partner in enumerate(partners):
            self.say(f"     {chr(ord('a') + index)}) {inert(partner)}")
        letters = [chr(ord("a") + n) for n in range(len(partners))]
        example = ", ".join([*letters[1::-1], *letters[2:]])
        self.say(f"Give each item's partner: its letter, in the items' order (e.g. {example}).")
        while True:
            answer = self._read()
            if not answer or answer == SKIP:
                return ()
            picked = parse_letters(answer, len(partners))
            if picked is not None:
                return tuple(partners[index] for index in picked)
            self.say(f"Give one letter from a to {chr(ord('a') + len(partners) - 1)} per item.")

    def _cloze(self, question: Question) -> tuple[str, ...]:
        """The sentence once, its blanks numbered; then one line per blank."""
        card = question.card
        self.say(inert(question_text(card)))
        filled: list[str] = []
        total = len(card.blanks)
        for number, blank in enumerate(card.blanks, start=1):
            label = f"Blank {number} of {total}" if total > 1 else "Blank"
            wanted = hint(blank.kind, blank.answers)
            self.say(f"{label}{' ' + wanted if wanted else ''}:")
            filled.append(self._read())
        return tuple(filled)

    def _flip(self, question: Question) -> str:
        """The prompt; a line (Enter) shows the answer; then a line rates it: 1 to 4 (again,
        hard, good, easy), the word or its first letter. Enter is good, ? again."""
        card = question.card
        self.say(inert(card.prompt))
        self.say("(Enter shows the answer)")
        self._read()
        self.say(inert(f"Answer: {kind_of(card).shown(card, expected_answer(card))}"))
        self.say("How well did you know it? 1 again, 2 hard, 3 good, 4 easy (Enter: good)")
        from quizdeck.kinds.flip import rating_word  # a flip card's module: when one is met

        while True:
            answer = self._read()
            rating = Rating.AGAIN if answer == SKIP else parse_rating(answer or "good")
            if rating is not None:
                return rating_word(rating)
            self.say("Rate it 1 to 4: 1 again, 2 hard, 3 good, 4 easy (Enter: good).")

    def feedback(self, outcome: Outcome) -> Followup:
        for line in feedback_lines(outcome, self.sources, full=False):
            self.say(line)
        if not self.legend_shown and not self_rated(outcome.card):
            self.say(LEGEND)
            self.legend_shown = True
        return Followup.NEXT

    def amended(self, outcome: Outcome) -> None:
        self.say(amended_text(outcome))

    def report(self, report: ExamReport) -> None:
        for line in report_lines(report):
            self.say(line)

    def summary(self, summary: Summary) -> None:
        for line in summary_lines(summary):
            self.say(line)
