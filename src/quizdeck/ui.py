"""Asking questions in a terminal: with questionary, or line by line (plain mode).

This is the only module that imports questionary, and only when a
``QuestionaryAsker`` asks: plain mode never loads it. Both askers implement
``session.Asker``; every piece of deck text goes through ``display.inert`` and
all colour through ``display.paint``.
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from quizdeck.cards import Card, Kind, year_asked
from quizdeck.deck import Deck
from quizdeck.display import inert, is_terminal, paint
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
    TimeUp,
    numbered_cloze,
)

if TYPE_CHECKING:
    import questionary
    from prompt_toolkit.key_binding import KeyBindings

Echo = Callable[[str], None]

HINTS = {
    Kind.TEXT: "",
    Kind.PERSON: "(a name)",
    Kind.NUMBER: "(a number)",
    Kind.YEAR: "(a year)",
    Kind.DATE: "(a date)",
}
DATE_HINTS = {1: "(a year)", 2: "(month and year)", 3: "(day, month and year)"}
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
TRUE_OR_FALSE = re.compile(r"\s*true or false\b", re.IGNORECASE)
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
MAX_SOURCE_CHARS = 600


# --- source paragraphs --------------------------------------------------------------------


class Sources:
    """The paragraphs of each deck's source text, read when first needed."""

    def __init__(self, decks: Sequence[Deck] = ()) -> None:
        self._files = {deck.id: path for deck in decks if (path := source_file(deck))}
        self._paragraphs: dict[str, list[str]] = {}

    def paragraphs(self, card: Card) -> list[tuple[int, str]]:
        """(number, text) of the paragraphs ``card`` cites, when its deck's source is readable."""
        text = self._load(card.deck_id)
        return [(n, text[n - 1]) for n in card.paragraphs if 0 < n <= len(text)]

    def _load(self, deck_id: str) -> list[str]:
        if deck_id not in self._paragraphs:
            path = self._files.get(deck_id)
            self._paragraphs[deck_id] = _read_paragraphs(path) if path else []
        return self._paragraphs[deck_id]


def source_file(deck: Deck) -> Path | None:
    """The file a deck's ``source`` names, if it lies in the deck's folder or a folder of
    ``QUIZ_SOURCES`` (a path list); a deck cannot make quiz show ``/etc/passwd``."""
    import os

    if not deck.source or deck.path is None:
        return None
    folder = deck.path.parent.resolve()
    path = (folder / deck.source).resolve()
    allowed = [folder, *(Path(item).resolve() for item in _source_folders(os.environ))]
    return path if any(path.is_relative_to(root) for root in allowed) else None


def _source_folders(environ: Mapping[str, str]) -> list[str]:
    import os

    return [item for item in environ.get("QUIZ_SOURCES", "").split(os.pathsep) if item]


def _read_bounded_line(stream: TextIO) -> tuple[str, bool]:
    """One line of at most ``MAX_ANSWER_CHARS`` characters; the rest of a longer line is
    read and dropped (so it is not taken for the next answer). Also: whether it was cut."""
    line = stream.readline(MAX_ANSWER_CHARS + 1)
    if len(line) <= MAX_ANSWER_CHARS or line.endswith("\n"):
        return line, False
    while (rest := stream.readline(65536)) and not rest.endswith("\n"):
        pass
    return line[:MAX_ANSWER_CHARS], True


def _read_paragraphs(path: Path) -> list[str]:
    from quizdeck.files import SOURCE_LIMIT, read_limited

    try:
        text = read_limited(path, SOURCE_LIMIT).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- text shared by both askers ------------------------------------------------------------


def width() -> int:
    """The width to wrap text at: the terminal's, at most 88."""
    import shutil

    return max(40, min(88, shutil.get_terminal_size((80, 24)).columns - 2))


def wrap(text: str, indent: str = "  ", hanging: str | None = None) -> str:
    """``text`` made inert and wrapped to the terminal, lines indented (after the first
    by ``hanging``, if given)."""
    later = indent if hanging is None else hanging
    lines = inert(text).splitlines() or [""]
    wrapped = [
        textwrap.fill(line, width(), initial_indent=first, subsequent_indent=later) or first
        for first, line in zip([indent] + [later] * (len(lines) - 1), lines, strict=True)
    ]
    return "\n".join(wrapped)


