"""No regex in quiz grows faster than linearly on what it reads: deck text, CSV and Anki fields,
JSON, progress exports, typed answers.

Adversarial review F1, F4 and F6 were regexes that backtracked (exponential, cubic, quadratic)
on text an attacker wrote. Every regex of ``src/quizdeck`` is listed below (a new one fails
``test_every_regex_is_listed`` until it is) and timed on pumped strings of 1, 10 and 100 KB:
its own characters and literal runs, the attacks below, and (slow) every pair of its
characters. Times are compared as ratios between sizes, never against a clock.

A regex made linear by how it is called says so in ``CALLED``: ``match`` and ``fullmatch``
try one start, where the default check, ``finditer``, tries every start (as ``search``,
``sub``, ``findall`` and ``split`` do).
"""

from __future__ import annotations

import re
import time
from functools import partial

import pytest

from growth import pumped, superlinear
from regex_inventory import Found, pumps, regexes

#: Every regex in src/quizdeck, by what it reads.
LISTED = (
    # deck files: TOML text, lines, keys, ids, cloze prompts, sources
    "quizdeck.decks.authoring.CARD_HEADER",
    "quizdeck.decks.authoring.TABLE_HEADER",
    "quizdeck.decks.authoring: (?<!\\\\)\\|",
    "quizdeck.decks.authoring: [a-z0-9]+",
    "quizdeck.decks.authoring: ^\\s*[\"']?id[\"']?\\s*=\\s*[\"']([^\"']*)[\"']",
    "quizdeck.decks.format.SLUG",
    "quizdeck.decks.images._EVENT_HANDLER",
    "quizdeck.decks.locate.CARD_HEADER",
    "quizdeck.decks.locate.DECK_HEADER",
    "quizdeck.decks.locate.KEY_LINE",
    "quizdeck.decks.locate: \\(at line (\\d{1,9}), column (\\d{1,9})\\)",
    "quizdeck.decks.chunks.NEW_ESCAPE",
    "quizdeck.decks.chunks.TRAILING_COMMA",
    "quizdeck.decks.chunks.BRACE_TO_LINE_END",
    "quizdeck.decks.chunks.CLOCK",
    "quizdeck.decks.chunks.DATE_BEFORE",
    "quizdeck.decks.chunks.CHUNK_START",
    "quizdeck.kinds.date: (\\d{4})-(\\d{2})(?:-(\\d{2}))?",
    "quizdeck.kinds.match._PAIR_SPLIT",
    "quizdeck.kinds.truefalse.TRUE_OR_FALSE",
    "quizdeck.kinds.typed: -?\\d+",
    "quizdeck.kinds.values.ISO_DATE",
    "quizdeck.kinds.values.NUMBER",
    "quizdeck.kinds.values: \\d{1,4}",
    # everything shown: escapes made inert
    "quizdeck.display._UNSAFE",
    "quizdeck.display._JSON_UNSAFE",
    # grading: deck answers and typed answers
    "quizdeck.grading.countries._ASKS_COUNTRY",
    "quizdeck.grading.dates._DATE_TOKEN",
    "quizdeck.grading.asked._ASKS_YEAR",
    "quizdeck.grading.dates: [-/.]",
    "quizdeck.grading.lists._ITEM_SPLIT",
    "quizdeck.grading.names: re.escape(word)",
    "quizdeck.grading.numbers._SPACE_GROUPING",
    "quizdeck.grading.numbers._GROUPING",
    "quizdeck.grading.numbers._NUMBER_TOKEN",
    "quizdeck.grading.numbers._DECIMAL_COMMA",
    "quizdeck.grading.numbers._ONE_GROUP",
    "quizdeck.grading.text._APOSTROPHES",
    "quizdeck.grading.text._DOTTED_ACRONYM",
    "quizdeck.grading.text._NON_WORD",
    "quizdeck.grading.text._DOUBLED",
    "quizdeck.grading.text._DIPHTHONG",
    "quizdeck.grading.text._VOWEL_Y",
    "quizdeck.grading.text._HYPHENATED_ARTICLE",
    "quizdeck.grading.wording._TITLE",
    "quizdeck.grading.wording._LEADING_PLACE",
    "quizdeck.grading.wording._TRAILING_PLACE_REVERSED",
    "quizdeck.grading.wording._LEADING_POSSESSIVE",
    "quizdeck.grading.wording._OPENING",
    "quizdeck.grading.wording._CLOSING",
    "quizdeck.grading.wording._TRAILING_POSSESSIVE",
    "quizdeck.grading.wording._SHORTENED_COMPOUND",
    "quizdeck.grading.wording: [-‐]",
    "quizdeck.grading.wording: [\\s\\-‐]+",
    # CSV, Anki text and packages, Quizlet
    "quizdeck.interchange.anki: \\s+",
    "quizdeck.interchange.anki_html.CONTROLS",
    "quizdeck.interchange.anki_html._MARKUP",
    "quizdeck.interchange.anki_text._DIRECTIVE",
    "quizdeck.interchange.anki_text._TAG",
    "quizdeck.interchange.quizlet._SPACES",
    # quiz lint: deck text and source texts
    "quizdeck.lint.explanations.SENTENCE_END",
    "quizdeck.lint.explanations.CAPITALISED",
    "quizdeck.lint.explanations: [\\s-]+",
    "quizdeck.lint.findings: ^\\s*\\[\\s*deck\\s*\\]",
    "quizdeck.lint.shapes.MONTH",
    "quizdeck.lint.shapes._COMMA_GAP",
    "quizdeck.lint.shapes._LAST_GAP",
    "quizdeck.lint.shapes._MARK",
    "quizdeck.lint.sorts.YEAR",
    "quizdeck.lint.sorts.DECADE",
    "quizdeck.lint.text.POSSESSIVE",
    "quizdeck.lint.text.YEAR_TOKEN",
    "quizdeck.lint.text.CLAUSE_END",
    "quizdeck.lint.text.DATE_NUMBER",
    "quizdeck.lint.text: (?<=[^\\W\\d_])-(?=[^\\W\\d_])|[–—]",
    "quizdeck.lint.text: [^\\W_]+",
    # progress exports (quiz report), profile names, settings, typed keys
    "quizdeck.report.exports._ID",
    "quizdeck.paths.PROFILE_PATTERN",
    "quizdeck.session.distractors.WHO",
    "quizdeck.session.distractors.WHEN",
    "quizdeck.session.distractors: \\d{4}",
    "quizdeck.session.distractors: \\d{4}-\\d{2}(-\\d{2})?",
    "quizdeck.settings: ([0-9]{1,9}(?:\\.[0-9]{1,6})?)\\s*([smhd]?)",
    "quizdeck.settings: [\\s,]+",
    "quizdeck.ui.keys: [\\s,;]+",
    "quizdeck.ui.keys: \\d{1,4}",
    "quizdeck.ui.keys: \\d{1,6}",
    "quizdeck.ui.wizard: [,|]",
    # added with the glossary, the give-away detector and the grading principle
    "quizdeck.decks.answer_forms._APOSTROPHES",
    "quizdeck.decks.answer_forms._DIGIT",
    "quizdeck.decks.answer_forms._GLUED_DIGITS",
    "quizdeck.decks.answer_forms._ISO_DATE",
    "quizdeck.decks.answer_forms._GROUPING",
    "quizdeck.decks.answer_forms._NUMERIC_DATE",
    "quizdeck.decks.answer_forms._ORDINAL",
    "quizdeck.decks.answer_forms._POSSESSIVE",
    "quizdeck.decks.answer_forms._QUOTES",
    "quizdeck.decks.answer_forms._TOKEN",
    "quizdeck.decks.answer_forms._WHO",
    "quizdeck.decks.answer_forms: [\\s\\-‐]+",
    "quizdeck.decks.locate.ENTITY_HEADER",
    "quizdeck.decks.locate.STUDY_HEADER",
    "quizdeck.grading.dates._DOTTED_DAY",
    "quizdeck.grading.numbers._PLAIN_SPACE_GROUPS",
    "quizdeck.grading.phrases._APOSTROPHES",
    "quizdeck.grading.phrases._CONTRACTION",
    "quizdeck.grading.phrases._IRREGULAR_NOT",
    "quizdeck.grading.phrases._DOTTED",
    "quizdeck.grading.phrases._PIECE",
    "quizdeck.grading.text._ACRONYM_NUMERAL",
    "quizdeck.grading.text._LETTERS_DIGITS",
    "quizdeck.kinds.flip._WORD",
    "quizdeck.ui.text.LINE_HEAD",
)

