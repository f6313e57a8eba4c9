"""Wrong options for multiple choice (``distractors = "auto"``).

Options are drawn from answers of the same sort in the deck and its sibling
decks (people for a person, places and things for text), and from values near
the true one for years, numbers and dates. A wrong option is never one that
grading would accept as the answer. The same seed gives the same options.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

from quizdeck.decks.format import Deck
from quizdeck.decks.loading import check_deck_files
from quizdeck.kinds.values import date_value, number_value, year_value
from quizdeck.model import Card, Kind
from quizdeck.session.options import OptionMaker, card_options

#: Options shown for an automatic choice card: the answer and three wrong ones.
OPTION_COUNT = 4

WHO = re.compile(r"^\s*(who|whom|whose)\b", re.IGNORECASE)
WHEN = re.compile(r"^\s*(in )?(what|which) year\b", re.IGNORECASE)

#: Accepts(kind, accepted answers, candidate): would grading take ``candidate`` as right?
Accepts = Callable[[Kind, Sequence[str], str], bool]


def answer_sort(card: Card, people: frozenset[str] = frozenset()) -> Kind:
    """What sort of thing a choice card's answer is: a year, number, date, person or text."""
    answer = card.answers[0] if card.answers else ""
    if WHEN.match(card.prompt) and year_value(answer):
        return Kind.YEAR
    if re.fullmatch(r"\d{4}", answer.strip()):
        return Kind.YEAR
    if number_value(answer):
        return Kind.NUMBER
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", answer.strip()) and date_value(answer):
        return Kind.DATE
    if WHO.match(card.prompt) or answer.casefold() in people:
        return Kind.PERSON
    return Kind.TEXT


def _people(pool: Iterable[Card]) -> frozenset[str]:
    names: set[str] = set()
    for card in pool:
        if card.kind is Kind.PERSON:
            names.update(answer.casefold() for answer in card.answers)
        names.update(
            answer.casefold()
            for blank in card.blanks
            if blank.kind is Kind.PERSON
            for answer in blank.answers
        )
    return frozenset(names)


def _answers_of_sort(
    pool: Iterable[Card], sort: Kind, people: frozenset[str]
) -> list[tuple[Card, str]]:
    """(card, answer) pairs of every answer in the pool that is of this sort."""
    found: list[tuple[Card, str]] = []
    for card in pool:
        if card.kind is sort and card.answers:
            found.append((card, card.answers[0]))
        elif card.kind is Kind.CHOICE and answer_sort(card, people) is sort:
            found.extend((card, choice) for choice in (card.choices or card.answers[:1]))
        for blank in card.blanks:
            if blank.kind is sort and blank.answers:
                found.append((card, blank.answers[0]))
    return found


def _ranked(card: Card, candidates: Iterable[tuple[Card, str]], rng: random.Random) -> list[str]:
    """Candidate answers, the most alike first: shared tags, then similar length."""
    words = len(card.answers[0].split()) if card.answers else 1
    scored: dict[str, tuple[int, int, float]] = {}
    for other, text in candidates:
        if other.key == card.key or not text.strip():
            continue
        shared = len(set(other.tags) & set(card.tags))
        rank = (-shared, abs(len(text.split()) - words), rng.random())
        scored[text] = min(scored.get(text, rank), rank)
    return sorted(scored, key=scored.__getitem__)


def near_years(year: int, rng: random.Random) -> list[str]:
    """Years close to ``year``, in random order."""
    offsets = [d for d in range(-6, 7) if d]
    rng.shuffle(offsets)
    return [str(year + d) for d in offsets if year + d > 0]


def near_numbers(value: str, rng: random.Random) -> list[str]:
    """Numbers near ``value`` and of its size, in random order."""
    number = float(value.replace(",", ""))
    whole = number.is_integer()
    if whole and abs(number) < 20:
        candidates = [number + d for d in (-3, -2, -1, 1, 2, 3, 4, 5)]
    else:
        candidates = [number * f for f in (0.25, 0.5, 0.75, 1.25, 1.5, 2, 3, 10)]
    rng.shuffle(candidates)
    shown = []
    for candidate in candidates:
        if candidate < 0 <= number:
            continue
        shown.append(_format_number(candidate, whole, number))
    return shown


