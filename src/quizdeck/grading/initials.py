"""Given names and initials written before a family name: are they the accepted answer's?

"M. Curie" names Marie Curie, not Pierre; "R. Churchill" is not Winston Churchill; and
"John Ronald Reuel Tolkien" writes out the initials of "J. R. R. Tolkien".
"""

from __future__ import annotations

from collections.abc import Collection

from quizdeck.grading.phrases import Token


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


def given_names_fit(names: list[Token], written: list[Token]) -> bool | None:
    """Whether the given names or initials ``written`` before a family name are those of the
    accepted answer (its ``names`` before the family name); None when the rule has nothing to
    say (nothing written, or plain words).

    An initial must be a given name's ("M. Curie" for "Marie Curie", not "R. Churchill" for
    "Winston Churchill"), and a name written out must fit an initial of the accepted answer
    ("John Ronald Reuel Tolkien" for "J. R. R. Tolkien").
    """
    if not written or not all(token.capital for token in written):
        return None
    letters = {token.word.text[0] for token in names}
    initials = {token.word.text for token in names if len(token.word.text) == 1}
    fits = []
    for token in written:
        text = token.word.text
        if len(text) == 1:
            fits.append(text in letters)
        elif initials:
            fits.append(text[0] in initials)
        else:
            return None
    return all(fits)