#: Regexes only ever called on one start (see the module's docstring).
CALLED = {
    "quizdeck.grading.wording._TRAILING_PLACE_REVERSED": "match",
    "quizdeck.lint.shapes._COMMA_GAP": "fullmatch",
    "quizdeck.lint.shapes._LAST_GAP": "fullmatch",
    "quizdeck.decks.answer_forms._ISO_DATE": "fullmatch",
}

#: Patterns built at run time from escaped text: a literal search, linear.
LITERAL = {"quizdeck.grading.names: re.escape(word)"}

#: Attacks beyond the generated ones: (prefix, unit, suffix), the unit repeated.
ATTACKS: dict[str, list[tuple[str, str, str]]] = {
    "quizdeck.lint.shapes._LAST_GAP": [("", " ", "x"), (",", " ", "and")],
    "quizdeck.grading.wording._TRAILING_PLACE_REVERSED": [("", " in a", "!"), ("", "a ,", "!")],
    "quizdeck.grading.wording._TITLE": [("", "dr. ", "1"), ("the ", "mr ", "!")],
    "quizdeck.decks.locate.KEY_LINE": [('"', "\\\\", ""), ("", " ", "!")],
    "quizdeck.interchange.anki_text._TAG": [("", "<", "!"), ("", "<a", "")],
    "quizdeck.display._UNSAFE": [("", "\x1b[", "")],
}


