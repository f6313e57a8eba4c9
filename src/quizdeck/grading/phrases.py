"""An answer as a phrase: its words, whether each was capitalised, and what stands between them.

The grading of :mod:`.claims` reads where the accepted answer's words stand in an answer and
what is said around them; this module cuts the answer into those words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anyascii import anyascii

from quizdeck.grading.text import Word, make_words, normalize, plain_words

_PIECE = re.compile(r"[^\W_]+|[^\w\s]")
_APOSTROPHES = re.compile(r"['`’ʿʾ]")
_DOTTED = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?", re.IGNORECASE)

SPACE, HYPHEN, COMMA, BREAK = "space", "hyphen", "comma", "break"


@dataclass(frozen=True)
class Token:
    """One word of an answer: the word, whether it was capitalised, and what stood before it."""

    word: Word
    capital: bool
    gap: str  # SPACE, HYPHEN, COMMA or BREAK (other punctuation, or the start)

    @property
    def joined(self) -> bool:
        """Whether the word belongs to the same phrase as the word before it."""
        return self.gap in (SPACE, HYPHEN)


def tokens(text: str) -> list[Token]:
    """The words of an answer with their case and the gap before each (number words joined)."""
    text = _DOTTED.sub(lambda match: match.group(0).replace(".", ""), anyascii(text))
    text = _APOSTROPHES.sub("", text).replace("&", " and ")
    raw: list[tuple[str, str, bool]] = []
    gap = BREAK
    for piece in _PIECE.findall(text):
        if piece[0].isalnum():
            capital = piece[0].isupper()
            for index, word in enumerate(plain_words(piece)):
                raw.append((word, gap if index == 0 else SPACE, capital))
            gap = SPACE
        elif piece == "," and gap == SPACE:
            gap = COMMA
        elif piece != ".":
            gap = HYPHEN if piece == "-" and gap == SPACE else BREAK
    return _joined(raw)


def _joined(raw: list[tuple[str, str, bool]]) -> list[Token]:
    """Tokens from (word, gap, capitalised) triples, number words joined into one token."""
    words = make_words([word for word, _, _ in raw])
    found, index = [], 0
    for word in words:
        _, gap, capital = raw[index]
        found.append(Token(word, capital, gap))
        index += len(word.text.split())
    return [
        token
        for position, token in enumerate(found)
        if not (token.word.text in ("al", "el", "ul") and position + 1 < len(found))
    ]


def question_words(prompt: str) -> frozenset[str]:
    """The question's words, normalized, and its numbers in digits ("First" gives "1")."""
    found = {token.word.text for token in tokens(prompt)} | set(normalize(prompt).split())
    return frozenset(
        found | {str(t.word.value) for t in tokens(prompt) if t.word.value is not None}
    )
