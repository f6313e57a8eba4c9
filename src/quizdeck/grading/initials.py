"""Given names, initials and middle names written with a family name: are they the answer's?

"M. Curie" names Marie Curie, not Pierre; "R. Churchill" is not Winston Churchill; and
"John Ronald Reuel Tolkien" writes out the initials of "J. R. R. Tolkien". Between a given name
and a family name, a patronymic ("Dmitri Ivanovich Mendeleev") or a maiden name joined to the
family name ("Marie Skłodowska-Curie") belongs to the same person; another given name may not
("John Quincy Adams" is not John Adams). A genus may be its initial: "H. sapiens".
"""

from __future__ import annotations

from collections.abc import Collection

from quizdeck.grading.phrases import HYPHEN, Token


def words_before(got: list[Token], index: int, known: Collection[str]) -> list[Token]:
    """The words of the answer's phrase before ``index``, but the ``known`` ones that name
    nothing (connectors, titles, the question's words, numbers as digits): the given names or
    initials written before a family name. A capital letter alone is always kept: "A. Bronte"
    has an initial, not the article."""
    found: list[Token] = []
    while index > 0 and got[index].joined:
        index -= 1
        token = got[index]
        word = token.word
        plain = word.text in known or (word.value is not None and str(word.value) in known)
        if (len(word.text) == 1 and token.capital) or not plain:
            found.append(token)
    return found[::-1]


def given_names_fit(
    want: list[Token],
    got: list[Token],
    used: dict[int, int],
    before: list[int],
    start: int,
    known: set[str],
) -> bool | None:
    """Whether the given names or initials written before the family name are those of the
    accepted answer (``want``, its words ``used`` in ``got``; ``before`` its given names left
    out, ``start`` where its required words start); None when the rule has nothing to say
    (nothing written, or plain words). ``known`` holds the words that name nothing
    (connectors, titles, the question's words).
    """
    initials = [i for i in range(start) if i not in used and len(want[i].word.text) == 1]
    if not (before or initials):
        return None
    names = [want[i] for i in sorted({*before, *initials})]
    return _fit(names, words_before(got, min(used.values()), known))


def _fit(names: list[Token], written: list[Token]) -> bool | None:
    """Whether ``written`` before a family name fits the accepted given ``names``.

    Initials must be the given names', in order ("M. Curie" for "Marie Curie", not "R.
    Churchill" for "Winston Churchill" nor "J. C. Bach" for "Johann Sebastian Bach"); one past
    them is a middle initial ("J. F. Kennedy" for "John Kennedy"). A name written out must fit
    an initial of the accepted answer ("John Ronald Reuel Tolkien" for "J. R. R. Tolkien").
    """
    if not written or not all(token.capital for token in written):
        return None
    letters = [token.word.text[0] for token in names]
    initials = {token.word.text for token in names if len(token.word.text) == 1}
    fits = []
    for place, token in enumerate(written):
        text = token.word.text
        if len(text) == 1:  # in the given names' order; past them, a middle initial
            fits.append(place >= len(letters) or text == letters[place])
        elif initials:
            fits.append(text[0] in initials)
        else:
            return None
    return all(fits)


#: Endings of Russian and other Slavic patronymics: "Ivanovich", "Nikolayevich", "Sergeyevna".
_PATRONYMIC_ENDINGS = ("ovich", "evich", "ovna", "evna", "ichna")


def middle_name(got: list[Token], index: int) -> bool:
    """Whether the word at ``index``, between a given name and a family name, is the person's
    patronymic or a maiden name joined to the family name by a hyphen."""
    text = got[index].word.text
    joined = index + 1 < len(got) and got[index + 1].gap == HYPHEN and got[index].capital
    return text.endswith(_PATRONYMIC_ENDINGS) or joined


def genus(want: list[Token]) -> bool:
    """Whether an accepted answer is a scientific name, a capitalised genus before a lower-case
    species ("Homo sapiens", "Escherichia coli"), whose genus may be written as its initial:
    "H. sapiens", "E. coli". The species is still required ("H. erectus" is another)."""
    return (
        len(want) >= 2
        and want[0].capital
        and len(want[0].word.text) > 1
        and all(not t.capital and t.word.value is None and t.joined for t in want[1:])
    )


def initial_places(token: Token, got: list[Token], taken: Collection[int]) -> list[int]:
    """Where the answer, in words not ``taken`` yet, writes the initial of an accepted word."""
    return [
        place
        for place, other in enumerate(got)
        if place not in taken
        and len(other.word.text) == 1
        and other.word.text == token.word.text[:1]
    ]


def out_of_order(used: dict[int, int], drop: set[int]) -> bool:
    """Whether a given name stands after the family name ("Kadhimi Mustafa"): ``used`` maps
    the accepted answer's words to the answer's, ``drop`` holds its given names."""
    family = [used[i] for i in used if i not in drop]
    return any(used[i] > min(family) for i in used if i in drop)
