"""Harmless words around an answer: titles, place wrappers, brackets, and describing words."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterator

from quizdeck.grading.countries import country_of_people, is_country
from quizdeck.grading.text import normalize

#: Titles and honorifics that may stand before a name (longest first when they overlap).
TITLES = (
    "deputy prime minister", "prime minister", "deputy pm", "pm", "premier", "vice president",
    "president", "major general", "lieutenant general", "brigadier general", "general", "gen",
    "commander", "field marshal", "colonel", "col", "sheikh", "shaikh", "shaykh", "sheik",
    "sayyid", "sayed", "seyed", "grand ayatollah", "ayatollah", "mullah", "hajji", "haji",
    "minister", "speaker", "dr", "doctor", "mr", "mrs", "ms", "miss", "sir", "emir", "king",
    "prince", "leader", "chief", "mp", "emperor", "empress", "tsar", "czar", "kaiser", "queen",
    "chancellor", "pope", "lord", "lady", "duke", "saint", "st", "madame", "mme", "madam",
    "monsieur", "professor", "prof", "count", "countess", "baron", "baroness", "dame", "earl",
    "princess", "sultan", "caliph", "shah", "pharaoh", "cardinal", "archbishop", "bishop",
)  # fmt: skip
_TITLE = re.compile(r"^(?:the\s+)?(?:(?:" + "|".join(TITLES) + r")\.?\s+)+", re.IGNORECASE)
_LEADING_PLACE = re.compile(
    r"^(?:in|at|on|from|near|inside|the|a|an)\s+(?:(?:the\s+)?(?:city|town|province|district|"
    r"area|region|village) of\s+)?|^(?:the\s+)?(?:city|town|province|district|area|region|"
    r"village) of\s+",
    re.IGNORECASE,
)
#: ", Place" or " in Place" ending the answer, read on the reversed answer and matched at its
#: start only: searching forwards for ``(?:\s*,\s*|\s+in\s+)([^\W\d_][\w' -]*)$`` is quadratic.
_TRAILING_PLACE_REVERSED = re.compile(r"([\w' -]*[^\W\d_])(?:\s*,\s*|\s+ni\s+)", re.IGNORECASE)
_LEADING_POSSESSIVE = re.compile(r"^([^\W\d_][\w-]*)['’]s\s+")
_OPENING = re.compile(r"[(\[]")
_CLOSING = re.compile(r"[)\]]")
_TRAILING_POSSESSIVE = re.compile(r"['’]s\s*$")
_CONNECTORS = frozenset({"al", "el", "the", "of", "and", "de", "bin", "ibn", "ul", "a", "an"})

#: Words that change what a noun names: never dropped as a harmless description. Besides
#: negations and stand-ins ("fake", "former"), words that move a thing to another body
#: ("foreign", "international") or weaken it ("weak", "narrow", "alleged").
CHANGING_WORDS = frozenset({
    "no", "not", "non", "never", "without", "anti", "former", "ex", "fake", "false", "pseudo",
    "mock", "vice", "deputy", "acting", "half", "semi", "un", "zero", "few", "some", "many",
    "less", "fewer", "little", "toy", "model", "replica", "imitation", "counter",
    "martial", "civil", "other", "different", "another", "nor", "neither", "almost",
    "nearly", "sub", "post", "pre", "mini", "own", "self", "enemy", "rival", "foreign",
    "international", "domestic", "weak", "weaker", "narrow", "slight", "partial", "nominal",
    "alleged", "supposed", "illegitimate", "failed", "lost", "lesser",
})  # fmt: skip


def is_name(answer: str) -> bool:
    """Whether an answer is a proper name: every word but al-/of/the... starts with a capital."""
    words = [w for w in re.split(r"[\s\-‐]+", answer.strip()) if w and w[0].isalpha()]
    significant = [w for w in words if w.lower() not in _CONNECTORS]
    return bool(significant) and all(not w[0].islower() for w in significant)


def is_common_noun(answer: str) -> bool:
    """Whether an answer is an ordinary lower-case phrase of at most three words ("drone")."""
    return (
        answer == answer.lower()
        and 0 < len(answer.split()) <= 3
        and any(c.isalpha() for c in answer)
    )


def drop_title(text: str) -> str:
    """The answer without titles before the name ("PM Kadhimi" → "Kadhimi"); "" if only a title."""
    return _TITLE.sub("", text.strip()).strip()


def _known(words: str, context: Container[str]) -> bool:
    """Whether a qualifier is harmless: a country, or words the question itself uses."""
    return is_country(words) or all(word in context for word in normalize(words).split())


def _qualifies(rest: str, qualifier: str, context: Container[str]) -> bool:
    """Whether ``qualifier`` only places ``rest``: known, and not a second country (a hedge)."""
    return _known(qualifier, context) and not (is_country(rest) and is_country(qualifier))


def bracketed(text: str) -> Iterator[tuple[int, int, str]]:
    """Each "(…)" or "[…]" of ``text`` with the spaces before it: (start, end, inside).

    What ``\\s*[(\\[]([^)\\]]*)[)\\]]`` finds, in one pass (the regex is quadratic).
    """
    position = 0
    while (opening := _OPENING.search(text, position)) and (
        closing := _CLOSING.search(text, opening.end())
    ):
        start = opening.start()
        while start > position and text[start - 1].isspace():
            start -= 1
        yield start, closing.end(), text[opening.end() : closing.start()]
        position = closing.end()


def _drop_brackets(text: str, context: Container[str]) -> str:
    found = list(bracketed(text))
    pieces, last = [], 0
    for start, end, _inside in found:
        pieces.append(text[last:start])
        last = end
    rest = "".join([*pieces, text[last:]]).strip()
    if not all(_qualifies(rest, inside, context) for _start, _end, inside in found):
        return text
    return rest


def trailing_place(text: str) -> tuple[int, str] | None:
    """Where a trailing ", Place" or " in Place" starts, and the place; None without one."""
    match = _TRAILING_PLACE_REVERSED.match(text[::-1])
    return (len(text) - match.end(), match.group(1)[::-1]) if match else None


def _drop_place_words(text: str, context: Container[str]) -> str:
    text = _LEADING_PLACE.sub("", text.strip())
    trailing = trailing_place(text)
    if trailing and _qualifies(text[: trailing[0]], trailing[1], context):
        text = text[: trailing[0]]
    return _TRAILING_POSSESSIVE.sub("", text).strip()


def _drop_owner(text: str, context: Container[str]) -> str:
    owner = _LEADING_POSSESSIVE.match(text.strip())
    if owner and _known(owner.group(1), context):
        return text.strip()[owner.end() :].strip()
    return text


def _drop_title(text: str, context: Container[str]) -> str:
    return drop_title(text)


#: (what is dropped, how) for a name answer; each may apply on top of the ones before it.
_NAME_WRAPPERS: tuple[tuple[str, Callable[[str, Container[str]], str]], ...] = (
    ("bracketed words dropped", _drop_brackets),
    ("place words dropped", _drop_place_words),
    ("owner dropped", _drop_owner),
    ("title dropped", _drop_title),
)
_PHRASE_WRAPPERS = _NAME_WRAPPERS[:2]


def unwrapped(
    given: str, context: Container[str], *, name: bool
) -> list[tuple[str, tuple[str, ...]]]:
    """The answer and its forms without harmless wrappers, each with what was dropped.

    ``context`` holds the question's own words: a place the question names may
    follow the answer ("Green Zone, Baghdad") or stand in brackets.
    """
    forms: list[tuple[str, tuple[str, ...]]] = [(given, ())]
    for reason, drop in _NAME_WRAPPERS if name else _PHRASE_WRAPPERS:
        for text, reasons in list(forms):
            shorter = drop(text, context)
            if normalize(shorter) and normalize(shorter) != normalize(text):
                forms.append((shorter, (*reasons, reason)))
    return forms


#: Describing words without an adjective's ending that may still stand before a thing.
PLAIN_DESCRIBING_WORDS = frozenset({
    "small", "large", "big", "tiny", "heavy", "light", "suicide", "kamikaze", "attack",
    "military", "army", "battle", "combat", "war", "missile", "rocket", "bomb",
})  # fmt: skip
_DESCRIBING_ENDINGS = ("ed", "ing", "ive", "ous", "ful", "less", "ic")
_ARTICLE_WORDS = frozenset({"a", "an", "the"})


def is_describing(token: str) -> bool:
    """Whether a word of the answer reads as a plain description ("armed", "bomb-laden")."""
    word = token.lower().strip(",.")
    parts = re.split(r"[-‐]", word)
    if not all(part.isalpha() for part in parts) or any(p in CHANGING_WORDS for p in parts):
        return False
    if any(country_of_people(part) or is_country(part) for part in parts):
        return False  # a country's adjective names another entity ("the Iranian army")
    return (
        len(parts) > 1
        or word in PLAIN_DESCRIBING_WORDS
        or (len(word) > 4 and word.endswith(_DESCRIBING_ENDINGS))
    )


def describing_words(given: str) -> list[tuple[str, str]]:
    """Readings as (describing words, the rest): "an armed drone" → [("armed", "drone")].

    One or two words are taken, each of them an adjective by its ending
    ("armed", "explosive"), a hyphenated compound ("bomb-laden") or a plain
    describing word ("small", "suicide"); never a possessive ("Saddam's") or a
    word that changes what the noun names (:data:`CHANGING_WORDS`).
    """
    tokens = given.split()
    if tokens and tokens[0].lower() in _ARTICLE_WORDS:
        tokens = tokens[1:]
    readings = []
    for count in (1, 2):
        head, rest = tokens[:count], tokens[count:]
        if rest and len(head) == count and all(is_describing(token) for token in head):
            readings.append((" ".join(head), " ".join(rest)))
    return readings


_SHORTENED_COMPOUND = re.compile(
    r"\b([^\W\d_]+)[-‐](?:laden|filled|packed|loaded|carrying|rigged|tipped|armed)\b"
)


def shortened_compounds(expected: str) -> str:
    """The answer with "explosive-laden" written as "explosive"; unchanged when it has none."""
    return _SHORTENED_COMPOUND.sub(r"\1", expected)