def clock_text(seconds: float) -> str:
    """``75`` → ``1 min 15 s``."""
    seconds = max(0, round(seconds))
    minutes, rest = divmod(seconds, 60)
    if minutes >= 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def progress_text(progress: Progress) -> str:
    """``Question 3 of 10 · 2 right so far`` (exams show the time left instead)."""
    parts = [f"Question {progress.number} of {progress.total}"]
    if progress.show_score and progress.answered:
        parts.append(f"{progress.right} of {progress.answered} right so far")
    if progress.time_left is not None:
        parts.append(f"{clock_text(progress.time_left)} left")
    return " · ".join(parts)


def when_text(due: datetime, now: datetime | None = None) -> str:
    """A due time for people: ``now``, ``in 10 minutes``, ``tomorrow``, ``in 5 days (…)``."""
    now = now or datetime.now(timezone.utc)
    seconds = (due - now).total_seconds()
    local = due.astimezone()
    if seconds <= 0:
        return "now"
    if seconds < 90:
        return "in a minute"
    if seconds < 3600:
        return f"in {round(seconds / 60)} minutes"
    if seconds < 86_400:
        hours = round(seconds / 3600)
        return f"in {hours} hour{'s' if hours != 1 else ''} ({local:%H:%M})"
    days = (local.date() - now.astimezone().date()).days
    if days <= 1:
        return f"tomorrow ({local:%H:%M})"
    return f"in {days} days ({local:%a %d %b})"


def hint(kind: Kind, answers: Sequence[str] = (), prompt: str = "") -> str:
    """What sort of answer is wanted: ``(a year)``, ``(day, month and year)``, ``(a name)``…

    A full date asked without the year (see ``year_asked``) wants ``(day and month)``.
    """
    if kind is Kind.DATE and answers:
        parts = answers[0].split("-")
        if all(part.isdigit() for part in parts):
            if len(parts) == 3 and prompt.strip() and not year_asked(prompt):
                return "(day and month)"
            return DATE_HINTS.get(len(parts), HINTS[kind])
    return HINTS.get(kind, "")


def human_date(text: str) -> str:
    """``2021-11-07`` → ``7 November 2021``, ``2021-11`` → ``November 2021``; else unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return text
    year, month, day = match.groups()
    shown = f"{MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {shown}" if day else shown


def shown_answer(card: Card, text: str) -> str:
    """An answer of ``card`` as a student reads it: dates written out, true/false capitalised."""
    if card.kind is Kind.DATE:
        return inert(human_date(text))
    return option_title(card, text)


def question_text(card: Card) -> str:
    """A card's question as the interactive asker prints it (cloze blanks numbered)."""
    if card.kind is Kind.CLOZE:
        return numbered_cloze(card.prompt)
    if card.kind is Kind.TRUEFALSE and not TRUE_OR_FALSE.match(card.prompt):
        return f"True or false? {card.prompt}"
    return card.prompt


def option_title(card: Card, option: str) -> str:
    """How an option is shown: true/false capitalised, deck text made inert."""
    if card.kind is Kind.TRUEFALSE:
        return option.capitalize()
    return inert(option)


def answer_text(given: Given | None, card: Card) -> str:
    """A student's answer as a line of text."""
    if given is None:
        return "(not answered)"
    if isinstance(given, str):
        return inert(option_title(card, given)) if given else "(no answer)"
    joiner = " → " if card.kind is Kind.ORDER else "; "
    return inert(joiner.join(given)) if any(given) else "(no answer)"


def verdict_text(outcome: Outcome, *, symbols: bool = True) -> str:
    """``✓ Right``, ``✗ Wrong`` or ``✗ Partly right (67%)``, coloured."""
    if outcome.correct:
        word = "Counted as right" if outcome.followup is Followup.OVERRIDE else "Right"
        return paint(f"{'✓ ' if symbols else ''}{word}", fg="green", bold=True)
    partly = 0 < outcome.score < 1
    word = f"Partly right ({round(outcome.score * 100)}%)" if partly else "Wrong"
    return paint(f"{'✗ ' if symbols else ''}{word}", fg="red", bold=True)


def expected_text(outcome: Outcome) -> str:
    """The right answer as shown after a question."""
    card = outcome.card
    return shown_answer(card, outcome.grade.expected or card.expected)


def explanations(card: Card) -> list[str]:
    """The card's explanation, and its correction when that says something more."""
    texts = [card.explanation] if card.explanation else []
    if card.correction and card.correction != card.explanation:
        texts.append(card.correction)
    return texts


