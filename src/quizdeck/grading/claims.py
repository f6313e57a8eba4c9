"""One principle for text and person answers: the expected answer's words, and nothing against it.

An answer is right when it holds the distinctive words of an accepted answer (each within the
slip rules of :mod:`.text`) and what else it says contradicts nothing:

- no negation ("not the Bastille") and no hedge ("Lyon or Marseille");
- no other number than the answer's (digits, number words, ordinals, Roman numerals), next to
  the answer or inside it ("Louis XVIII", "World War II"); a year said around it is context;
- no qualifier that names another entity: a capitalised word, a number or a word joined by a
  hyphen right before the answer ("Kataib Hezbollah", "North Korean army", "Louis-Napoleon"),
  unless the question itself uses it or it is a title before a name;
- no word put in the place of one the answer was allowed to drop ("the Triple Entente" for "the
  Triple Alliance", "Randolph Churchill" for "Winston Churchill");
- no other entity that is known: a country, or a name in the glossary the caller passes.

Words that only add context are fine: "the Bastille, the old fortress in Paris", "Elba island",
"in Lyon, in south-east France". The distinctive words of an answer are all its words but
articles and connectors ("of", "de"), an organisation's generic words, the head of an "X of Y"
name ("Peace of Westphalia" → Westphalia), a leading adjective ("National Convention" →
Convention) and, for a person, the given names.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from quizdeck.grading.entities import Glossary, is_country_word, other_entity
from quizdeck.grading.organisations import GENERIC_WORDS
from quizdeck.grading.phrases import COMMA, HYPHEN, Token, tokens
from quizdeck.grading.text import Level, word_level
from quizdeck.grading.wording import CHANGING_WORDS, TITLES, is_describing

CONNECTORS = frozenset({
    "the", "a", "an", "of", "and", "de", "du", "des", "la", "le", "von", "van", "der", "den",
    "di", "da", "bin", "al", "el", "ul", "s",
})  # fmt: skip
NEGATIONS = frozenset({
    "not", "no", "never", "neither", "nor", "none", "isnt", "wasnt", "arent", "werent", "didnt",
    "dont", "doesnt", "cannot", "cant", "nobody", "nothing",
})  # fmt: skip
#: Words that start a phrase of their own: what stands before them does not qualify the answer.
_PHRASE_STARTS = frozenset({
    "of", "and", "the", "a", "an", "at", "in", "on", "from", "near", "by", "to", "into", "for",
    "with", "inside", "is", "was", "are", "were", "it",
})  # fmt: skip
HEDGES = frozenset({"or", "either", "maybe", "perhaps"})
_TITLE_WORDS = frozenset(word for title in TITLES for word in title.split())
_ADJECTIVE_ENDINGS = ("al", "ish", "ian")


@dataclass(frozen=True)
class Assessment:
    """How an answer stands against one accepted answer, and why."""

    level: Level
    reason: str


def _droppable(words: list[Token], *, person: bool) -> set[int]:
    """Indexes of the accepted answer's words that an answer may leave out (see the module)."""
    content = [i for i, t in enumerate(words) if t.word.text not in CONNECTORS]
    names = [i for i in content if words[i].word.value is None]
    if person and names:
        family = (
            names[-1:]
            if not (len(names) > 1 and words[names[-2]].word.key == "abd")
            else names[-2:]
        )
        return {i for i in names if i not in family} | {
            i for i, t in enumerate(words) if t.word.text in CONNECTORS
        }
    drop = {
        i for i, t in enumerate(words) if t.word.text in CONNECTORS or t.word.text in GENERIC_WORDS
    }
    for i in names:
        nxt = words[i + 1].word.text if i + 1 < len(words) else ""
        if nxt == "of" and any(j > i + 1 for j in names):
            drop.add(i)
    if len(names) > 1 and words[names[0]].word.text.endswith(_ADJECTIVE_ENDINGS):
        drop.add(names[0])
    if all(i in drop for i in content):
        return {i for i, t in enumerate(words) if t.word.text in CONNECTORS}
    return drop


