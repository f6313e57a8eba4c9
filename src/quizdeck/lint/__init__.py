"""Quality checks on valid decks, and grounding of cards in their source text.

The checks are split by job: :mod:`.quality` (each card alone, repeated
prompts), :mod:`.siblings` (cards that test one fact), :mod:`.grounding`
(answers in the cited paragraphs), :mod:`.explanations` (explanations that
bring in names, numbers or dates the cited paragraphs do not give). They are
built on :mod:`.text` (words, numbers and dates in text) and :mod:`.answers`
(what a card's answer is, and whether a text holds it). Every check returns
:class:`Finding`\\ s; :func:`lint` runs them all into a :class:`Report`.
"""

from quizdeck.kinds.truefalse import statement_of
from quizdeck.lint.answers import Support, answer_in, answer_kind, support, variants
from quizdeck.lint.findings import Finding, Level
from quizdeck.lint.grounding import Coverage, Source, SourceError, ground_card, ground_decks
from quizdeck.lint.quality import lint_decks
from quizdeck.lint.report import Report, lint
from quizdeck.lint.text import (
    content_words,
    dates_in,
    has_phrase,
    names_date,
    numbers_in,
    stated_numbers,
    words,
)

__all__ = [
    "Coverage",
    "Finding",
    "Level",
    "Report",
    "Source",
    "SourceError",
    "Support",
    "answer_in",
    "answer_kind",
    "content_words",
    "dates_in",
    "ground_card",
    "ground_decks",
    "has_phrase",
    "lint",
    "lint_decks",
    "names_date",
    "numbers_in",
    "stated_numbers",
    "statement_of",
    "support",
    "variants",
    "words",
]
