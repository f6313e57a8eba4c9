"""Give-aways found by joining the decks' tables are the ones a plain scan of every card finds.

``reference`` below is the detection as it was before the decks' tables (an index of every
answer form, then every shown text of every card read and matched, in card order), kept
here only to check the join against it on generated deck sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import groupby
from operator import attrgetter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quizdeck.decks import giveaways
from quizdeck.decks.answer_forms import answer_forms, shown_texts, tokens
from quizdeck.decks.deck_forms import form_table
from quizdeck.decks.giveaways import Common, Detection, Giveaway, find_giveaways, join_tables
from quizdeck.model import Blank, Card, Kind

#: Small, so that few cards make an answer common.
COMMON = 3


class _Needle:
    def __init__(self, text: str) -> None:
        self.text, self.part = text, True
        self.owners: list[int] = []
        self.shown_by: dict[int, tuple[str, bool]] = {}


def reference(cards: Sequence[Card]) -> Detection:
    """Every card's every shown text scanned for every answer form (see the module)."""
    forms: dict[tuple[str, ...], _Needle] = {}
    for number, card in enumerate(cards):
        for form in answer_forms(card):
            needle = forms.setdefault(form.tokens, _Needle(form.text))
            needle.part = needle.part and form.part
            if not needle.owners or needle.owners[-1] != number:
                needle.owners.append(number)
    for number, card in enumerate(cards):
        for field, before, text, own in shown_texts(card):
            words = tuple(tokens(text))
            for start in range(len(words)):
                for key, needle in forms.items():
                    if words[start : start + len(key)] != key:
                        continue
                    if own and words and (needle.part or key == words):
                        continue
                    if len(needle.shown_by) > COMMON:
                        continue  # common: no longer looked for
                    known = needle.shown_by.get(number)
                    if known is None or (before and not known[1]):
                        needle.shown_by[number] = (field, before)
    found: dict[tuple[int, int], Giveaway] = {}
    common: dict[int, Common] = {}
    for needle in forms.values():
        shown_by = needle.shown_by
        if len(shown_by) > COMMON:
            before = any(where[1] for where in shown_by.values())
            for owner in needle.owners:
                shown = Common(cards[owner].key, needle.text, len(shown_by), before)
                common.setdefault(owner, shown)
            continue
        for owner in needle.owners:
            for shower, (field, before) in shown_by.items():
                if shower == owner or cards[shower].fact_key == cards[owner].fact_key:
                    continue
                known_pair = found.get((shower, owner))
                if known_pair is None or (before and not known_pair.before):
                    giveaway = Giveaway(cards[shower].key, cards[owner].key, field, before,
                                        needle.text)  # fmt: skip
                    found[(shower, owner)] = giveaway
    return Detection(list(found.values()), list(common.values()))


WORDS = ["Kadhimi", "Badr", "Kataib Hezbollah", "Orla Venn", "48", "forty-eight", "2019",
         "7 November", "November 2021", "2021-11-07", "the drone", "drones", "Nov.", "Venn's",
         "al-Sadr", "Sadr", "Popular Mobilization Units", "PMU", "march", "ten",
         "2021"]  # fmt: skip
TEXT = st.lists(st.sampled_from([*WORDS, "what", "who", "of", "and"]), max_size=6).map(" ".join)
ANSWER = st.sampled_from(WORDS)