def _format_number(value: float, whole: bool, true: float) -> str:
    if whole:
        rounded = round(value)
        if abs(true) >= 100:
            step = 10 ** (len(str(int(abs(true)))) - 2)
            rounded = round(value / step) * step
        return f"{rounded:,}" if abs(rounded) >= 10_000 else str(rounded)
    return f"{value:.{_decimals(true)}f}"


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text else 0


def near_dates(value: str, rng: random.Random) -> list[str]:
    """Dates near ``value`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), at the same precision."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 1:
        return near_years(parts[0], rng)
    if len(parts) == 2:
        months = [parts[0] * 12 + parts[1] - 1 + d for d in range(-5, 6) if d]
        rng.shuffle(months)
        return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in months]
    day = date(*parts)
    offsets = [-30, -7, -3, -2, -1, 1, 2, 3, 7, 30, 365, -365]
    rng.shuffle(offsets)
    return [(day + timedelta(days=d)).isoformat() for d in offsets]


def _near(sort: Kind, answer: str, rng: random.Random) -> list[str]:
    try:
        if sort is Kind.YEAR:
            return near_years(int(answer), rng)
        if sort is Kind.NUMBER:
            return near_numbers(answer, rng)
        if sort is Kind.DATE:
            return near_dates(answer, rng)
    except ValueError:
        return []
    return []


def _grading_accepts(kind: Kind, accepted: Sequence[str], candidate: str) -> bool:
    from quizdeck.kinds import grade_answer

    return bool(accepted) and grade_answer(kind, list(accepted), candidate).correct


def distractors(
    card: Card,
    pool: Sequence[Card],
    *,
    seed: int | str = 0,
    count: int = OPTION_COUNT - 1,
    accepts: Accepts = _grading_accepts,
) -> list[str]:
    """Up to ``count`` wrong options for ``card``, none of which grading would accept."""
    rng = random.Random(f"{seed}:{card.deck_id}:{card.id}")
    people = _people(pool)
    sort = answer_sort(card, people)
    answer = card.answers[0] if card.answers else ""
    pooled = _ranked(card, _answers_of_sort(pool, sort, people), rng)
    near = _near(sort, answer, rng)
    candidates = [*near[:count], *pooled] if near else pooled
    if not candidates:
        candidates = _ranked(card, _answers_of_sort(pool, Kind.TEXT, people), rng)
    chosen: list[str] = []
    for candidate in candidates:
        if len(chosen) == count:
            break
        if candidate in chosen or accepts(sort, card.answers, candidate):
            continue
        if chosen and accepts(sort, chosen, candidate):
            continue
        chosen.append(candidate)
    return chosen


def auto_options(card: Card, pool: Sequence[Card], *, seed: int | str = 0) -> tuple[str, ...]:
    """The options of an automatic choice card: its own choices (if any), the answer
    and wrong options drawn from the pool, up to four, in a seeded random order."""
    options = list(dict.fromkeys((*card.choices, *card.answers[:1])))
    missing = OPTION_COUNT - len(options)
    if missing > 0:
        options += distractors(card, pool, seed=seed, count=missing)
    random.Random(f"{seed}:{card.deck_id}:{card.id}:order").shuffle(options)
    return tuple(options)


def sibling_pool(decks: Sequence[Deck]) -> list[Card]:
    """The cards of ``decks`` and of the valid decks in the same folders."""
    known = {deck.path.resolve() for deck in decks}
    folders = {deck.path.resolve().parent for deck in decks}
    siblings = sorted(
        path for folder in folders for path in folder.glob("*.toml") if path.resolve() not in known
    )
    cards = [card for deck in decks for card in deck.cards]
    for path in siblings:
        found, _problems = check_deck_files([Path(path)])
        cards.extend(card for deck in found for card in deck.cards)
    return cards


def option_maker(pool: Sequence[Card], *, seed: int | str = 0) -> OptionMaker:
    """Session options where automatic choice cards get wrong options from ``pool``."""

    def make(card: Card, rng: random.Random) -> tuple[str, ...]:
        if card.kind is Kind.CHOICE and card.auto_distractors:
            return auto_options(card, pool, seed=seed)
        return card_options(card, rng)

    return make
