"""Accepted answers a deck's glossary already gives: ``accept`` should hold only what is
truly the card's own."""

from __future__ import annotations

from quizdeck.lint.findings import Finding, Level, at
from quizdeck.model import Card


def glossary_checks(card: Card) -> list[Finding]:
    """A warning for each of the card's accepted answers that the glossary already lists as a
    name of the card's entity (the grader takes it without the ``accept`` entry)."""
    if not card.glossary or len(card.answers) < 2:
        return []
    from quizdeck.grading.entities import with_aliases
    from quizdeck.grading.text import normalize

    named = {normalize(name) for name in with_aliases(card.answers[:1], card.glossary)}
    return [
        at(card, Level.WARNING, f"accept '{answer}' is a name in the glossary: drop it")
        for answer in card.answers[1:]
        if normalize(answer) in named
    ]
