"""The text both askers show: questions, answers, verdicts, feedback, reports and summaries.

Every piece of deck text goes through ``display.inert`` and all colour through
``display.paint``; what depends on a card's kind is asked of its kind
(:mod:`quizdeck.kinds`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import click

from quizdeck.decks.sources import Sources
from quizdeck.display import inert, paint
from quizdeck.kinds import expected_answer, kind_of, question_text, spec
from quizdeck.kinds.base import Shape
from quizdeck.model import Card, Given, Kind
from quizdeck.session.asking import Followup, Outcome, Progress, Summary, self_rated
from quizdeck.ui.table import display_width, pad

if TYPE_CHECKING:
    from quizdeck.session.exam import ExamReport

MAX_SOURCE_CHARS = 600


#: The widest a line of text is wrapped to, however wide the terminal: easier to read.
MAX_WIDTH = 100


def width(columns: int | None = None) -> int:
    """The width to wrap text at: the terminal's (``columns``, default the real one) less a
    column, so a full line never makes the terminal wrap it; at most :data:`MAX_WIDTH`."""
    if columns is None:
        import shutil

        columns = shutil.get_terminal_size((80, 24)).columns
    return max(20, min(MAX_WIDTH, columns - 1))


def fill(text: str, columns: int, first: str = "", later: str = "") -> list[str]:
    """``text`` (one paragraph) as lines of at most ``columns`` terminal columns, broken at
    spaces, after ``first`` (on the first line) and ``later`` (on the others). Wide characters
    count two columns; only a word wider than a whole line is broken (between characters, as
    Chinese or Japanese text is)."""
    lines: list[str] = []
    line, used = first, display_width(first)
    fresh = True  # nothing but the indent on this line yet
    for word in text.split():
        size = display_width(click.unstyle(word) if "\x1b" in word else word)
        if not fresh and used + 1 + size > columns:
            lines.append(line)
            line, used, fresh = later, display_width(later), True
        if fresh and used + size > columns:  # wider than a line: break it up
            for char in word:
                char_size = max(0, display_width(char))
                if used + char_size > columns and not fresh:
                    lines.append(line)
                    line, used = later, display_width(later)
                line, used, fresh = line + char, used + char_size, False
            continue
        line, used = (line + word, used + size) if fresh else (f"{line} {word}", used + 1 + size)
        fresh = False
    lines.append(line.rstrip() or first.rstrip())
    return lines


#: The start of a line of quiz's own text: its indent and a list mark (``a)``, ``12.``, ``>``).
LINE_HEAD = re.compile(r"( *)((?:\d{1,3}|[a-z])[.)] +|> +)?")


def fit(line: str, columns: int | None = None) -> list[str]:
    """One line of quiz's own text as lines no wider than the terminal (see ``width``), broken
    at spaces: unchanged when it fits. The other lines hang under the text that follows the
    line's indent and list mark (``  a) ``, ``  12. ``, ``> ``). Colour codes take no room."""
    size = width(columns)
    if display_width(click.unstyle(line)) <= size:
        return [line]
    head = LINE_HEAD.match(line)
    assert head is not None  # the pattern matches any line, if only the empty string
    hanging = " " * len(head.group(0)) if head.group(2) else head.group(1)
    return fill(line[head.end() :], size, head.group(0), hanging)


def fit_text(text: str, columns: int | None = None) -> list[str]:
    """Each line of ``text`` through ``fit``."""
    return fit_lines(text.split("\n"), columns)


def fit_lines(lines: Sequence[str], columns: int | None = None) -> list[str]:
    """Each of ``lines`` (which may hold several) through ``fit``: what quiz prints."""
    return [piece for text in lines for line in text.split("\n") for piece in fit(line, columns)]


