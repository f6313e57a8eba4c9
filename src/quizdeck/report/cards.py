"""How the class does on each card: hardest first, with the wrong answers students give and,
for a question with options, how many students picked each.

Answers are counted per student: a wrong answer one student gave five times counts once.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from quizdeck.report.exports import Review, StudentCard
from quizdeck.report.known import Key, Known


@dataclass(frozen=True)
class CardResult:
    """How the class does on one card."""

    deck: str
    card: str
    prompt: str
    students: int
    reviews: int
    correct: int
    lapses: int
    #: The most common wrong answers (as first written) and how many students gave each.
    wrong_answers: tuple[tuple[str, int], ...] = ()
    #: Answers graded wrong that students said were right, and by how many students: for the
    #: teacher to accept (``quiz accept``) or not.
    claimed_right: tuple[tuple[str, int], ...] = ()
    #: For a question with options: each option, whether it is right, and how many students
    #: picked it (at least once); options no one was shown (drawn from the deck) as picked.
    options: tuple[tuple[str, bool, int], ...] = ()
    deck_title: str = ""  # the deck's title when known, else its id

    @property
    def label(self) -> str:
        """The question, or the card's id when the deck is not known."""
        return self.prompt or self.card

    @property
    def accuracy(self) -> float:
        """Share of the class's answers that were right."""
        return self.correct / self.reviews if self.reviews else 0.0

    @property
    def struggle(self) -> float:
        """How surely the class gets this card wrong: the lower bound of the share of wrong
        answers (Wilson, 95 %). One wrong answer scores less than three students' misses."""
        return wilson_lower(self.reviews - self.correct, self.reviews)


def wilson_lower(hits: int, total: int, z: float = 1.96) -> float:
    """The lower bound of the Wilson score interval of ``hits`` out of ``total``."""
    if total <= 0:
        return 0.0
    share = hits / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt((share * (1 - share) + z * z / (4 * total)) / total)
    return max(0.0, (centre - spread) / (1 + z * z / total))


#: How many of a card's common wrong answers the report keeps.
WRONG_ANSWERS = 3


def shown_answer(given: str) -> str:
    """An answer as the report lists it: spacing tidied, and for an answer in parts (a cloze's
    blanks, joined by " | ") each empty part shown as "…"; "" when every part is empty."""
    if "|" not in given:
        return " ".join(given.split())
    parts = [" ".join(part.split()) for part in given.split("|")]
    return " | ".join(part or "…" for part in parts) if any(parts) else ""


def claimed_answers(reviews: Iterable[Review]) -> tuple[tuple[str, int], ...]:
    """The answers students said were right after they were marked wrong, with how many
    students claimed each (case and spacing ignored), most claimed first."""
    students: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    for review in reviews:
        if not review.claimed:
            continue
        text = shown_answer(review.given)
        if not text:
            continue
        key = text.casefold()
        students[key].add(review.student)
        shown.setdefault(key, text)
    ranked = sorted(students.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple((shown[key], len(who)) for key, who in ranked)


def common_wrong_answers(reviews: Iterable[Review]) -> tuple[tuple[str, int], ...]:
    """The wrong answers most students gave (case and spacing ignored), most common first."""
    students: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    for review in reviews:
        if review.correct:
            continue
        text = shown_answer(review.given)
        if not text:
            continue
        key = text.casefold()
        students[key].add(review.student)
        shown.setdefault(key, text)
    ranked = sorted(students.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple((shown[key], len(who)) for key, who in ranked[:WRONG_ANSWERS])


def picked_options(
    reviews: Iterable[Review], options: Sequence[str], right: frozenset[str]
) -> tuple[tuple[str, bool, int], ...]:
    """Each option of a pick-one question with whether it is right and how many students picked
    it, in the order shown; options given that the deck does not list (drawn from the deck)
    after them, most picked first."""
    students: dict[str, set[str]] = defaultdict(set)
    for review in reviews:
        if review.given.strip():
            students[review.given.strip()].add(review.student)
    others = sorted((given for given in students if given not in options),
                    key=lambda given: (-len(students[given]), given))  # fmt: skip
    return tuple(
        (option, option in right or review_right(option, reviews), len(students[option]))
        for option in (*options, *others)
    )


def review_right(given: str, reviews: Iterable[Review]) -> bool:
    """Whether an answer not listed among the options was graded right."""
    return any(review.correct for review in reviews if review.given.strip() == given)


def card_results(
    reviews: Sequence[Review],
    states: Mapping[tuple[str, str, str], StudentCard],
    known: Known,
) -> list[CardResult]:
    """Every card answered, hardest first: by how surely the class gets it wrong (a lower
    confidence bound, so a single wrong answer does not outrank a card many students miss),
    then accuracy and lapses."""
    groups: dict[Key, list[Review]] = defaultdict(list)
    for review in reviews:
        groups[(review.deck, review.card)].append(review)
    lapses: dict[Key, int] = defaultdict(int)
    for (_student, deck, card), state in states.items():
        lapses[(deck, card)] += state.lapses
    results = []
    for (deck, card), found in groups.items():
        options = known.options.get((deck, card))
        results.append(
            CardResult(
                deck=deck,
                card=card,
                prompt=known.prompts.get((deck, card), ""),
                students=len({review.student for review in found}),
                reviews=len(found),
                correct=sum(review.correct for review in found),
                lapses=lapses[(deck, card)],
                wrong_answers=common_wrong_answers(found),
                claimed_right=claimed_answers(found),
                options=picked_options(found, *options) if options else (),
                deck_title=known.deck_title(deck),
            )
        )
    return sorted(results, key=lambda r: (-r.struggle, r.accuracy, -r.lapses, r.deck, r.card))
