"""Grounding of explanations: no names, numbers or dates from outside the cited text.

An explanation may say more than the answer, but what it names (a person, a
place, a group, a number, a year or a date) must be in the paragraphs the card
cites or on the card itself (its prompt, answers, correction or options).
Capitalised words are names unless they start a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quizdeck.lint.answers import spelled_alike
from quizdeck.lint.findings import Finding, Level, at
from quizdeck.lint.text import (
    EDGE_PUNCTUATION,
    POSSESSIVE,
    has_number,
    has_phrase,
    stated_numbers,
    words,
)
from quizdeck.model import Card

#: A word that ends a sentence, so the next word's capital says nothing.
SENTENCE_END = re.compile(r"[.!?:;]['\"’”)]*$")
#: A capitalised word, or a name with a lower-case particle ("al-Maliki").
CAPITALISED = re.compile(r"^(?:(?:al|el|ad|as|ash|an)-)?[A-Z][\w'’.-]*$")
#: Capitalised words that name no claim: titles, and the language the decks are written in.
GENERIC = frozenset(
    {"prime", "minister", "president", "general", "commander", "english"}
    | {"alliance", "organization", "organisation", "force", "party", "army", "movement"}
)
#: Numbers written in words below this are counts ("the two groups"), not claims.
SMALL_COUNT = 13
#: Shortest known word a name's word may extend ("Iranian" for "Iran", "Iraqis" for "Iraq").
STEM_LENGTH = 4
#: Lower-case words that may sit inside a name ("Ayn al Asad", "Bank of Iraq").
NAME_JOINERS = frozenset({"al", "bin", "ibn", "of", "abu"})


def names_in(text: str) -> list[str]:
    """Runs of capitalised words of ``text``, leaving out each sentence's first word."""
    names: list[str] = []
    run: list[str] = []
    sentence_start = True
    for raw in text.split():
        token = raw.strip(EDGE_PUNCTUATION)
        capital = bool(CAPITALISED.match(token)) and len(token) > 1
        if (capital and not sentence_start) or (run and token in NAME_JOINERS):
            run.append(token)
        else:
            names.append(" ".join(run))
            run = []
        sentence_start = bool(SENTENCE_END.search(raw)) or not token
        if raw != raw.rstrip(",") or token != raw.strip("\"'“”‘’()"):
            names.append(" ".join(run))
            run = []
    names.append(" ".join(run))
    cleaned = (" ".join(w for w in name.split() if w not in NAME_JOINERS) for name in names)
    return list(dict.fromkeys(name for name in cleaned if name))


def _word_found(word: str, present: set[str]) -> bool:
    """Whether ``word`` or a form of it (Iranian, Iraqis, a variant spelling) is present."""
    if word in present or word in GENERIC or spelled_alike(word, present):
        return True
    return any(
        len(known) >= STEM_LENGTH and (word.startswith(known) or known.startswith(word))
        for known in present
    )


def _name_found(name: str, reference: str, present: set[str]) -> bool:
    if has_phrase(reference, name):
        return True
    capitalised = [part for part in re.split(r"[\s-]+", name) if part[:1].isupper()]
    name_words = [word for part in capitalised for word in words(POSSESSIVE.sub("", part))]
    if not name_words or not _word_found(name_words[-1], present):
        return False
    # The family name found is enough: "Qasem Soleimani" where the text has "Soleimani".
    return len(name_words) > 1 or _word_found(name_words[0], present)


def _is_claim(phrase: str, value: float) -> bool:
    """A number stated in digits, or in words from :data:`SMALL_COUNT` up."""
    return any(char.isdigit() for char in phrase) or value >= SMALL_COUNT


def outside_claims(explanation: str, reference: str) -> list[str]:
    """The names and numbers of ``explanation`` that ``reference`` does not hold."""
    present = set(words(reference)) | set(words(POSSESSIVE.sub("", reference)))
    missing = [name for name in names_in(explanation) if not _name_found(name, reference, present)]
    missing += [
        phrase
        for phrase, value in stated_numbers(explanation)
        if _is_claim(phrase, value) and not has_number(reference, value)
    ]
    return list(dict.fromkeys(missing))


def _card_text(card: Card) -> str:
    return " ".join([card.prompt, *card.answers, card.correction, *card.choices])


def ground_explanation(card: Card, cited: Sequence[str]) -> list[Finding]:
    """A warning when ``card``'s explanation names what neither it nor ``cited`` holds."""
    if not card.explanation.strip():
        return []
    reference = " ".join([*cited, _card_text(card)])
    missing = outside_claims(card.explanation, reference)
    if not missing:
        return []
    shown = ", ".join(f"'{claim}'" for claim in missing)
    message = f"explanation names {shown}, not in the cited paragraph(s) or the card"
    return [at(card, Level.WARNING, message)]
