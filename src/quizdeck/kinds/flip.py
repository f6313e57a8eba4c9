"""``flip``: Anki's Basic card. The student reads the prompt, turns the card over (a key shows
the answer) and rates how well they knew it: Again, Hard, Good or Easy (Anki's keys 1 to 4).
No string check judges the answer; the student's rating is the grade and what the scheduler
gets. For answers no string can judge: a reason, a definition, the back of an Anki note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from quizdeck.kinds.base import (
    TEXT_SCHEMA,
    Answer,
    AnswerReader,
    CardKind,
    Claim,
    Example,
    Schema,
    Shape,
    describe,
)
from quizdeck.kinds.typed import join_list
from quizdeck.model import Card, Given, Kind, Rating, parse_rating

if TYPE_CHECKING:
    from quizdeck.grading.verdict import Grade

#: An answer of this many words or more that has a verb is a sentence.
SENTENCE_WORDS = 6
#: An answer of this many words or more is a definition, whatever its words.
DEFINITION_WORDS = 10
#: Words that make a run of words a sentence: auxiliaries, modals and common irregular pasts.
_VERBS = frozenset(
    """is are was were be been being am has have had do does did can could will would shall
    should may might must became become began came went took gave led made won lost fell rose
    said told knew found left kept held brought fought saw wrote got meant ran sent""".split()  # noqa: SIM905
)
#: Words that join an explanation to what it explains: the answer is a sentence.
_CLAUSES = frozenset({"because", "therefore", "although", "whereas", "unless"})
#: A word after one of these is a verb ("he said", "they fled").
_SUBJECTS = frozenset({"he", "she", "they", "we", "i"})
#: An "-ed" word after one of these describes a noun ("the armed group"): not a verb.
_DETERMINERS = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "its", "his", "her", "their", "our",
     "my", "your"}
)  # fmt: skip
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def has_verb(text: str) -> bool:
    """Whether ``text`` seems to say something of something: it has an auxiliary or a common
    verb ("had", "became"), a word after a subject pronoun, a word that joins an explanation
    ("because"), or an "-ed" word that describes no noun ("the people elected him", not "the
    armed group" or "Soviet-backed"). A rough reading, for suggestions, never for grading."""
    words = _WORD.findall(text)
    before = ""
    for word in words:
        low = word.casefold().replace("’", "'")
        if low in _VERBS or low in _CLAUSES or low.endswith("n't") or before in _SUBJECTS:
            return True
        past = low.endswith("ed") and len(low) >= 4 and "-" not in low and word[0].islower()
        if past and before and before not in _DETERMINERS:
            return True
        before = low
    return False


def is_sentence(text: str) -> bool:
    """Whether an answer is a sentence or a definition no string check can judge: at least
    ``SENTENCE_WORDS`` words with a verb, or at least ``DEFINITION_WORDS`` words."""
    count = len(_WORD.findall(text))
    return count >= DEFINITION_WORDS or (count >= SENTENCE_WORDS and has_verb(text))


def rating_word(rating: Rating) -> str:
    """How an asker returns a self-rating, and how the history shows it: ``good``."""
    return rating.name.lower()


class FlipKind(CardKind):
    kind = Kind.FLIP
    shape = Shape.SELF_RATED
    summary = "turned over and rated by the student (Anki's Basic)"
    anki_model = "flip"
    example = Example(
        'prompt = "Why do leaves change colour in autumn?"\n'
        'answer = "The tree stops making chlorophyll, so the yellow and red pigments show."',
        "again",
        "the student shows the answer and rates it: 1 again, 2 hard, 3 good, 4 easy",
    )

    def read(self, reader: AnswerReader, prompt: str) -> Answer:
        if "answer" not in reader.table:
            reader.problem("card is missing 'answer'")
            return Answer()
        value = reader.table["answer"]
        if not isinstance(value, str):
            what = describe(value)
            reader.problem(f"a flip answer is one string (the back), not {what}", "answer")
            return Answer()
        if not value.strip():
            reader.problem("'answer' is empty", "answer")
            return Answer()
        return Answer(answers=(value,))

    def answer_schema(self) -> Schema:
        return {"properties": {"answer": TEXT_SCHEMA}, "required": ["answer"]}

    def answer_value(self, items: Sequence[str]) -> Any:
        """Items typed as a list (a CSV cell split on ``|``) are one back again."""
        return " | ".join(item.strip() for item in items if item.strip()) or None

    def rating(self, given: Given, correct: bool) -> Rating:
        rating = parse_rating(given) if isinstance(given, str) else None
        return rating or Rating.AGAIN

    def grade(self, card: Card, given: Given) -> Grade:
        from quizdeck.grading.verdict import Grade

        text = given if isinstance(given, str) else " ".join(given)
        rating = parse_rating(text)
        expected = self.expected(card)
        if rating is None:
            why = "self-rated: the student rates the answer (again, hard, good or easy, or 1-4)"
            return Grade(0.0, False, "", expected, f"{why}; '{text}' is not a rating")
        right = rating is not Rating.AGAIN
        counted = "right" if right else "wrong"
        reason = f"self-rated {rating_word(rating)}: counted as {counted}"
        return Grade(1.0 if right else 0.0, right, "", expected, reason)

    def csv_answer(self, card: Card) -> tuple[str, str]:
        return join_list(card.answers[:1]), ""

    def anki_fields(self, card: Card) -> tuple[str, str, str]:
        from quizdeck.interchange.anki_html import field_text

        return field_text(self.expected(card)), "", ""

    def claims(self, card: Card) -> tuple[Claim, ...]:
        return (Claim("answer", statement=self.expected(card)),) if card.answers else ()
