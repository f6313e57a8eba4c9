"""Names and phrases: text and person answers graded against every accepted answer.

Beyond the spelling rules of :mod:`.text`, a few harmless differences are
forgiven, each named in the grade's ``reason``: titles before a name,
place words and brackets the question itself explains, an organisation's
generic words or its initials, a country's other names (and its people,
when the question asks which country), describing words before a common
noun, and a day and month written another way.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from quizdeck.grading.claims import assess
from quizdeck.grading.countries import (
    asks_for_country,
    country_named,
    country_of_people,
    is_country,
)
from quizdeck.grading.dates import same_day_and_month
from quizdeck.grading.entities import Glossary, is_other_entity
from quizdeck.grading.numerals import roman_value
from quizdeck.grading.organisations import distinctive_level, initials_match
from quizdeck.grading.phrases import answer_words, question_words
from quizdeck.grading.places import place_named
from quizdeck.grading.text import (
    Level,
    Word,
    name_words,
    normalize,
    text_level,
    word_level,
    words_level,
)
from quizdeck.grading.verdict import NOTE_CLOSE, NOTE_PART, NOTE_TYPO, TYPO_SCORE, Grade, first
from quizdeck.grading.wording import (
    describing_words,
    is_common_noun,
    is_name,
    shortened_compounds,
    unwrapped,
)


def _family_name(words: Sequence[Word]) -> list[Word]:
    """The family name of a full name: its last word, or ``Abdul X`` as a whole."""
    if len(words) >= 2 and words[-2].key == "abd":
        return list(words[-2:])
    return list(words[-1:])


def person_level(expected: str, given: str) -> Level:
    """How well a name matches: in full, or by the family name alone."""
    candidates = [given]
    first_part, comma, last = given.partition(",")
    if comma and first_part.strip() and last.strip():
        candidates.append(f"{last} {first_part}")
    best = Level.WRONG
    expected_words = name_words(expected)
    family = _family_name(expected_words)
    for candidate in candidates:
        best = max(best, text_level(expected, candidate))
        given_words = name_words(candidate)
        if family and len(given_words) == len(family) and len(family) < len(expected_words):
            level = words_level(family, given_words)
            if level >= Level.TYPO:
                best = max(best, level)
    return best


@dataclass(frozen=True)
class _Match:
    """How one form of the answer matches one accepted answer, and why."""

    level: Level
    reason: str
    answer: str = ""
    given: str = ""


_WRONG_REASONS = {
    Level.CLOSE: "more than a typo away",
    Level.PART: "only part of the name",
    Level.WRONG: "a different answer",
}


def _plain_match(answer: str, given: str, *, person: bool, variant: bool) -> _Match:
    """Compare as written: exact, a spelling variant, the family name, or a typo."""
    level = person_level(answer, given) if person else text_level(answer, given)
    if level == Level.EXACT:
        if normalize(answer) == normalize(given):
            reason = "accepted variant" if variant else "exact"
        elif person and text_level(answer, given) < Level.EXACT:
            reason = "family name"
        else:
            reason = "spelling variant"
    elif level == Level.TYPO:
        reason = "typo"
    else:
        reason = _WRONG_REASONS[level]
    return _Match(level, reason, answer, given)


def _lenient_matches(answer: str, given: str, prompt: str, *, person: bool) -> list[_Match]:
    """Matches by the rules beyond spelling: organisations, countries, descriptions, dates."""
    found: list[_Match] = []
    if not person and is_name(answer):
        level = distinctive_level(answer, given)
        if level >= Level.TYPO:
            found.append(_Match(level, "generic words of the name left out", answer, given))
        if initials_match(answer, given):
            found.append(_Match(Level.EXACT, "initials", answer, given))
    country = country_named(answer)
    place = place_named(answer)
    if place and place_named(given) == place and normalize(given) != normalize(answer):
        what = "country" if country or is_country(place) else "place"
        found.append(_Match(Level.EXACT, f"another name of the {what}", answer, given))
    if country and asks_for_country(prompt) and country_of_people(given) == country:
        found.append(_Match(Level.EXACT, "the country's people or adjective", answer, given))
    if is_common_noun(answer):
        for words, rest in describing_words(given):
            level = text_level(answer, rest)
            if level >= Level.TYPO:
                found.append(_Match(level, f"describing word left aside ({words})", answer, rest))
    return found


def _epithet_forms(answer: str, prompt: str) -> list[str]:
    """A ruler's name with the epithet the question gives in place of the number: "Richard the
    Lionheart" for "Richard I" when the question asks who was "called the Lionheart"."""
    words = answer.split()
    if len(words) < 2 or roman_value(words[-1]) is None:
        return []
    asked = [word.strip(".,;:?!'\"") for word in prompt.split()]
    epithets = [
        f"the {word}"
        for (called, the, word) in zip(asked, asked[1:], asked[2:], strict=False)
        if called.lower() in _CALLED and the.lower() == "the" and word[:1].isupper()
    ]
    return [" ".join([*words[:-1], epithet]) for epithet in epithets]


#: Words before an epithet the question gives: "called the Lionheart", "known as the Great".
_CALLED = frozenset({"called", "as", "nicknamed", "named", "surnamed", "dubbed"})


