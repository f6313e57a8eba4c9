"""Asking line by line, for pipes, scripts and screen readers: no questionary here."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import click

from quizdeck.cards import Kind
from quizdeck.display import inert, is_terminal
from quizdeck.kinds import Shape, assert_never, kind_of
from quizdeck.session import (
    MAX_ANSWER_CHARS,
    EndOfInput,
    ExamReport,
    Followup,
    Given,
    Outcome,
    Progress,
    Question,
    Summary,
    numbered_cloze,
)
from quizdeck.sources import Sources
from quizdeck.ui_text import (
    amended_text,
    feedback_lines,
    hint,
    option_title,
    progress_text,
    report_lines,
    summary_lines,
)

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


TRUE_WORDS = dict.fromkeys(("1", "t", "true", "y", "yes"), "true") | dict.fromkeys(
    ("2", "f", "false", "n", "no"), "false"
)


class PlainAsker:
    """Asks line by line: for pipes, scripts and screen readers. No questionary."""

    def __init__(
        self,
        stdin: TextIO | None = None,
        echo: Echo = click.echo,
        sources: Sources | None = None,
    ) -> None:
        self.stdin = stdin
        self.echo = echo
        self.sources = sources

    def _read(self) -> str:
        """One line of input; EndOfInput at end of file."""
        stream = self.stdin or sys.stdin
        interactive = is_terminal(stream)
        if interactive:
            click.echo("> ", nl=False)
        line, cut = _read_bounded_line(stream)
        if not line:
            if interactive:
                self.echo("")
            raise EndOfInput
        answer = line.rstrip("\r\n").strip()
        if not interactive:
            self.echo(f"> {inert(answer)}")
        if cut:
            self.echo(f"(only the first {MAX_ANSWER_CHARS:,} characters of an answer count)")
        return answer

    def progress(self, progress: Progress) -> None:
        if progress.number > 1:
            self.echo("")
        self.echo(progress_text(progress))

    def ask(self, question: Question) -> Given:
        card = question.card
        shape = kind_of(card).shape
        if shape is Shape.TYPED:
            wanted = kind_of(card).hint(card)
            self.echo(inert(card.prompt) + (f" {wanted}" if wanted else ""))
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
        assert_never(shape)

    def _numbered(self, question: Question) -> None:
        for number, option in enumerate(question.options, start=1):
            self.echo(f"  {number}. {option_title(question.card, option)}")

    def _choice(self, question: Question) -> str:
        self.echo(inert(question.card.prompt))
        self._numbered(question)
        options = question.options
        while True:
            answer = self._read()
            picked = pick_option(answer, options)
            if picked is not None or not answer:
                return picked or ""
            self.echo(f"Answer with a number from 1 to {len(options)}, or an option's text.")

    def _true_false(self, question: Question) -> str:
        self.echo(inert(question.card.prompt))
        self._numbered(question)
        while True:
            answer = self._read()
            if not answer or answer.lower() in TRUE_WORDS:
                return TRUE_WORDS.get(answer.lower(), "")
            self.echo("Answer true or false (or 1 or 2).")

    def _order(self, question: Question) -> tuple[str, ...]:
        items = question.options
        self.echo(inert(question.card.prompt))
        self._numbered(question)
        self.echo("Put them in order: their numbers, separated by commas (e.g. 2,3,1).")
        while True:
            answer = self._read()
            if not answer:
                return ()
            order = parse_order(answer, len(items))
            if order is not None:
                return tuple(items[n - 1] for n in order)
            self.echo(f"Give each number from 1 to {len(items)} once, e.g. 2,3,1.")

    def _pairs(self, question: Question) -> tuple[str, ...]:
        """Items numbered, partners lettered; the answer is a letter for each item, in order."""
        partners = question.options
        self.echo(inert(question.card.prompt))
        for number, (item, _) in enumerate(question.card.pairs, start=1):
            self.echo(f"  {number}. {inert(item)}")
        for index, partner in enumerate(partners):
            self.echo(f"     {chr(ord('a') + index)}) {inert(partner)}")
        letters = [chr(ord("a") + n) for n in range(len(partners))]
        example = ", ".join([*letters[1::-1], *letters[2:]])
        self.echo(f"Give each item's partner: its letter, in the items' order (e.g. {example}).")
        while True:
            answer = self._read()
            if not answer:
                return ()
            picked = parse_pairs(answer, len(partners))
            if picked is not None:
                return tuple(partners[index] for index in picked)
            self.echo(f"Give one letter from a to {chr(ord('a') + len(partners) - 1)} per item.")

    def _cloze(self, question: Question) -> tuple[str, ...]:
        """The sentence once, its blanks numbered; then one line per blank."""
        card = question.card
        self.echo(inert(numbered_cloze(card.prompt)))
        filled: list[str] = []
        total = len(card.blanks)
        for number, blank in enumerate(card.blanks, start=1):
            label = f"Blank {number} of {total}" if total > 1 else "Blank"
            wanted = hint(blank.kind, blank.answers)
            self.echo(f"{label}{' ' + wanted if wanted else ''}:")
            filled.append(self._read())
        return tuple(filled)

    def feedback(self, outcome: Outcome) -> Followup:
        for line in feedback_lines(outcome, self.sources, full=False):
            self.echo(line)
        return Followup.NEXT

    def amended(self, outcome: Outcome) -> None:
        self.echo(amended_text(outcome))

    def report(self, report: ExamReport) -> None:
        for line in report_lines(report):
            self.echo(line)

    def summary(self, summary: Summary) -> None:
        for line in summary_lines(summary):
            self.echo(line)


def pick_option(answer: str, options: Sequence[str]) -> str | None:
    """The option an answer names, by its number or its text (any case, or a part of
    it found in no other option), else None."""
    text = answer.strip()
    if re.fullmatch(r"\d{1,4}", text) and 1 <= int(text) <= len(options):
        return options[int(text) - 1]
    folded = text.casefold()
    exact = [option for option in options if option.strip().casefold() == folded]
    if exact:
        return exact[0]
    partial = [option for option in options if folded in option.casefold()]
    return partial[0] if len(partial) == 1 and len(folded) >= 3 else None


def parse_order(answer: str, count: int) -> list[int] | None:
    """``"3, 1, 2"`` → ``[3, 1, 2]``; the last number may be left out; None if not a full order."""
    numbers = [int(n) for n in re.findall(r"\d{1,6}", answer)]
    wanted = set(range(1, count + 1))
    if len(numbers) == count - 1 and set(numbers) < wanted:
        numbers += sorted(wanted - set(numbers))
    if len(numbers) != count or set(numbers) != wanted:
        return None
    return numbers


def parse_pairs(answer: str, count: int) -> list[int] | None:
    """``"b, a, c"`` or ``"bac"`` → ``[1, 0, 2]``: each item's partner by letter, each letter
    once; the last may be left out. None if that is not what was typed."""
    letters = re.sub(r"[\s,;]+", "", answer.casefold())
    if not letters.isascii() or not letters.isalpha():
        return None
    picked = [ord(letter) - ord("a") for letter in letters]
    wanted = set(range(count))
    if len(picked) == count - 1 and set(picked) < wanted and len(set(picked)) == len(picked):
        picked += sorted(wanted - set(picked))
    if len(picked) != count or set(picked) != wanted:
        return None
    return picked