def wrap(
    text: str, indent: str = "  ", hanging: str | None = None, columns: int | None = None
) -> str:
    """``text`` made inert and wrapped to the terminal at word boundaries, lines indented
    (after the first by ``hanging``, if given)."""
    later = indent if hanging is None else hanging
    size = width(columns)
    lines = inert(text).splitlines() or [""]
    wrapped = [
        "\n".join(fill(line, size, first, later))
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
    """``Question 3 of 10 · 2 right so far`` (exams show the time left instead); a card asked
    again in the session: ``Again: question 2 of 10 · …`` (the count is of cards). Wrapped to
    the terminal."""
    return "\n".join(fit(_progress(progress)))


def _progress(progress: Progress) -> str:
    parts = [f"{'Again: question' if progress.again else 'Question'} {progress.number} of "
             f"{progress.total}"]  # fmt: skip
    if progress.show_score and progress.answered:
        parts.append(f"{progress.right} of {progress.answered} right so far")
    if progress.time_left is not None:
        parts.append(f"{clock_text(progress.time_left)} left")
    return " · ".join(parts)


def when_text(due: datetime, now: datetime | None = None) -> str:
    """A due time for people: ``now``, ``in 10 minutes``, ``tomorrow``, ``in 5 days (…)``."""
    if now is None:
        from quizdeck.clock import now as clock_now

        now = clock_now()
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
    card_kind = spec(kind)
    return card_kind.hint(card_kind.sketch(answers, prompt=prompt))


def shown_answer(card: Card, text: str) -> str:
    """An answer of ``card`` as a student reads it: dates written out, true/false capitalised."""
    return inert(kind_of(card).shown(card, text))


def option_title(card: Card, option: str) -> str:
    """How an option is shown: true/false capitalised, deck text made inert."""
    return inert(kind_of(card).shown(card, option))


def answer_text(given: Given | None, card: Card) -> str:
    """A student's answer as a line of text."""
    if given is None:
        return "(not answered)"
    if isinstance(given, str) and self_rated(card):
        return given.capitalize() if given else "Again"
    if isinstance(given, str):
        return option_title(card, given) if given else "(no answer)"
    if not any(given):
        return "(no answer)"
    shape = kind_of(card).shape
    if shape is Shape.PAIRS:
        shown = [
            f"{item} → {partner or '?'}"
            for (item, _), partner in zip(card.pairs, given, strict=False)
        ]
        return inert("; ".join(shown))
    return inert((" → " if shape is Shape.PICK_ORDER else "; ").join(given))


def verdict_text(outcome: Outcome, *, symbols: bool = True) -> str:
    """``✓ Right``, ``✗ Wrong`` or ``✗ Partly right (67%)``, coloured; for a card the student
    rated, ``✓ Rated good`` or ``✗ Rated again``."""
    if self_rated(outcome.card):
        rated = f"{'✓ ' if outcome.correct else '✗ '}" if symbols else ""
        rated += f"Rated {outcome.rating.name.lower()}"
        return paint(rated, fg="green" if outcome.correct else "red", bold=True)
    if outcome.correct:
        word = "Counted as right" if outcome.followup is Followup.OVERRIDE else "Right"
        return paint(f"{'✓ ' if symbols else ''}{word}", fg="green", bold=True)
    partly = 0 < outcome.score < 1
    word = f"Partly right ({round(outcome.score * 100)}%)" if partly else "Wrong"
    return paint(f"{'✗ ' if symbols else ''}{word}", fg="red", bold=True)


def expected_text(outcome: Outcome) -> str:
    """The right answer as shown after a question."""
    card = outcome.card
    return shown_answer(card, outcome.grade.expected or expected_answer(card))


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
    card_kind = kind_of(card)
    if card_kind.shape is Shape.SELF_RATED:
        return [verdict]  # the answer is on screen already: the student revealed it
    if card_kind.list_heading:
        items = [f"    {inert(item)}" for item in card_kind.answer_items(card)]
        if card_kind.shape is Shape.PAIRS and not outcome.correct:
            items = _with_picks(items, card.answers, outcome.given)
        return [f"{verdict}   {card_kind.list_heading}", *items]
    answer = expected_text(outcome)
    plain_length = len(click.unstyle(verdict)) + len("   Answer: ") + len(answer)
    if plain_length <= width():
        return [f"{verdict}   Answer: {answer}"]
    return [verdict, wrap(f"Answer: {answer}")]


def _with_picks(lines: list[str], partners: Sequence[str], given: Given) -> list[str]:
    """Each pair's line, with the student's own pick after those they got wrong."""
    picks = given if isinstance(given, tuple) else ()
    marked = []
    for index, line in enumerate(lines):
        pick = picks[index] if index < len(picks) else ""
        wrong = pick.strip().casefold() != partners[index].strip().casefold()
        marked.append(
            line + paint(f"   (you: {inert(pick) or 'none'})", fg="red") if wrong else line
        )
    return marked


def feedback_lines(outcome: Outcome, sources: Sources | None, *, full: bool = True) -> list[str]:
    """The verdict, the right answer, a near-miss note, the explanation and the source."""
    card = outcome.card
    lines = answer_lines(outcome, symbols=full)
    if outcome.grade.note:
        lines.append(paint(wrap(outcome.grade.note), fg="yellow"))
    lines.extend(wrap(text) for text in explanations(card))
    if card.paragraphs:
        lines.extend(source_lines(card, sources if full else None))
    elif card.source.strip():
        lines.append(paint(f"  Source: {inert(card.source)}", dim=True))
    return fit_lines(lines)


def amended_text(outcome: Outcome) -> str:
    """``Noted: counted as right; next review in 3 days.``, wrapped to the terminal."""
    return "\n".join(fit(_amended(outcome)))


def _amended(outcome: Outcome) -> str:
    if outcome.followup is Followup.UNDO:
        return "Taken back: not counted. You have seen its answer: it comes in a later session."
    if outcome.followup is Followup.NEXT and self_rated(outcome.card):
        return "Not changed: you rated this card yourself (/u takes the answer back)."
    if outcome.followup is Followup.NEXT:  # "I was right" refused
        return 'Not changed: "I was right" is for an answer you typed, not a pick or no answer.'

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
    if report.points != report.right:
        lines.append(f"  Partial credit: {report.points:.3g} of {report.total} points.")
    if report.not_reached:
        left = report.not_reached
        why = "Time ran out" if report.time_up else "Stopped early"
        lines.append(
            f"  {why}; {left} question{'s' if left != 1 else ''} not reached"
            f" count{'s' if left == 1 else ''} as missed."
        )
    if report.self_rated:
        lines.append(
            f"  Self-rated: {report.self_rated_right} of {report.self_rated} "
            "(flip cards count as you rated them)."
        )
    if report.tags:
        lines.append("")
        lines.append("By tag:")
        tag_width = max(display_width(inert(score.tag)) for score in report.tags)
        for score in report.tags:
            lines.append(f"  {pad(inert(score.tag), tag_width)}  {score.right}/{score.total}")
    if report.missed:
        lines.append("")
        lines.append("Missed:")
    for number, missed in enumerate(report.missed, start=1):
        card = missed.card
        lines.append(wrap(question_text(card), indent=f"  {number}. ", hanging="     "))
        said = "You rated it" if self_rated(card) and missed.given is not None else "You answered"
        lines.append(f"     {said}: {answer_text(missed.given, card)}")
        lines.append(f"     Answer: {shown_answer(card, expected_answer(card))}")
        lines.extend(wrap(text, indent="     ") for text in explanations(card))
    return fit_lines(lines)


def summary_lines(summary: Summary) -> list[str]:
    """Right/wrong, time taken and when the next review is due."""
    lines = [""]
    if summary.interrupted:
        saved = len(summary.outcomes)
        lines.append(f"Stopped. {saved} answer{'s' if saved != 1 else ''} saved.")
    if summary.time_up and summary.mode.value != "exam":
        lines.append("Time is up.")
    if summary.limit_reached:
        lines.append("That was the last question of this session (--limit).")
    counts = summary.counts
    if not counts.total:
        lines.append("No questions answered.")
    else:
        shown = f"{counts.right} right, {counts.wrong} wrong"
        if counts.not_reached:
            shown = f"{counts.right} right, {counts.missed} missed ({counts.wrong} wrong, "
            shown += f"{counts.not_reached} not reached)"
        lines.append(paint(f"Done: {shown} · {clock_text(summary.elapsed)}", bold=True))
    from quizdeck.session.recap import missed_lines

    lines += [wrap(line.strip(), indent="  " if line.startswith(" ") else "", hanging="    ")
              for line in
              missed_lines(summary, _question_and_answer)]  # fmt: skip
    if summary.next_due is not None:
        lines.append(f"Next review: {when_text(summary.next_due)}")
    return fit_lines(lines)


def _question_and_answer(outcome: Outcome) -> tuple[str, str]:
    card = outcome.card
    return inert(" ".join(question_text(card).split())), shown_answer(card, expected_answer(card))
