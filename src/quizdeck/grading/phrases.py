"""An answer as a phrase: its words, whether each was capitalised, and what stands between them.

The grading of :mod:`.claims` reads where the accepted answer's words stand in an answer and
what is said around them; this module cuts the answer into those words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from anyascii import anyascii

from quizdeck.grading.countries import COUNTRIES
from quizdeck.grading.text import Word, make_words, normalize, plain_words

_PIECE = re.compile(r"[^\W_]+|[^\w\s]")
_APOSTROPHES = re.compile(r"['`’ʿʾ]")
_DOTTED = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?", re.IGNORECASE)
#: A contraction ("won't", "I'm") or a possessive 's ending a word: each read as what it says.
_CONTRACTION = re.compile(r"(?<=[a-z])(?:n['’]t|['’](?:m|re|ll|ve|s))\b", re.IGNORECASE)
_SPELLED_OUT = {"n't": " not", "'m": " am", "'re": " are", "'ll": " will", "'ve": " have"}
_IRREGULAR_NOT = re.compile(r"\b(wo|ca|sha)n['’]t\b", re.IGNORECASE)
_IRREGULAR_STEMS = {"wo": "will", "ca": "can", "sha": "shall"}
#: Words after which a 's is "is", not a possessive ("it's").
_IS_BEFORE = frozenset({"it", "he", "she", "that", "there", "what", "who", "here"})

SPACE, HYPHEN, COMMA, BREAK = "space", "hyphen", "comma", "break"


@dataclass(frozen=True)
class Token:
    """One word of an answer: the word, whether it was capitalised, and what stood before it."""

    word: Word
    capital: bool
    gap: str  # SPACE, HYPHEN, COMMA or BREAK (other punctuation, or the start)
    owner: bool = False  # written with a possessive 's ("Iraq's")

    @property
    def joined(self) -> bool:
        """Whether the word belongs to the same phrase as the word before it."""
        return self.gap in (SPACE, HYPHEN)


def _slash_as_or(text: str) -> str:
    """A slash between two words read as "or": "Moscow/Kiev" offers two answers (a hedge);
    between digits ("9/11", "14/7") it stays."""
    return "".join(
        " or "
        if char == "/" and text[i - 1 : i].isalpha() and text[i + 1 : i + 2].isalpha()
        else char
        for i, char in enumerate(text)
    )


def tokens(text: str) -> list[Token]:
    """The words of an answer with their case and the gap before each (number words joined)."""
    text = _DOTTED.sub(lambda match: match.group(0).replace(".", ""), anyascii(text))
    text = _slash_as_or(_APOSTROPHES.sub("", _spelled_out(text)).replace("&", " and "))
    raw: list[tuple[str, str, bool, bool]] = []
    gap = BREAK
    for piece in _PIECE.findall(text):
        if piece == _OWNER_MARK:
            if raw:
                raw[-1] = (raw[-1][0], raw[-1][1], raw[-1][2], True)
            continue
        if piece[0].isalnum():
            capital = piece[0].isupper()
            for index, word in enumerate(plain_words(piece)):
                raw.append((word, gap if index == 0 else SPACE, capital, False))
            gap = SPACE
        elif piece == "," and gap == SPACE:
            gap = COMMA
        elif piece != ".":
            gap = HYPHEN if piece == "-" and gap == SPACE else BREAK
    return _joined(raw)


_OWNER_MARK = "§"


def _spelled_out(text: str) -> str:
    """``text`` with its contractions written out ("won't" → "will not") and a possessive 's
    turned into a mark that :func:`tokens` reads."""

    def spell(match: re.Match[str]) -> str:
        ending = match.group(0).lower().replace("’", "'")
        if ending != "'s":
            return _SPELLED_OUT.get(ending, "")
        before = text[: match.start()].rsplit(None, 1)[-1].lower()
        return " is" if before in _IS_BEFORE else f" {_OWNER_MARK}"

    text = _IRREGULAR_NOT.sub(lambda m: _IRREGULAR_STEMS[m.group(1).lower()] + " not", text)
    return _CONTRACTION.sub(spell, text)


def _joined(raw: list[tuple[str, str, bool, bool]]) -> list[Token]:
    """Tokens from (word, gap, capitalised, owner) tuples, number words joined into one token."""
    words = make_words([word for word, _, _, _ in raw])
    found, index = [], 0
    for word in words:
        count = len(word.text.split())
        _, gap, capital, _ = raw[index]
        found.append(Token(word, capital, gap, raw[index + count - 1][3]))
        index += count
    return [
        token
        for position, token in enumerate(found)
        if not (token.word.text in ("al", "el", "ul") and position + 1 < len(found))
    ]


def question_words(prompt: str) -> frozenset[str]:
    """The question's words, normalized, its numbers in digits ("First" gives "1") and the
    other one-word names of the countries it names ("Iraqi" gives "iraq", "iraqis")."""
    found = {token.word.text for token in tokens(prompt)} | set(normalize(prompt).split())
    return _with_countries(
        found | {str(t.word.value) for t in tokens(prompt) if t.word.value is not None}
    )


def answer_words(answers: Sequence[str]) -> frozenset[str]:
    """The words of a card's accepted answers, its numbers in digits, and every one-word name
    of a country they name ("Iraqi" gives "iraq", "iraqis"): what the card itself names, which
    an answer may say around the answer without naming another entity."""
    found: set[str] = set()
    for answer in answers:
        for token in tokens(answer):
            found.add(token.word.text)
            if token.word.value is not None:
                found.add(str(token.word.value))
    return _with_countries(found)


def _with_countries(words: set[str]) -> frozenset[str]:
    """``words`` and every one-word name, adjective and people of a country one of them names."""
    for country, (names, people) in COUNTRIES.items():
        forms = {country, *names, *people}
        if forms & words:
            words |= {form for form in forms if " " not in form}
    return frozenset(words)
