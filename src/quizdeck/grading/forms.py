"""One word in its other forms, and the small words that frame an answer without changing it.

Two words are the same word when they differ only by an inflection or a common suffix ("oust"
and "ousting", "punishment" and "punished", "Sunni" and "Sunnis", "region" and "regional").
A country's name and its adjective are one word inside a longer answer; alone, they stay two
("Iranian" does not answer "Iran" unless the question asks which country).

The word sets here say which words around an answer reverse it ("a loss of support"), start a
clause of their own ("I am fine", "he will not") or stand for an owner ("his support").
"""

from __future__ import annotations

from quizdeck.grading.countries import COUNTRIES
from quizdeck.grading.text import Word

#: Endings that make another form of the same word, longest first; the stem left keeps at
#: least :data:`_MIN_STEM` letters, so short words never collapse into each other.
_SUFFIXES = ("ability", "ments", "ment", "able", "ing", "ies", "ied", "ed", "es", "al", "s", "e")
#: A capitalised word (a name) only changes in the plural: "Sunnis", "Lyons".
_NAME_SUFFIXES = ("es", "s")
_MIN_STEM = 4

#: Words that reverse what follows them: the answer is denied, not qualified.
REVERSING = frozenset({
    "loss", "lost", "lose", "losing", "lack", "lacking", "lacked", "absence", "absent",
    "without", "end", "ended", "ending", "lower", "lowered", "decline", "declining", "declined",
    "drop", "dropped", "fall", "fell", "falling", "reduced", "reduction", "decrease",
    "decreased", "against", "opposed", "opposite", "denied", "refused", "rejected", "failed",
    "failure", "stopped", "prevented", "undermined", "weakened", "anti", "minus",
})  # fmt: skip
#: Pronouns that start a clause: what stands before them ("almost certain he won't") frames
#: the clause and does not qualify the answer.
SUBJECTS = frozenset({"i", "he", "she", "we", "they", "you", "it"})
#: Possessive pronouns: "his support" is "support" said of the card's own person.
OWNERS = frozenset({"his", "her", "their", "its", "my", "our", "your"})
#: Degree words that weaken a claim ("almost won"), but not a negative one ("almost no chance").
SOFTENERS = frozenset({"almost", "nearly", "virtually", "practically"})
#: Words by which an answer says "there is none": "no accountability" answers "without what?".
NONE_WORDS = frozenset({
    "no", "without", "not", "never", "none", "zero", "nothing", "impossible", "unlikely",
})  # fmt: skip

_PEOPLE_OF = {
    word: country
    for country, (names, people) in COUNTRIES.items()
    for word in (country, *names, *people)
    if " " not in word
}


def country_word(word: Word) -> str:
    """The country a one-word name or adjective names ("Iraqi" → "iraq"); "" for none."""
    return _PEOPLE_OF.get(word.text, "")


def is_people_word(word: Word) -> bool:
    """Whether a word is a country's adjective or people ("Iranian", "Americans")."""
    return any(word.text in people for _, people in COUNTRIES.values())


def _stem(text: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if text.endswith(suffix) and len(text) - len(suffix) >= _MIN_STEM:
            return _stem(text[: -len(suffix)], ("e",)) if suffix != "e" else text[:-1]
    return text


def same_word(expected: Word, given: Word, *, name: bool, countries: bool = False) -> bool:
    """Whether two words are forms of one word; with ``countries``, also whether they name one
    country ("critics of Iranian influence" says "critics of Iran")."""
    if expected.value is not None or given.value is not None:
        return False
    if countries and country_word(expected) and country_word(expected) == country_word(given):
        return True
    suffixes = _NAME_SUFFIXES if name else _SUFFIXES
    return _spelled(_stem(expected.text, suffixes)) == _spelled(_stem(given.text, suffixes))


def _spelled(stem: str) -> str:
    """A stem with American "-iz-" spelled the British way ("criticiz" → "criticis")."""
    return stem[:-2] + "is" if stem.endswith("iz") else stem
