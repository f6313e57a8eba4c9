"""Known entities: countries, and the names a deck's glossary lists for each of its entities.

An answer that names a known entity other than the card's is wrong, however many words it
shares with the card's answer or however close its spelling ("Austria" for "Australia").
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache

from quizdeck.grading.countries import COUNTRY_NAMES
from quizdeck.grading.forms import country_word
from quizdeck.grading.phrases import Token, tokens
from quizdeck.grading.text import Level, normalize

#: Other names of entities, one entry per entity (a deck glossary): an answer naming an entity
#: that is not the card's is wrong, whatever words it shares with the card's answer.
Glossary = Sequence[Sequence[str]]


def other_entity(
    answer: str,
    got: list[Token],
    matched: set[int],
    level: Level,
    glossary: Glossary,
    context: Collection[str] = frozenset(),
    *,
    country: bool = False,
) -> str:
    """Whether the answer names a known entity (a country, a glossary name) not the card's own.

    A name counts inside the answer when one of its words is not among the accepted answer's
    words or matched them by a slip only ("Austria" is not a slip of "Australia"), and right
    before it ("Kataib Hezbollah"); when the answer is a country, anywhere ("Iran in Syria"),
    but for a country placing a thing the answer qualifies ("US troops in Iraq"). An entity
    the question or the card's accepted answers name (``context``) is the card's own; when
    those answers name a country (``country``), another country stands nowhere in the answer.
    """
    own = normalize(answer)
    start = min(matched)
    country = (
        country
        or any(own in map(normalize, names) for names in COUNTRY_NAMES)
        or any(country_word(token.word) for token in tokens(answer))
    )
    found = [(n, name, span, False) for n, name, span in _named(got, tuple(map(tuple, glossary)))]
    found += [(n, name, span, True) for n, name, span in _named(got, COUNTRY_NAMES)]
    for names, name, span, is_country in found:
        if any(normalize(other) == own for other in names) or _in_context(names, context):
            continue
        inside = any(i in matched for i in span) and (
            any(i not in matched for i in span) or level == Level.TYPO
        )
        qualifier = span[-1] == start - 1 and got[start].joined
        anywhere = country and is_country and not _places_a_thing(got, matched, span[0])
        if inside or qualifier or anywhere:
            return f"names another entity ({name})"
    if start > 0 and got[start].joined and got[start - 1].capital:
        return _known_family(got[start - 1], own, glossary, context)
    return ""


def _known_family(token: Token, own: str, glossary: Glossary, context: Collection[str]) -> str:
    """Whether a capitalised word right before the answer is the last word of a longer name
    of another glossary entity ("Biden's popularity": "Joe Biden")."""
    for names in glossary:
        if any(normalize(other) == own for other in names) or _in_context(names, context):
            continue
        for name in names:
            words = normalize(name).split()
            if len(words) > 1 and words[-1] == token.word.text:
                return f"names another entity ({name})"
    return ""


def _in_context(names: Sequence[str], context: Collection[str]) -> bool:
    """Whether the question or the card's accepted answers name the entity (every word of one
    of its names)."""
    return bool(context) and any(
        all(word in context for word in normalize(name).split()) for name in names
    )


_PLACING = frozenset({"in", "inside", "within", "across", "throughout"})


def _places_a_thing(got: list[Token], matched: set[int], index: int) -> bool:
    """Whether the word at ``index`` follows "in" after a thing the answer qualifies: "US troops
    in Iraq" places the troops, where "Iran in Syria" would place the country itself."""
    if index < 2 or got[index - 1].word.text not in _PLACING or index < max(matched):
        return False
    thing = got[index - 2]
    return index - 2 not in matched and not thing.capital and thing.word.value is None


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
