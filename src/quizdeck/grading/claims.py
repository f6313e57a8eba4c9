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

from quizdeck.grading.around import (
    PRO_FORMS,
    contrasts,
    denies,
    is_number,
    joined_by_and,
    negated_forms,
    softened,
)
from quizdeck.grading.entities import Glossary, is_country_word, other_entity
from quizdeck.grading.forms import (
    NONE_WORDS,
    OWNERS,
    SUBJECTS,
    country_word,
    is_people_word,
    same_word,
)
from quizdeck.grading.initials import (
    genus,
    given_names_fit,
    initial_places,
    middle_name,
    out_of_order,
)
from quizdeck.grading.morphemes import names_compound
from quizdeck.grading.organisations import GENERIC_WORDS
from quizdeck.grading.phrases import COMMA, HYPHEN, Token, tokens
from quizdeck.grading.text import Level, word_level
from quizdeck.grading.wording import CHANGING_WORDS, TITLES

CONNECTORS = frozenset({
    "the", "a", "an", "of", "and", "de", "du", "des", "la", "le", "von", "van", "der", "den",
    "di", "da", "bin", "al", "el", "ul", "s", *OWNERS,
})  # fmt: skip
#: Words that start a phrase of their own: what stands before them does not qualify the answer.
_PHRASE_STARTS = frozenset({
    "of", "and", "the", "a", "an", "at", "in", "on", "from", "near", "by", "to", "into", "for",
    "with", "inside", "is", "was", "are", "were", "am", "be", "been", "being", "as", "among",
    "amongst", "under", "that", "who", "which", *SUBJECTS,
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
        if nxt in ("who", "that") and words[i].word.text in PRO_FORMS:
            drop.add(i)  # "people who criticised Iran": anyone who did
    first = words[names[0]].word if names else None
    adjective = first and (first.text.endswith(_ADJECTIVE_ENDINGS) or country_word(first))
    if len(names) > 1 and adjective and not words[names[0]].owner:
        drop.add(names[0])
    if all(i in drop for i in content):
        return {i for i, t in enumerate(words) if t.word.text in CONNECTORS}
    return drop


def _align(want: list[Token], got: list[Token], drop: set[int]) -> tuple[dict[int, int], Level]:
    """For each accepted word found in the answer, the answer word it matches; and the level."""
    used: dict[int, int] = {}
    level = Level.EXACT
    several = sum(t.word.text not in CONNECTORS for t in want) > 1
    for index, token in enumerate(want):
        if token.word.text in CONNECTORS:
            continue
        best, best_level = None, Level.TYPO
        for place, other in enumerate(got):
            if place in used.values():
                continue
            found = word_level(token.word, other.word)
            if found < Level.EXACT and same_word(
                token.word, other.word, name=token.capital or other.capital, countries=several
            ):
                found = Level.EXACT
            if found > best_level or (found == best_level and best is None):
                best, best_level = place, found
        initials = initial_places(token, got, set(used.values()))  # "M. Robespierre"
        if best is None and index in drop and initials:
            continue
        if best is None and index == 0 and genus(want):  # "H. sapiens" for "Homo sapiens"
            best = next(iter(initials), None)
        if best is None:
            if index not in drop:
                return {}, Level.WRONG
            continue
        used[index] = best
        if index not in drop:
            level = min(level, best_level)
    return used, level


def assess(
    answer: str,
    given: str,
    context: Collection[str] = frozenset(),
    *,
    person: bool = False,
    glossary: Glossary = (),
    own: Collection[str] = frozenset(),
) -> Assessment:
    """How ``given`` stands against one accepted ``answer`` by the principle of this module.

    ``context`` holds the question's words (and numbers as digits); ``glossary`` the names of
    entities the deck knows; ``own`` the words of the card's other accepted answers: what they
    name is the card's (and when they name a country, no other country may stand anywhere).
    """
    want = tokens(answer)
    got = negated_forms(want, tokens(given))
    drop = _droppable(want, person=person)
    used, level = _align(want, got, drop)
    if level == Level.WRONG or not used or not any(i not in drop for i in used):
        return Assessment(Level.WRONG, "a different answer")
    owned = any(t.word.text in OWNERS for t in want) or any(word in OWNERS for word in own)
    objection = _objection(
        want, got, used, drop, context, person=person, owned=owned
    ) or other_entity(
        answer,
        got,
        set(used.values()),
        level,
        glossary,
        {*context, *own},
        country=any(country_word(token.word) for token in tokens(" ".join(own))),
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
    owned: bool,
) -> str:
    """Why what the answer says beside the accepted words contradicts them; "" if nothing does."""
    matched = set(used.values())
    free = [i for i in range(len(got)) if i not in matched]
    start, end = min(matched), max(matched)
    if any(denies(got, i, start, context) and not contrasts(got, i, end) for i in free):
        return "the answer denied"
    if any(got[i].word.text in HEDGES for i in free):
        return "more than one answer"
    for i in free:
        middle = person and middle_name(got, i)
        if start < i < end and not (middle or _harmless_inside(got[i], context, person=person)):
            return "another name or number inside the answer"
    if person and out_of_order(used, drop):
        return "the name's words in another order"
    if _listed(got, start, end, context):
        return "more than one answer"
    bare = person and all(i not in drop or t.word.text in CONNECTORS for i, t in enumerate(want))
    return (
        _before(got, start, context, person=person, bare=bare, owned=owned)
        or _after(got, end, context)
        or _swapped(want, got, used, drop, context, person=person)
    )


def _listed(got: list[Token], start: int, end: int, context: Collection[str]) -> bool:
    """Whether a bare name stands beside the answer across a comma ("Mosul, Basra"), or a name
    or a bare noun across "and" ("Lyon and Marseille", "iron and steel"): a list.

    A country may place the answer ("Moscow, Russia"); a phrase starting with a lower-case
    word or a preposition describes it ("Elba, off the coast of Italy").
    """
    ands = joined_by_and(got, start, end)  # "Lyon and Paris", "photosynthesis and respiration"
    neighbours = list(ands)
    if end + 1 < len(got) and got[end + 1].gap == COMMA:
        neighbours.append(end + 1)
    if start > 0 and got[start].gap == COMMA:
        neighbours.append(start - 1)
    return any(
        (got[i].capital or i in ands)
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


def _before(
    got: list[Token],
    start: int,
    context: Collection[str],
    *,
    person: bool,
    bare: bool = False,
    owned: bool = False,
) -> str:
    """What the words right before the answer make of it: another entity or number, or nothing.

    Before a name, given names and titles are fine (but no given name before an accepted form
    that is a family name alone: "Hunter Biden" for "Biden"); before anything else, a plain
    word describes ("armed", "the current", "highly"), but a capitalised name, a country's
    adjective, a number or a word like "deputy" does not. An owner ("Kadhimi's") may stand
    where the accepted answer has a possessive pronoun ("his popularity"); a possessive
    pronoun is context only on a card whose accepted answers use one ("his support" says what
    someone had, not what he was given).
    """
    if start > 0 and got[start].gap == HYPHEN and not _known(got[start - 1], context):
        return "another name joined to the answer"
    if got[start].word.text in SUBJECTS:
        return ""
    index = start - 1
    while index >= 0 and got[index + 1].joined:
        token = got[index]
        text = token.word.text
        if text in OWNERS and not owned:
            return "an owner the card's answers do not have"  # "his popularity" as a gift
        if text in _PHRASE_STARTS:
            return ""
        if is_number(got, index) and not _known(token, context):
            return "another number before the answer"
        echo = "without" in context and text in NONE_WORDS and index == start - 1
        if text in CHANGING_WORDS and not (echo or softened(got, index, start)):
            return "a word that changes the answer"
        country = is_people_word(token.word) or country_word(token.word)
        if country and not (person or _known(token, context)):
            return "a qualifier naming another entity"
        named = token.capital and not _named_harmless(token, context, person=person, bare=bare)
        if named and not (owned and token.owner) and not text.endswith(_ADJECTIVE_ENDINGS):
            return "a qualifier naming another entity"
        index -= 1
    return ""


def _named_harmless(token: Token, context: Collection[str], *, person: bool, bare: bool) -> bool:
    """Whether a capitalised word before the answer names nothing new: a title, the question's
    word, or a given name before a full name."""
    text = token.word.text
    return _known(token, context) or text in _TITLE_WORDS or (person and not bare)


def _after(got: list[Token], end: int, context: Collection[str]) -> str:
    """What the word right after the answer makes of it: another number, or nothing."""
    if end + 1 >= len(got) or not got[end + 1].joined or _known(got[end + 1], context):
        return ""
    token = got[end + 1]
    if is_number(got, end + 1):
        return "another number after the answer"
    other = is_people_word(token.word) or country_word(token.word)
    if (other or names_compound(token.word.text)) and not _known(token, context):
        return "another entity after the answer"  # a people, a country, "carbon dioxide"
    if got[end].owner:  # what follows is the thing owned ("Saddam's army")
        return ""
    if token.capital and token.word.text not in GENERIC_WORDS:
        return "another name joined to the answer"
    return "another name joined to the answer" if token.gap == HYPHEN and token.capital else ""


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
    before = [i for i in dropped if i < min(required)]
    known = {*context, *CONNECTORS, *_TITLE_WORDS}
    fit = given_names_fit(want, got, used, before, min(required), known) if person else None
    if fit is not None:
        return "" if fit else "another given name or initial"
    names_only = all(country_word(want[i].word) for i in before)
    people = all(want[i].word.text in PRO_FORMS for i in before)
    if before and _word_next(got, matched[0], -1, context, names_only=names_only, people=people):
        return "another name in place of part of the answer"
    if before and got[matched[-1]].owner and _word_next(got, matched[-1], 1, context):
        return "another name in place of part of the answer"  # "Iran's supporters"
    after = not person and any(i > max(required) for i in dropped)
    if after and _word_next(got, matched[-1], 1, context):
        return "another name in place of part of the answer"
    return ""


def _word_next(
    got: list[Token],
    index: int,
    step: int,
    context: Collection[str],
    *,
    names_only: bool = False,
    people: bool = False,
) -> bool:
    """Whether a new word stands next to ``index`` (past connectors and initials) in one phrase.

    A pronoun standing for a person ("anyone who") is no new word, nor a people in its place
    ("Iraqis who"); nor, where the word left out is a country's ("Iraqi people"), a plain word
    that only describes ("common people").
    """
    while 0 <= index + step < len(got):
        joined = got[max(index, index + step)].joined
        index += step
        token = got[index]
        if not joined:
            return False
        if token.word.text in CONNECTORS or len(token.word.text) == 1:
            continue
        plain = not (token.capital or is_people_word(token.word) or country_word(token.word))
        if token.word.text in PRO_FORMS or (names_only and plain) or (people and plain):
            return False
        if people and is_people_word(token.word):
            return False
        return not (_known(token, context) or token.word.text in _TITLE_WORDS)
    return False
