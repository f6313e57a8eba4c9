"""The words around an answer that frame it without being part of it.

:mod:`.claims` reads an answer's words against an accepted answer's; these helpers say what a
word beside them does: deny the answer ("not", "a loss of"), stand for a number or only for a
thing already named ("a weak one"), soften a negative answer ("almost no chance"), or write a
negated adjective in two words ("not likely" for "unlikely").
"""

from __future__ import annotations

from collections.abc import Collection

from quizdeck.grading.forms import NONE_WORDS, REVERSING, SOFTENERS, SUBJECTS
from quizdeck.grading.phrases import Token
from quizdeck.grading.text import make_words

NEGATIONS = frozenset({
    "not", "no", "never", "neither", "nor", "none", "isnt", "wasnt", "arent", "werent", "didnt",
    "dont", "doesnt", "cannot", "cant", "nobody", "nothing",
})  # fmt: skip
#: Words that stand for a person in a relative clause: "people who ...", "anyone who ...".
PRO_FORMS = frozenset({"people", "those", "anyone", "everyone", "someone", "persons", "ones"})

_NOT_AT_ALL = ("not", "at", "all")


def negated_forms(want: list[Token], got: list[Token]) -> list[Token]:
    """The answer with "not likely" (or "not at all likely") read as the accepted "unlikely"."""
    negated = {t.word.text[2:]: t.word.text for t in want if t.word.text.startswith("un")}
    if not negated or "not" not in [t.word.text for t in got]:
        return got
    found: list[Token] = []
    index = 0
    while index < len(got):
        token = got[index]
        skip = 3 if [t.word.text for t in got[index : index + 3]] == list(_NOT_AT_ALL) else 1
        after = got[index + skip] if index + skip < len(got) else None
        if token.word.text == "not" and after and after.word.text in negated:
            word = make_words([negated[after.word.text]])[0]
            found.append(Token(word, token.capital, token.gap))
            index += skip + 1
            continue
        found.append(token)
        index += 1
    return found


def denies(got: list[Token], index: int, start: int, context: Collection[str]) -> bool:
    """Whether a word beside the answer denies it ("not", "a loss of", "lack of").

    A reversing word the question itself uses is no denial ("failing to do what?" - "failing
    to avenge them"), nor is "no" or "without" right before the answer when the question asks what
    something was "without".
    """
    text = got[index].word.text
    if "without" in context and text in NONE_WORDS and index == start - 1:
        return False
    return text in NEGATIONS or (text in REVERSING and text not in context)


def contrasts(got: list[Token], index: int, end: int) -> bool:
    """Whether a negation after the answer (which ends at ``end``), across a comma or bracket,
    denies another name: "Bern, not Zurich" and "the Tudors, not the Plantagenets" contrast;
    "Zurich, not Bern" and "Bern is not it" deny."""
    if index <= end or got[index].joined:
        return False
    after = got[index + 1 : index + 3]
    if after and after[0].word.text in ("the", "a", "an"):
        after = after[1:]
    return bool(after) and after[0].capital and after[0].joined


#: Words that add a second answer to the first: "Lyon and Marseille", "Moscow, then Kiev".
_AND = frozenset({"and", "plus", "then", "nor"})
#: Words after "and" that add no second answer: "iron and so on", "Lyon and more".
_VAGUE = frozenset({"so", "more", "others", "other", "etc", "stuff", "things", "everything"})


def joined_by_and(got: list[Token], start: int, end: int) -> list[int]:
    """The words "and" (or "plus", "then") joins to the answer from start to end, past an
    article: "Tuileries" in "the Bastille and the Tuileries", "Lyon" in "Lyon and Paris"."""
    found = []
    after = end + 1
    if after < len(got) and got[after].word.text in _AND:
        after += 1 + (after + 1 < len(got) and got[after + 1].word.text in ("the", "a", "an"))
        found += [after] if after < len(got) else []
    if start > 1 and got[start - 1].word.text in _AND:
        found.append(start - 2)
    return [i for i in found if got[i].capital or not _describes(got[i].word.text)]


def _describes(word: str) -> bool:
    """Whether a lower-case word after "and" only describes ("and surrounding area") or is
    vague ("and so on"), so that it adds no second answer."""
    return word in _VAGUE or word.endswith(("ing", "ed", "ly"))


def softened(got: list[Token], index: int, start: int) -> bool:
    """Whether "almost" or "nearly" stands before a negative answer ("almost no chance")."""
    first = got[start].word.text
    return got[index].word.text in SOFTENERS and (first in NONE_WORDS or first.startswith("un"))


def is_number(got: list[Token], index: int) -> bool:
    """Whether a word is a number, not the pronoun "one" ("a weak one", "one they could ...")."""
    token = got[index]
    if token.word.value is None:
        return False
    if token.word.text != "one":
        return True
    before = got[index - 1] if index > 0 else None
    after = got[index + 1] if index + 1 < len(got) else None
    follows_word = before is not None and before.word.value is None and not before.capital
    return not (follows_word or (after is not None and after.word.text in SUBJECTS))