def _align(want: list[Token], got: list[Token], drop: set[int]) -> tuple[dict[int, int], Level]:
    """For each accepted word found in the answer, the answer word it matches; and the level."""
    used: dict[int, int] = {}
    level = Level.EXACT
    for index, token in enumerate(want):
        if token.word.text in CONNECTORS:
            continue
        best, best_level = None, Level.TYPO
        for place, other in enumerate(got):
            if place in used.values():
                continue
            found = word_level(token.word, other.word)
            if found > best_level or (found == best_level and best is None):
                best, best_level = place, found
        if best is None and index in drop and _is_initial(token, got, used):
            continue
        if best is None:
            if index not in drop:
                return {}, Level.WRONG
            continue
        used[index] = best
        if index not in drop:
            level = min(level, best_level)
    return used, level


def _is_initial(token: Token, got: list[Token], used: dict[int, int]) -> bool:
    """Whether an answer word is the initial of a dropped given name ("M. Robespierre")."""
    return any(
        len(other.word.text) == 1 and other.word.text == token.word.text[:1]
        for place, other in enumerate(got)
        if place not in used.values()
    )


def assess(
    answer: str,
    given: str,
    context: Collection[str] = frozenset(),
    *,
    person: bool = False,
    glossary: Glossary = (),
) -> Assessment:
    """How ``given`` stands against one accepted ``answer`` by the principle of this module.

    ``context`` holds the question's words (and numbers as digits); ``glossary`` the names of
    entities the deck knows.
    """
    want, got = tokens(answer), tokens(given)
    drop = _droppable(want, person=person)
    used, level = _align(want, got, drop)
    if level == Level.WRONG or not used or not any(i not in drop for i in used):
        return Assessment(Level.WRONG, "a different answer")
    objection = _objection(want, got, used, drop, context, person=person) or other_entity(
        answer, got, set(used.values()), level, glossary
    )
    if objection:
        return Assessment(Level.WRONG, objection)
    dropped = any(
        i in drop and i not in used and want[i].word.text not in CONNECTORS
        for i in range(len(want))
    )
    extra = len(got) > len(used)
    reason = "typo" if level == Level.TYPO else "the answer's words"
    reason += "; shorter name" if dropped else ""
    return Assessment(level, reason + ("; words around it add context" if extra else ""))


def _known(token: Token, context: Collection[str]) -> bool:
    """Whether a word is the question's own (or a connector), so it names nothing new."""
    word = token.word
    return (
        word.text in context
        or word.text in CONNECTORS
        or (word.value is not None and str(word.value) in context)
    )


def _objection(
    want: list[Token],
    got: list[Token],
    used: dict[int, int],
    drop: set[int],
    context: Collection[str],
    *,
    person: bool,
) -> str:
    """Why what the answer says beside the accepted words contradicts them; "" if nothing does."""
    matched = set(used.values())
    free = [i for i in range(len(got)) if i not in matched]
    if any(got[i].word.text in NEGATIONS for i in free):
        return "the answer denied"
    if any(got[i].word.text in HEDGES for i in free):
        return "more than one answer"
    start, end = min(matched), max(matched)
    for i in free:
        if start < i < end and not _harmless_inside(got[i], context, person=person):
            return "another name or number inside the answer"
    if person and _out_of_order(used, drop):
        return "the name's words in another order"
    if _listed(got, start, end, context):
        return "more than one answer"
    return (
        _before(got, start, context, person=person)
        or _after(got, end, context)
        or _swapped(want, got, used, drop, context, person=person)
    )


def _out_of_order(used: dict[int, int], drop: set[int]) -> bool:
    """Whether a given name stands after the family name ("Kadhimi Mustafa")."""
    family = [used[i] for i in used if i not in drop]
    return any(used[i] > min(family) for i in used if i in drop)


