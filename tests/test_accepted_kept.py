"""No answer the bundled decks accepted is lost when their ``accept`` lists shrink (issue 24).

``accepted_before.json`` lists every answer the bundled decks accepted before they moved onto
the glossary (written by ``accepted_snapshot.py``); each must still be right, with full
marks, against the same card of the decks as they are now.

``accepted_dropped.json`` may name an answer that is no longer taken, with the reason; it is
empty. The grader took back by principle most of the 163 answers a first cut of the lists
dropped (context around the answer, a possessive, a word's other forms, the card's own
country or year: see ``test_grading_context.py``); the rest, synonyms and paraphrases no rule
can read ("a pushover" for "a weak premier", "riots" for "street confrontations"), went back
as accept entries, in the room the entries the grader no longer needs left: the typed cards
still average at most three accepted forms (``test_bundled_accept_size.py``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quizdeck.decks.loading import bundled_decks_dir, load_decks
from quizdeck.kinds import grade
from quizdeck.model import Card

HERE = Path(__file__).parent
BEFORE = json.loads((HERE / "accepted_before.json").read_text(encoding="utf-8"))
#: deck/card → {answer: why the grader does not take it and no accept entry brought it back}
DROPPED: dict[str, dict[str, str]] = json.loads(
    (HERE / "accepted_dropped.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def cards() -> dict[tuple[str, str], Card]:
    paths = sorted(str(path) for path in bundled_decks_dir().glob("*.toml"))
    return {(card.deck_id, card.id): card for deck in load_decks(paths) for card in deck.cards}


def _tries(entry: dict[str, Any], card: Card) -> list[Any]:
    """Each answer of ``entry`` as it is given to the card: a string, or a list for a card
    answered with several items (a cloze card with one blank's variant, the others first)."""
    if "blanks" not in entry:
        dropped = list(DROPPED.get(f"{entry['deck']}/{entry['card']}", {}))
        return [answer for answer in entry["answers"] if answer not in dropped]
    firsts = [variants[0] for variants in entry["blanks"]]
    return [
        [*firsts[:index], variant, *firsts[index + 1 :]]
        for index, variants in enumerate(entry["blanks"])
        for variant in variants
    ]


#: Cards taken out of the decks since the snapshot, each with why (its answers go with it).
RETIRED = {
    ("drone-attack", "kh-no-longer-pm"): "its answer, 'prime minister', is shown by 12 other "
    "cards (a give-away of issue 23); kh-quote-cloze asks the same fact, the 'former' prime "
    "minister",
}


def test_the_snapshot_covers_every_bundled_card(cards: dict[tuple[str, str], Card]) -> None:
    assert {(entry["deck"], entry["card"]) for entry in BEFORE} - set(RETIRED) == set(cards)
    typed = [e for e in BEFORE if e["kind"] in {"text", "person", "number", "year", "date"}]
    assert (len(typed), sum(len(e["answers"]) for e in typed)) == (82, 903)


def test_each_dropped_answer_says_why() -> None:
    assert all(reason.strip() for answers in DROPPED.values() for reason in answers.values())


def test_each_dropped_answer_was_accepted_before() -> None:
    before = {f"{e['deck']}/{e['card']}": e.get("answers", []) for e in BEFORE}
    unknown = [
        (key, a)
        for key, answers in DROPPED.items()
        for a in answers
        if a not in before.get(key, ())
    ]
    assert not unknown


@pytest.mark.parametrize("entry", BEFORE, ids=lambda entry: f"{entry['deck']}/{entry['card']}")
def test_every_answer_accepted_before_is_still_right(
    entry: dict[str, Any], cards: dict[tuple[str, str], Card]
) -> None:
    if (entry["deck"], entry["card"]) in RETIRED:
        pytest.skip(RETIRED[entry["deck"], entry["card"]])
    card = cards[entry["deck"], entry["card"]]
    refused = []
    for given in _tries(entry, card):
        result = grade(card, given)
        if not (result.correct and result.score == 1.0):
            refused.append(f"{given!r}: {result.score} ({result.reason})")
    assert not refused, "\n".join(refused)