def answer_lines(outcome: Outcome, *, symbols: bool = True) -> list[str]:
    """The verdict and the right answer: on one line when it fits, order items as a list."""
    verdict = verdict_text(outcome, symbols=symbols)
    card = outcome.card
    if card.kind is Kind.ORDER:
        items = [f"    {n}. {inert(item)}" for n, item in enumerate(card.answers, start=1)]
        return [f"{verdict}   The right order:", *items]
    answer = expected_text(outcome)
    plain_length = len(click.unstyle(verdict)) + len("   Answer: ") + len(answer)
    if plain_length <= width():
        return [f"{verdict}   Answer: {answer}"]
    return [verdict, wrap(f"Answer: {answer}")]


def feedback_lines(outcome: Outcome, sources: Sources | None, *, full: bool = True) -> list[str]:
    """The verdict, the right answer, a near-miss note, the explanation and the source."""
    card = outcome.card
    lines = answer_lines(outcome, symbols=full)
    if outcome.grade.note:
        lines.append(paint(wrap(outcome.grade.note), fg="yellow"))
    lines.extend(wrap(text) for text in explanations(card))
    if card.paragraphs:
        lines.extend(source_lines(card, sources if full else None))
    return lines


def amended_text(outcome: Outcome) -> str:
    """``Noted: counted as right; next review in 3 days.``"""
    notes = {
        Followup.OVERRIDE: "counted as right",
        Followup.HARD: "marked as hard",
        Followup.EASY: "marked as easy",
    }
    text = f"Noted: {notes.get(outcome.followup, 'changed')}"
    if outcome.due is not None:
        text += f"; next review {when_text(outcome.due)}"
    return text + "."


def source_lines(card: Card, sources: Sources | None) -> list[str]:
    """``Source ¶3`` and, when the source text is at hand, the paragraph itself."""
    found = sources.paragraphs(card) if sources else []
    if not found:
        numbers = ", ".join(str(n) for n in card.paragraphs)
        return [paint(f"  Source: paragraph {numbers}", dim=True)]
    lines = []
    for number, text in found:
        if len(text) > MAX_SOURCE_CHARS:
            text = text[:MAX_SOURCE_CHARS].rsplit(" ", 1)[0] + " …"
        lines.append(paint(wrap(f"¶{number} {text}"), dim=True))
    return lines


def report_lines(report: ExamReport) -> list[str]:
    """The exam report: score, per-tag breakdown, each missed question."""
    percent = f"{report.percent:.0f}%"
    lines = [
        "",
        paint(f"Exam result: {report.right} of {report.total} right — {percent}", bold=True),
    ]
    if report.time_up:
        lines.append("  Time ran out; questions not reached count as missed.")
    if report.tags:
        lines.append("")
        lines.append("By tag:")
        from quizdeck.text_table import display_width, pad

        tag_width = max(display_width(inert(score.tag)) for score in report.tags)
        for score in report.tags:
            lines.append(f"  {pad(inert(score.tag), tag_width)}  {score.right}/{score.total}")
    if report.missed:
        lines.append("")
        lines.append("Missed:")
    for number, missed in enumerate(report.missed, start=1):
        card = missed.card
        lines.append(wrap(card.question, indent=f"  {number}. ", hanging="     "))
        lines.append(f"     You answered: {answer_text(missed.given, card)}")
        lines.append(f"     Answer: {shown_answer(card, card.expected)}")
        lines.extend(wrap(text, indent="     ") for text in explanations(card))
    return lines


def summary_lines(summary: Summary) -> list[str]:
    """Right/wrong, time taken and when the next review is due."""
    lines = [""]
    if summary.interrupted:
        saved = len(summary.outcomes)
        lines.append(f"Stopped. {saved} answer{'s' if saved != 1 else ''} saved.")
    if summary.time_up and summary.mode.value != "exam":
        lines.append("Time is up.")
    if not summary.outcomes:
        lines.append("No questions answered.")
    else:
        counts = f"{summary.right} right, {summary.wrong} wrong"
        lines.append(paint(f"Done: {counts} · {clock_text(summary.elapsed)}", bold=True))
    if summary.next_due is not None:
        lines.append(f"Next review: {when_text(summary.next_due)}")
    return lines


# --- questionary -------------------------------------------------------------------------


