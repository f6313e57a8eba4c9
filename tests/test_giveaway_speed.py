"""The short cuts that keep give-away detection quick find what the slow way finds."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizdeck.decks import deck_forms
from quizdeck.decks.answer_forms import _date, plain_words, tokens, word_candidates
from quizdeck.decks.giveaways import find_giveaways
from quizdeck.decks.loading import load_decks
from quizdeck.grading.dates import parse_date
from quizdeck.model import Card, Kind

WORDS = ["seven", "forty", "eight", "and", "Nov", "Sept", "may", "March", "seats", "the", "of",
         "al", "Kadhimi", "s", "7th", "48", "1,200", "2021-11-07", "1.5", "x7", "hundred",
         "one"]  # fmt: skip
GLUE = [" ", "-", ", ", ". ", "'", "’", "/", "é", "_", "\n"]


@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(GLUE)), max_size=12))
def test_a_text_with_a_token_always_has_a_candidate_word(parts: list[tuple[str, str]]) -> None:
    text = "".join(word + glue for word, glue in parts)
    plain = plain_words(text)
    if plain is None:
        return  # read the slow way
    for token in tokens(text):
        assert not word_candidates([token]).isdisjoint(plain), (text, token)


def test_plain_words_leave_out_what_tokens_read_otherwise() -> None:
    assert plain_words("Forty-eight SEATS, in May!") == [b"forty", b"eight", b"seats", b"in",
                                                          b"may"]  # fmt: skip
    for text in ("Kadhimi's men", "1,200 men", "the 7th", "2021-11-07", "Badr é", "1.5 m"):
        assert plain_words(text) is None


def test_iso_dates_read_as_parse_date_reads_them() -> None:
    for year in (1900, 1999, 2000, 2021, 2024):
        for month in range(1, 13):
            for day in range(1, 32):
                text = f"{year}-{month:02}-{day:02}"
                assert _date(text) == parse_date(text), text


def _cards() -> list[Card]:
    cards = [card for deck in load_decks() for card in deck.cards]
    rng = random.Random(3)
    extra = []  # every card's answer in another card's prompt, in other facts
    for number, card in enumerate(rng.sample(cards, 40)):
        shown = card.answers[0] if card.answers else card.prompt[:20]
        extra.append(Card(deck_id="x", id=f"x{number}", kind=Kind.TEXT,
                          prompt=f"What came after {shown}?", answers=("a thing",)))  # fmt: skip
    return cards + extra


def test_the_quick_look_finds_every_give_away_the_slow_way_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cards = _cards()
    quick = find_giveaways(cards)
    monkeypatch.setattr(deck_forms, "plain_text", lambda text: None)
    slow = find_giveaways(cards)
    assert sorted(quick.giveaways) == sorted(slow.giveaways)
    assert sorted(quick.common) == sorted(slow.common)
    assert len(quick.giveaways) > 20  # planted in 40 prompts; true/false verdicts show none