@st.composite
def a_card(draw: st.DrawFn, deck: str, number: int) -> Card:
    kind = draw(st.sampled_from([Kind.TEXT, Kind.PERSON, Kind.NUMBER, Kind.YEAR, Kind.DATE,
                                 Kind.CHOICE, Kind.CLOZE, Kind.ORDER, Kind.MATCH]))  # fmt: skip
    card = Card(deck_id=deck, id=f"c{number}", kind=kind, prompt=draw(TEXT) or "Which?",
                answers=(), fact=draw(st.sampled_from(["", "", "one", "two"])),
                explanation=draw(TEXT))  # fmt: skip
    if kind is Kind.NUMBER:
        return replace(card, answers=(draw(st.sampled_from(["48", "14", "2019", "7"])),))
    if kind is Kind.YEAR:
        return replace(card, answers=(draw(st.sampled_from(["2019", "2021"])),))
    if kind is Kind.DATE:
        answer = draw(st.sampled_from(["2021-11-07", "2021-05", "2019-03-07", "2021"]))
        return replace(card, answers=(answer,))
    if kind is Kind.CHOICE:
        options = tuple(draw(st.lists(ANSWER, min_size=2, max_size=4, unique=True)))
        prompt = draw(st.sampled_from(["Who led it?", card.prompt]))
        return replace(card, prompt=prompt, answers=options[:1], choices=options)
    if kind is Kind.CLOZE:
        answers = tuple(draw(st.lists(ANSWER, min_size=1, max_size=2)))
        cloze = " ".join(f"{draw(TEXT)} {{{{{answer}}}}}" for answer in answers)
        blanks = tuple(Blank(Kind.TEXT, (answer,)) for answer in answers)
        return replace(card, prompt=cloze, answers=answers, blanks=blanks)
    if kind is Kind.ORDER:
        return replace(card, answers=tuple(draw(st.lists(ANSWER, min_size=2, max_size=3))))
    if kind is Kind.MATCH:
        pairs = tuple(draw(st.lists(st.tuples(ANSWER, TEXT), min_size=1, max_size=2)))
        return replace(card, pairs=pairs)
    answers = tuple(draw(st.lists(ANSWER, min_size=1, max_size=2)))
    correction = draw(st.sampled_from(["", "Not so: see Kadhimi."]))
    return replace(card, answers=answers, correction=correction)


@st.composite
def deck_sets(draw: st.DrawFn) -> list[Card]:
    cards: list[Card] = []
    for deck in range(draw(st.integers(1, 3))):
        size = draw(st.integers(0, 6))
        cards += [draw(a_card(f"d{deck}", number)) for number in range(size)]
    return cards


#: A card read again (its prompt shows 2019) whose own answer holds another card's family name.
READ_AGAIN = [
    Card(deck_id="d", id="p", kind=Kind.PERSON, prompt="Who?", answers=("Orla Venn",)),
    Card(deck_id="d", id="y", kind=Kind.YEAR, prompt="When?", answers=("2019",), fact="one"),
    Card(deck_id="e", id="t", kind=Kind.TEXT, prompt="Who in 2019?", answers=("Orla Venn",)),
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deck_sets())
@example(READ_AGAIN)
def test_the_join_finds_what_scanning_every_card_finds(cards: list[Card]) -> None:
    chunks = [list(run) for _, run in groupby(cards, key=attrgetter("deck_id"))]
    tables = [form_table(chunk[0].deck_id, chunk) for chunk in chunks]  # with their lines

    def fetch(number: int, positions: list[int]) -> dict[int, Card]:
        return {position: chunks[number][position] for position in positions}

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(giveaways, "COMMON", COMMON)
        expected = reference(cards)
        assert find_giveaways(cards) == expected
        assert join_tables(tables, fetch) == expected


def test_the_join_reads_again_only_the_cards_that_may_show_a_form() -> None:
    cards = [
        Card(deck_id="d", id="b", kind=Kind.YEAR, prompt="When did it fall?", answers=("2019",)),
        Card(deck_id="d", id="a", kind=Kind.TEXT, prompt="Who won in 2019?", answers=("Venn",)),
        Card(deck_id="e", id="c", kind=Kind.DATE, prompt="When?", answers=("2019-03-07",)),
        Card(deck_id="e", id="z", kind=Kind.TEXT, prompt="Who sang?", answers=("Orla",)),
    ]
    tables = [form_table("d", cards[:2]), form_table("e", cards[2:])]
    asked: list[tuple[int, list[int]]] = []

    def fetch(number: int, positions: list[int]) -> dict[int, Card]:
        asked.append((number, positions))
        return {position: cards[2 * number + position] for position in positions}

    found = join_tables(tables, fetch)
    assert asked == [(0, [1])]  # the date's own answer shows 2019 without reading the card
    assert sorted((g.shower[1], g.owner[1], g.field) for g in found.giveaways) == [
        ("a", "b", "prompt"),
        ("c", "b", "answer"),
    ]