def inventory() -> dict[str, Found]:
    found: dict[str, Found] = {}
    for each in regexes():
        found.setdefault(each.name, each)
    return found


INVENTORY = inventory()


def test_every_regex_is_listed() -> None:
    assert sorted(INVENTORY) == sorted(LISTED)


def _call(name: str, pattern: re.Pattern[str], text: str) -> None:
    how = CALLED.get(name, "finditer")
    if how == "finditer":
        for _ in pattern.finditer(text):
            pass
    else:
        getattr(pattern, how)(text)


def _steep(name: str, pattern: re.Pattern[str], prefix: str, unit: str, suffix: str) -> bool:
    """A quick look: whether ten times the input took much more than ten times as long."""
    make = pumped(prefix, unit, suffix)

    def least(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            _call(name, pattern, text)
            best = min(best, time.process_time() - start)
        return best

    return least(make(10_240)) > 25 * max(least(make(1024)), 1e-6)


def _check(name: str, attacks: list[tuple[str, str, str]]) -> None:
    found = INVENTORY[name]
    if found.pattern is None:
        assert name in LITERAL
        return
    pattern = found.pattern
    for prefix, unit, suffix in attacks:
        if _steep(name, pattern, prefix, unit, suffix):  # measured properly before failing
            why = superlinear(partial(_call, name, pattern), pumped(prefix, unit, suffix))
            assert why is None, f"{name} on {prefix!r} + {unit!r} * n + {suffix!r}: {why}"


@pytest.mark.parametrize("name", LISTED)
def test_no_regex_is_superlinear_on_its_own_characters(name: str) -> None:
    found = INVENTORY[name]
    generated = pumps(found.pattern) if found.pattern is not None else []
    _check(name, [*generated, *ATTACKS.get(name, [])])


@pytest.mark.slow
@pytest.mark.parametrize("name", LISTED)
def test_no_regex_is_superlinear_on_pairs_of_its_characters(name: str) -> None:
    found = INVENTORY[name]
    _check(name, pumps(found.pattern, pairs=True) if found.pattern is not None else [])