def _quit_bindings() -> KeyBindings:
    """Esc stops the session at any prompt, like Ctrl-C."""
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    bindings = KeyBindings()

    @bindings.add(Keys.Escape, eager=True)
    def _quit(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return bindings


async def _expire(app: Any, seconds: float) -> None:
    """Close the prompt with TimeUp after ``seconds`` (at once if none are left)."""
    import asyncio

    if seconds > 0:
        await asyncio.sleep(seconds)
    if not app.is_done:
        app.exit(exception=TimeUp)


def run(prompt: questionary.Question, time_left: float | None = None) -> Any:
    """Ask a questionary prompt.

    Esc or Ctrl-C raise KeyboardInterrupt, Ctrl-D raises EndOfInput, and when
    ``time_left`` seconds pass the prompt closes with TimeUp.
    """
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    app = prompt.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), _quit_bindings()])
    if time_left is not None:

        def start_timer() -> None:
            app.create_background_task(_expire(app, time_left))

        app.pre_run_callables.append(start_timer)
    try:
        answer = prompt.unsafe_ask()
    except EOFError:  # Ctrl-D: the student is done
        raise EndOfInput from None
    if answer is None:
        raise KeyboardInterrupt
    return answer


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
        card = question.card
        if card.kind is Kind.CLOZE:
            return self._cloze(question)
        if card.kind is Kind.ORDER:
            return self._order(question)
        if card.kind in (Kind.CHOICE, Kind.TRUEFALSE):
            return self._select(question)
        return self._text(f"Your answer {hint(card.kind, card.answers, card.prompt)}", question)

    def _text(self, label: str, question: Question) -> str:
        import questionary

        prompt = questionary.text(label.strip() + ":", qmark=" ")
        return str(run(prompt, question.time_left)).strip()

    def _select(self, question: Question) -> str:
        import questionary

        card = question.card
        choices = [
            questionary.Choice(option_title(card, option), value=option)
            for option in question.options
        ]
        prompt = questionary.select(
            "Your answer:",
            choices=choices,
            qmark=" ",
            use_shortcuts=len(choices) <= 9,
            instruction="(↑/↓ or a number, then Enter)",
        )
        return str(run(prompt, question.time_left))

    def _order(self, question: Question) -> tuple[str, ...]:
        """Pick the items one by one; the lines left on screen show the order so far."""
        import questionary

        self.echo(paint("  Pick the items in order, one at a time.", dim=True))
        remaining = list(question.options)
        chosen: list[str] = []
        while len(remaining) > 1:
            place = len(chosen)
            label = ORDINALS[place] if place < len(ORDINALS) else f"number {place + 1}"
            choices = [questionary.Choice(inert(item), value=item) for item in remaining]
            prompt = questionary.select(
                f"{place + 1}.", choices=choices, qmark=" ", instruction=f"(which comes {label}?)"
            )
            item = run(prompt, question.time_left)
            chosen.append(item)
            remaining.remove(item)
        for item in remaining:
            chosen.append(item)
            self.echo(f"  {len(chosen)}. {inert(item)}")
        return tuple(chosen)

    def _cloze(self, question: Question) -> tuple[str, ...]:
        """One blank at a time, numbered as in the sentence printed above."""
        card = question.card
        filled: list[str] = []
        for number, blank in enumerate(card.blanks, start=1):
            label = f"[{number}]" if len(card.blanks) > 1 else "[?]"
            filled.append(self._text(f"{label} {hint(blank.kind, blank.answers)}", question))
        return tuple(filled)

    def feedback(self, outcome: Outcome) -> Followup:
        import questionary

        for line in feedback_lines(outcome, self.sources):
            self.echo(line)
        if outcome.correct:
            options = [("Next", Followup.NEXT), ("That was hard", Followup.HARD),
                       ("That was easy", Followup.EASY)]  # fmt: skip
        else:
            options = [("Next", Followup.NEXT), ("I was right", Followup.OVERRIDE)]
        choices = [questionary.Choice(title, value=value) for title, value in options]
        picked = run(
            questionary.select(
                "", choices=choices, qmark="", instruction="(Enter for next)", erase_when_done=True
            )
        )
        return Followup(picked)

    def amended(self, outcome: Outcome) -> None:
        self.echo(paint(amended_text(outcome), dim=True))

    def report(self, report: ExamReport) -> None:
        for line in report_lines(report):
            self.echo(line)

    def summary(self, summary: Summary) -> None:
        for line in summary_lines(summary):
            self.echo(line)


# --- plain lines ---------------------------------------------------------------------------

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
        if card.kind is Kind.CLOZE:
            return self._cloze(question)
        if card.kind is Kind.ORDER:
            return self._order(question)
        if card.kind is Kind.TRUEFALSE:
            return self._true_false(question)
        if card.kind is Kind.CHOICE:
            return self._choice(question)
        wanted = hint(card.kind, card.answers, card.prompt)
        self.echo(inert(card.prompt) + (f" {wanted}" if wanted else ""))
        return self._read()

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
