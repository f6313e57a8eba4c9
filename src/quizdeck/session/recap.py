"""The end of a session: what was answered, the cards missed with their right answers, and what
comes due next — as lines for the terminal or as JSON for scripts."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from quizdeck.display import inert_json
from quizdeck.kinds import expected_answer, question_text
from quizdeck.model import Given
from quizdeck.session.asking import Followup, Outcome, Progress, Question, Summary
from quizdeck.session.exam import ExamReport
from quizdeck.session.log import Asker

#: At most this many missed cards are listed in the terminal (all of them in JSON).
SHOWN_MISSED = 10


def missed(summary: Summary) -> list[Outcome]:
    """The first wrong answer of each card answered wrong at least once, in the order missed."""
    seen: set[tuple[str, str]] = set()
    found = []
    for outcome in summary.outcomes:
        if not outcome.correct and outcome.card.key not in seen:
            seen.add(outcome.card.key)
            found.append(outcome)
    return found


def recap_dict(summary: Summary) -> dict[str, Any]:
    """The recap as JSON data."""
    counts = summary.counts
    return {
        "mode": summary.mode.value,
        "answered": len(summary.outcomes),
        "right": counts.right,
        "wrong": counts.wrong,
        "not_reached": counts.not_reached,
        "interrupted": summary.interrupted,
        "seconds": round(summary.elapsed, 1),
        "missed": [
            {
                "deck": outcome.card.deck_id,
                "card": outcome.card.id,
                "question": question_text(outcome.card),
                "answer": expected_answer(outcome.card),
                "given": outcome.given if isinstance(outcome.given, str) else list(outcome.given),
            }
            for outcome in missed(summary)
        ],
        "next_due": summary.next_due.isoformat() if summary.next_due else None,
    }


def recap_json(summary: Summary) -> str:
    return inert_json(json.dumps(recap_dict(summary), ensure_ascii=False))


class JsonRecap:
    """An asker whose end-of-session summary is JSON (``--json``); the rest is the wrapped
    asker's."""

    def __init__(self, asker: Asker, echo: Callable[[str], None]) -> None:
        self.asker = asker
        self.echo = echo

    def progress(self, progress: Progress) -> None:
        self.asker.progress(progress)

    def ask(self, question: Question) -> Given:
        return self.asker.ask(question)

    def feedback(self, outcome: Outcome) -> Followup:
        return self.asker.feedback(outcome)

    def amended(self, outcome: Outcome) -> None:
        self.asker.amended(outcome)

    def report(self, report: ExamReport) -> None:
        self.asker.report(report)

    def summary(self, summary: Summary) -> None:
        self.echo(recap_json(summary))


def missed_lines(summary: Summary, shown: Callable[[Outcome], tuple[str, str]]) -> list[str]:
    """``Missed:`` and one line per missed card (question — right answer), for the terminal."""
    outcomes: Sequence[Outcome] = missed(summary)
    if not outcomes or summary.mode.value == "exam":  # an exam's report lists them already
        return []
    lines = ["Missed:"]
    for outcome in outcomes[:SHOWN_MISSED]:
        question, answer = shown(outcome)
        lines.append(f"  {question} — {answer}")
    if len(outcomes) > SHOWN_MISSED:
        lines.append(f"  … and {len(outcomes) - SHOWN_MISSED} more")
    return lines
