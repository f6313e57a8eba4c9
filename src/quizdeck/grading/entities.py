"""Known entities: countries, and the names a deck's glossary lists for each of its entities.

An answer that names a known entity other than the card's is wrong, however many words it
shares with the card's answer or however close its spelling ("Austria" for "Australia").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from quizdeck.grading.countries import COUNTRY_NAMES
from quizdeck.grading.phrases import Token, tokens
from quizdeck.grading.text import Level, normalize

#: Other names of entities, one entry per entity (a deck glossary): an answer naming an entity
#: that is not the card's is wrong, whatever words it shares with the card's answer.
Glossary = Sequence[Sequence[str]]


def other_entity(
    answer: str, got: list[Token], matched: set[int], level: Level, glossary: Glossary
) -> str:
    """Whether the answer names a known entity (a country, a glossary name) not the card's own.

    A name counts inside the answer when one of its words is not among the accepted answer's
    words or matched them by a slip only ("Austria" is not a slip of "Australia"), and right
    before it ("Kataib Hezbollah"); when the answer is a country, anywhere ("Iran in Syria").
    """
    own = normalize(answer)
    start = min(matched)
    country = any(own in map(normalize, names) for names in COUNTRY_NAMES)
    found = [(n, name, span, False) for n, name, span in _named(got, tuple(map(tuple, glossary)))]
    found += [(n, name, span, True) for n, name, span in _named(got, COUNTRY_NAMES)]
    for names, name, span, is_country in found:
        if any(normalize(other) == own for other in names):
            continue
        inside = any(i in matched for i in span) and (
            any(i not in matched for i in span) or level == Level.TYPO
        )
        qualifier = span[-1] == start - 1 and got[start].joined
        if inside or qualifier or (country and is_country):
            return f"names another entity ({name})"
    return ""


@cache
def _name_index(
    entities: tuple[tuple[str, ...], ...],
) -> dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...]]]]:
    """(names of the entity, name, its words' keys) by the key of the name's first word."""
    index: dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...]]]] = {}
    for names in entities:
        for name in names:
            keys = tuple(token.word.key for token in tokens(name))
            if keys:
                index.setdefault(keys[0], []).append((names, name, keys))
    return index


def _named(
    got: list[Token], entities: tuple[tuple[str, ...], ...]
) -> list[tuple[tuple[str, ...], str, list[int]]]:
    """Every entity name standing in the answer: (its names, the name, the word indexes)."""
    index = _name_index(entities)
    found = []
    for start, token in enumerate(got):
        for names, name, keys in index.get(token.word.key, ()):
            end = start + len(keys)
            if end <= len(got) and all(got[start + i].word.key == k for i, k in enumerate(keys)):
                found.append((names, name, list(range(start, end))))
    return found


def is_country_word(got: list[Token], index: int) -> bool:
    """Whether the word at ``index`` starts or ends a country's name in the answer."""
    return any(index in (span[0], span[-1]) for _, _, span in _named(got, COUNTRY_NAMES))


def with_aliases(expected: Sequence[str], glossary: Glossary) -> tuple[str, ...]:
    """The accepted answers and every other name of the glossary entities they name: an
    answer naming the card's entity by any of its names is the answer."""
    wanted = {normalize(answer) for answer in expected}
    aliases = [
        name
        for names in glossary
        if any(normalize(name) in wanted for name in names)
        for name in names
    ]
    return tuple(dict.fromkeys([*expected, *aliases]))


def is_other_entity(answer: str, given: str, glossary: Glossary = ()) -> str:
    """Why ``given`` is another known entity than ``answer`` ("Austria" for "Australia"), or ""."""
    wanted, named = normalize(answer), normalize(given)
    if not named or wanted == named:
        return ""
    for names in (*glossary, *COUNTRY_NAMES):
        normalized = {normalize(name) for name in names}
        if named in normalized and wanted not in normalized:
            return f"names another entity ({given.strip()})"
    return ""