def _matches(
    answer: str, given: str, context: Container[str], prompt: str, *, person: bool, variant: bool
) -> list[_Match]:
    """Every way ``given`` matches one accepted answer."""
    found: list[_Match] = []
    for epithet in _epithet_forms(answer, prompt) if person else []:
        for text, _ in unwrapped(given, context, name=True):
            level = text_level(epithet, text)
            if level >= Level.TYPO:
                found.append(_Match(level, "the epithet the question gives", epithet, text))
    forms = [(answer, "")]
    shortened = shortened_compounds(answer)
    if shortened != answer:
        forms.append((shortened, "description shortened"))
    name = person or is_name(answer)
    for form, form_reason in forms:
        for text, dropped in unwrapped(given, context, name=name):
            plain = _plain_match(form, text, person=person, variant=variant)
            if same_day_and_month(form, text):
                plain = _Match(Level.EXACT, "same day and month", form, text)
            for match in [plain, *_lenient_matches(form, text, prompt, person=person)]:
                reasons = [*dropped, form_reason] if match.level >= Level.TYPO else []
                reason = "; ".join([match.reason, *filter(None, reasons)])
                found.append(_Match(match.level, reason, match.answer, match.given or text))
    return found


def _mark(word: str, typed: str) -> str:
    """``word`` with the letters that differ from ``typed`` between asterisks: "Kad*h*imi"."""
    changes = [op for op in Levenshtein.opcodes(word.lower(), typed.lower()) if op.tag != "equal"]
    if not changes:
        return word
    start, end = min(op.src_start for op in changes), max(op.src_end for op in changes)
    if start == end:
        start, end = (start, start + 1) if start < len(word) else (start - 1, start)
    return f"{word[:start]}*{word[start:end]}*{word[end:]}"


def _original_form(word: str, answer: str) -> str:
    """How ``word`` (normalized) is written in the accepted answer, for showing it."""
    found = re.search(re.escape(word), answer, re.IGNORECASE)
    return found.group(0) if found else word


def typo_at(answer: str, given: str) -> str:
    """The expected word with the slip marked ("Kad*h*imi"), or "" when it cannot be placed."""
    want, got = name_words(answer), name_words(given)
    if 0 < len(got) < len(want):
        want = want[-len(got) :]
    if len(want) != len(got):
        return ""
    for expected, typed in zip(want, got, strict=True):
        if word_level(expected, typed) == Level.TYPO:
            return _mark(_original_form(expected.text, answer), typed.text)
    return ""


def _grade_from(best: _Match, shown: str) -> Grade:
    """The grade for the best match found."""
    if best.level == Level.EXACT:
        return Grade(1.0, True, "", shown, best.reason)
    if best.level == Level.TYPO:
        where = typo_at(best.answer, best.given) if best.answer and best.given else ""
        note = f"{NOTE_TYPO} ({where})" if where else NOTE_TYPO
        reason = best.reason.replace("typo", f"typo at {where}", 1) if where else best.reason
        return Grade(TYPO_SCORE, True, note, shown, reason)
    note = {Level.CLOSE: NOTE_CLOSE, Level.PART: NOTE_PART}.get(best.level, "")
    return Grade(0.0, False, note, shown, best.reason)


def _better(match: _Match, best: _Match) -> bool:
    """Whether ``match`` beats ``best``: a higher level, or as right with fewer allowances."""
    if match.level != best.level:
        return match.level > best.level
    return match.level >= Level.TYPO and match.reason.count(";") < best.reason.count(";")


def _all_matches(
    answer: str,
    given: str,
    prompt: str,
    *,
    person: bool,
    variant: bool,
    glossary: Glossary,
    own: frozenset[str] = frozenset(),
) -> list[_Match]:
    """The matches of the rules above and of :mod:`.claims`; none that names another entity.

    ``own`` holds the words of the card's accepted answers: what they name is the card's own.
    """
    context = question_words(prompt)
    found = _matches(answer, given, context | own, prompt, person=person, variant=variant)
    judged = assess(answer, given, context | own, person=person, glossary=glossary, own=own)
    found.append(_Match(judged.level, judged.reason, answer, given))
    other = is_other_entity(answer, given, glossary)
    if not other:
        return found
    return [
        match if match.level < Level.TYPO else _Match(Level.WRONG, other, answer, given)
        for match in found
    ]


def grade_text(
    expected: Sequence[str],
    given: str,
    *,
    person: bool,
    prompt: str = "",
    glossary: Glossary = (),
) -> Grade:
    """Grade a text or person answer against every accepted answer; the best match counts.

    ``prompt`` is the question: places it names may qualify the answer, and a
    question asking "which country" takes the country's people or adjective.
    ``glossary`` lists the entities a deck knows, each by all its names: one
    that is not the card's is never taken for it (see :mod:`.claims`).
    """
    best = _Match(Level.WRONG, "a different answer")
    own = answer_words(expected)
    for index, answer in enumerate(expected):
        found = _all_matches(
            answer, given, prompt, person=person, variant=index > 0, glossary=glossary, own=own
        )
        for match in found:
            if match.level > best.level or (
                match.level == best.level == Level.EXACT
                and match.reason.count(";") < best.reason.count(";")
            ):
                best = match
    return _grade_from(best, first(expected))
