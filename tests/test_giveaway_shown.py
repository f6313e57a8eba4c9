"""The cards sessions keep apart, found pair of decks by pair of decks (``decks.shown``), are
the ones lint's detection finds, whichever records come from where."""

from __future__ import annotations

from itertools import groupby
from operator import attrgetter

import pytest
from hypothesis import HealthCheck, example, given, settings

from quizdeck.decks import giveaways
from quizdeck.decks.apart import KeepApart
from quizdeck.decks.deck_columns import columns_of, starters
from quizdeck.decks.deck_forms import form_table
from quizdeck.decks.shown import Record, merged_apart, records_of
from quizdeck.model import Card, Kind
from test_giveaway_join import COMMON, READ_AGAIN, deck_sets, reference


def _apart_by_pairs(cards: list[Card]) -> KeepApart:
    chunks = [list(run) for _, run in groupby(cards, key=attrgetter("deck_id"))]
    decks = [columns_of(form_table(chunk[0].deck_id, chunk)) for chunk in chunks]
    records: dict[tuple[int, int], Record] = {}
    for shower, chunk in enumerate(chunks):

        def read(positions: list[int], chunk: list[Card] = chunk) -> dict[int, Card]:
            return {position: chunk[position] for position in positions}

        # One owner at a time, as after an edit: each record alone, as the cache keeps it.
        for owner, deck in enumerate(decks):
            records[(shower, owner)] = records_of(decks[shower], [deck], read)[0]
    return merged_apart(decks, records)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deck_sets())
@example(READ_AGAIN)
def test_the_pairs_of_decks_keep_apart_what_lint_finds(cards: list[Card]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(giveaways, "COMMON", COMMON)
        expected = KeepApart.of_giveaways(reference(cards).giveaways).pairs()
        assert _apart_by_pairs(cards).pairs() == expected


def test_the_cards_that_show_a_word_are_looked_up() -> None:
    cards = [
        Card(deck_id="d", id="a", kind=Kind.TEXT, prompt="Who was Venn in 48?", answers=("x",)),
        Card(deck_id="d", id="b", kind=Kind.TEXT, prompt="Orlavenn in 1948?", answers=("y",)),
        Card(deck_id="d", id="c", kind=Kind.TEXT, prompt="And Venns?", answers=("z",)),
    ]
    table = columns_of(form_table("d", cards))
    assert table.cards_with(["venn"]) == [0]
    assert table.cards_with(["48", "venns", "nothing"]) == [0, 2]
    assert table.cards_with(["was", "venn", "1948"]) == [0, 1]
    assert table.cards_with(["orla", "as", "e"]) == []


def test_starters_are_the_candidate_words() -> None:
    firsts = frozenset({"venn", "november", "48"})
    words = ["venns", "nov", "forty", "venn", "vennss", "may", "48", "november", "x"]
    assert starters(words, firsts) == {"venns", "nov", "forty", "venn", "48", "november"}