def _listed(got: list[Token], start: int, end: int, context: Collection[str]) -> bool:
    """Whether a bare name stands beside the answer across a comma ("Mosul, Basra"): a list.

    A country may place the answer ("Moscow, Russia"); a phrase starting with a lower-case
    word or a preposition describes it ("Elba, off the coast of Italy").
    """
    neighbours = []
    if end + 1 < len(got) and got[end + 1].gap == COMMA:
        neighbours.append(end + 1)
    if start > 0 and got[start].gap == COMMA:
        neighbours.append(start - 1)
    return any(
        got[i].capital
        and got[i].word.value is None
        and got[i].word.text not in _PHRASE_STARTS
        and not _known(got[i], context)
        and not is_country_word(got, i)
        for i in neighbours
    )


def _harmless_inside(token: Token, context: Collection[str], *, person: bool) -> bool:
    """Whether a word between the answer's words only adds to it."""
    if _known(token, context):
        return True
    if token.word.value is not None or token.gap == HYPHEN:
        return False
    return not token.capital or (person and len(token.word.text) == 1)


def _before(got: list[Token], start: int, context: Collection[str], *, person: bool) -> str:
    """What the words right before the answer make of it: another entity or number, or nothing.

    Before a name, given names and titles are fine; before anything else, a describing word
    ("armed", "bomb-laden") is, but not another capitalised name or a word like "deputy".
    """
    if start > 0 and got[start].gap == HYPHEN and not _known(got[start - 1], context):
        return "another name joined to the answer"
    index = start - 1
    while index >= 0 and got[index + 1].joined:
        token = got[index]
        text = token.word.text
        if text in _PHRASE_STARTS:
            return ""
        if token.word.value is not None and not _known(token, context):
            return "another number before the answer"
        if text in CHANGING_WORDS:
            return "a word that changes the answer"
        harmless = _known(token, context) or text in _TITLE_WORDS or person
        if token.capital:  # a proper adjective ("National") describes; a name does not
            describing = text.endswith(_ADJECTIVE_ENDINGS)
        else:
            describing = is_describing(text) or token.gap == HYPHEN
        if not (harmless or describing):
            return (
                "a qualifier naming another entity" if token.capital else "a word that changes it"
            )
        index -= 1
    return ""


def _after(got: list[Token], end: int, context: Collection[str]) -> str:
    """What the word right after the answer makes of it: another number, or nothing."""
    if end + 1 >= len(got) or not got[end + 1].joined or _known(got[end + 1], context):
        return ""
    token = got[end + 1]
    if token.word.value is not None:
        return "another number after the answer"
    if token.gap == HYPHEN or (token.capital and token.word.text not in GENERIC_WORDS):
        return "another name joined to the answer"
    return ""


def _swapped(
    want: list[Token],
    got: list[Token],
    used: dict[int, int],
    drop: set[int],
    context: Collection[str],
    *,
    person: bool,
) -> str:
    """Whether a word stands in the answer where the accepted answer had one it may drop."""
    required = [i for i in used if i not in drop]
    dropped = [i for i in drop if i not in used and want[i].word.text not in CONNECTORS]
    matched = sorted(used.values())
    if any(i < min(required) for i in dropped) and _word_next(got, matched[0], -1, context):
        return "another name in place of part of the answer"
    after = not person and any(i > max(required) for i in dropped)
    if after and _word_next(got, matched[-1], 1, context):
        return "another name in place of part of the answer"
    return ""


def _word_next(got: list[Token], index: int, step: int, context: Collection[str]) -> bool:
    """Whether a new word stands next to ``index`` (past connectors and initials) in one phrase."""
    while 0 <= index + step < len(got):
        joined = got[max(index, index + step)].joined
        index += step
        token = got[index]
        if not joined:
            return False
        if token.word.text in CONNECTORS or len(token.word.text) == 1:
            continue
        return not (_known(token, context) or token.word.text in _TITLE_WORDS)
    return False
