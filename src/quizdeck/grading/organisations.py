"""Organisations: the distinctive part of a name without its generic words, and initials."""

from __future__ import annotations

from quizdeck.grading.text import Level, Word, name_words, words_level

#: Words that say what kind of body a group is, not which one: never enough alone.
GENERIC_WORDS = frozenset({
    "alliance", "organization", "organisation", "forces", "force", "units", "unit",
    "brigades", "brigade", "party", "movement", "coalition", "committee", "committees",
    "front", "group", "militia", "militias", "corps", "bloc", "council", "network", "club",
    "society",
})  # fmt: skip
#: Small words skipped when taking a name's initials.
_SKIPPED = frozenset({"al", "el", "ul", "the", "of", "and", "for", "in", "de", "a", "an"})


def _split(words: list[Word]) -> tuple[list[Word], list[Word]]:
    """(distinctive words, generic words) of a name."""
    distinctive = [w for w in words if w.text not in GENERIC_WORDS]
    generic = [w for w in words if w.text in GENERIC_WORDS]
    return distinctive, generic


def distinctive_level(expected: str, given: str) -> Level:
    """How well the distinctive parts match when one side has generic words the other lacks.

    "Badr" and "Badr Brigades" both name the Badr Organization; a generic word
    alone ("Forces") never does, and every distinctive word must be there.
    """
    want, want_generic = _split(name_words(expected))
    got, got_generic = _split(name_words(given))
    if not want or not got or not (want_generic or got_generic):
        return Level.WRONG
    level = words_level(want, got)
    return level if level >= Level.TYPO else Level.WRONG


def initials(text: str) -> str:
    """A name's initials, small words skipped: "Asaib Ahl al-Haq" → "aah"."""
    return "".join(w.text[0] for w in name_words(text) if w.text not in _SKIPPED)


def _acronym(text: str) -> str | None:
    """The acronym an answer is, if it is one word of 2-6 letters ("KH", "P.M.U.")."""
    words = name_words(text)
    if len(words) != 1 or not words[0].text.isalpha() or not 2 <= len(words[0].text) <= 6:
        return None
    return words[0].text


def initials_match(expected: str, given: str) -> bool:
    """Whether one side is the initials of the other's words.

    The given initials may swap the generic last word for another ("PMF" for
    Popular Mobilization Units). A full name given for an expected acronym
    needs three letters or more (two-letter initials fit too many names).
    """
    acronym = _acronym(given)
    if acronym is not None and len(name_words(expected)) >= 2:
        full = initials(expected)
        if acronym == full:
            return True
        distinctive, generic = _split(name_words(expected))
        stem = "".join(w.text[0] for w in distinctive if w.text not in _SKIPPED)
        swapped = {stem + g[0] for g in GENERIC_WORDS}
        return bool(generic) and len(stem) >= 2 and acronym in swapped
    wanted = _acronym(expected)
    if wanted is not None and len(wanted) >= 3 and len(name_words(given)) >= 2:
        return initials(given) == wanted
    return False
