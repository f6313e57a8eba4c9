"""Siblings (cards sharing a fact): never two on one study day in quiz start, at most one per
fact in a practice or an exam; new cards interleaved across decks."""

from __future__ import annotations

import random
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizdeck.cli import main
from quizdeck.decks.scope import Scope
from quizdeck.model import Card, Kind, Mode, Rating
from quizdeck.store import Store

NOW = datetime(2026, 2, 3, 15, 0, tzinfo=timezone.utc)  # a Tuesday afternoon (UTC)

ALPS = """\
[deck]
id = "alps"
title = "Alps"
source = "alps.txt"

[[card]]
id = "highest"
fact = "highest-peak"
kind = "text"
prompt = "Which is the highest peak of the range?"
answer = "Blanc"

[[card]]
id = "highest-height"
fact = "peak-height"
kind = "number"
prompt = "How high is the highest peak, in metres?"
answer = 4808

[[card]]
id = "tunnel-year"
fact = "tunnel"
kind = "year"
prompt = "In which year did the long tunnel open?"
answer = 1965
"""

PEAKS = """\
[deck]
id = "peaks"
title = "Peaks"
source = "alps.txt"

[[card]]
id = "which-peak"
fact = "highest-peak"
kind = "choice"
prompt = "Which peak is the highest of the range?"
answer = "Blanc"
choices = ["Blanc", "Rosa", "Cervin"]

[[card]]
id = "height-tf"
fact = "peak-height"
kind = "truefalse"
prompt = "The highest peak is over 4,000 metres high."
answer = true

[[card]]
id = "glacier"
kind = "text"
prompt = "Which glacier is the longest of the range?"
answer = "Aletsch"
"""


@pytest.fixture
def decks(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "alps.txt").write_text("A range of mountains.\n", encoding="utf-8")
    alps, peaks = folder / "alps.toml", folder / "peaks.toml"
    alps.write_text(ALPS, encoding="utf-8")
    peaks.write_text(PEAKS, encoding="utf-8")
    return alps, peaks


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The time every quiz command sees: ``clock[0]``, set by the test."""
    moment = [NOW]
    monkeypatch.setattr("quizdeck.clock.now", lambda: moment[0])
    return moment


def quiz(*args: str, input: str = "") -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def asked(mode: str = "start") -> list[str]:
    with Store.for_profile("default") as store:
        return [row.card for row in store.history() if row.mode.value == mode]


FACT_OF = {
    "highest": "highest-peak",
    "which-peak": "highest-peak",
    "highest-height": "peak-height",
    "height-tf": "peak-height",
}


def facts_of(cards: list[str]) -> list[str]:
    return [FACT_OF[card] for card in cards if card in FACT_OF]


# --- quiz start ---------------------------------------------------------------------------


def test_siblings_across_two_decks_are_not_both_asked_in_one_start(
    decks: tuple[Path, Path], clock: list[datetime]
) -> None:
    result = quiz("start", *map(str, decks), "--plain", input="\n" * 20)
    assert result.exit_code == 0, result.output
    cards = sorted(set(asked()))  # missed cards come back in the session: count each once
    assert len(cards) == 4  # one per fact, and the card that names none
    facts = facts_of(cards)
    assert sorted(facts) == ["highest-peak", "peak-height"]
    assert "glacier" in cards and "tunnel-year" in cards


def test_a_later_start_the_same_day_waits_and_the_next_day_asks(
    decks: tuple[Path, Path], clock: list[datetime]
) -> None:
    alps, peaks = map(str, decks)
    quiz("start", alps, "--plain", input="Blanc\n4808\n1965\n")
    assert sorted(asked()) == ["highest", "highest-height", "tunnel-year"]
    clock[0] = NOW + timedelta(hours=3)  # the same study day, in another session
    result = quiz("start", peaks, "--plain", input="\n" * 10)
    assert set(asked()[3:]) == {"glacier"}  # the siblings of today's answers wait
    assert "which-peak" not in result.output and "height-tf" not in result.output
    clock[0] = NOW + timedelta(days=1)  # the next study day
    quiz("start", peaks, "--plain", input="\n" * 10)
    assert {"height-tf", "which-peak"} <= set(asked()[4:])


def test_start_help_says_siblings_wait() -> None:
    text = " ".join(quiz("start", "--help").output.split())
    assert "never asked on the same day" in text


def test_practice_and_exam_ask_at_most_one_card_per_fact(decks: tuple[Path, Path]) -> None:
    folder = str(decks[0].parent)
    for seed in range(5):
        quiz("practice", folder, "--plain", "--count", "20", "--seed", str(seed), input="\n" * 20)
        run = asked("practice")[-4:]
        assert len(run) == 4 and sorted(facts_of(run)) == ["highest-peak", "peak-height"]
        quiz("exam", folder, "--plain", "--count", "20", "--seed", str(seed), input="\n" * 20)
        run = asked("exam")[-4:]
        assert len(run) == 4 and sorted(facts_of(run)) == ["highest-peak", "peak-height"]
    for command in ("practice", "exam"):
        text = " ".join(quiz(command, "--help").output.split())
        assert "same fact are asked at most once" in text


# --- the store's queue --------------------------------------------------------------------


def card(deck: str, card_id: str, fact: str = "") -> Card:
    return Card(deck, card_id, Kind.TEXT, f"Question {card_id}?", (f"answer {card_id}",), fact=fact)


def answer(store: Store, answered: Card, when: datetime, rating: Rating = Rating.GOOD) -> None:
    store.record_review(
        answered,
        mode=Mode.START,
        given="typed",
        correct=rating is not Rating.AGAIN,
        score=float(rating is not Rating.AGAIN),
        rating=rating,
        duration_ms=1000,
        now=when,
    )


def learn_long_ago(store: Store, learned: Card) -> None:
    """Make ``learned`` a review card, due before NOW."""
    when = NOW - timedelta(days=60)
    for _ in range(3):
        answer(store, learned, when)
        state = store.card_state(*learned.key)
        assert state is not None and state.due is not None
        when = state.due
    assert when < NOW


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "progress.sqlite3", tz=timezone.utc)
    yield opened
    opened.close()


def ids(cards: list[Card]) -> list[str]:
    return [c.id for c in cards]


def test_burying_holds_for_review_cards(store: Store) -> None:
    first, second = card("a", "first", "f"), card("b", "second", "f")
    other = card("a", "other")
    for learned in (first, second, other):
        learn_long_ago(store, learned)
    queue = store.build_queue(Scope.of_cards([first, second, other]), NOW)
    assert len(queue) == 2 and other in queue  # one of the two siblings
    chosen = next(c for c in queue if c.fact)
    waiting = second if chosen is first else first
    answer(store, chosen, NOW)
    later = NOW + timedelta(hours=2)
    assert waiting not in store.build_queue(Scope.of_cards([first, second, other]), later)
    assert waiting not in store.build_queue(Scope.of_cards([waiting]), later)  # its deck alone, too
    tomorrow = store.next_day_start(NOW)
    assert waiting in store.build_queue(Scope.of_cards([first, second, other]), tomorrow)


def test_the_answered_card_itself_still_relearns(store: Store) -> None:
    first, second = card("a", "first", "f"), card("a", "second", "f")
    answer(store, first, NOW, Rating.AGAIN)  # a new card answered wrong: learning steps
    assert ids(store.build_queue(Scope.of_cards([first, second]), NOW + timedelta(minutes=2))) == [
        "first"
    ]
    answer(store, first, NOW + timedelta(minutes=2), Rating.GOOD)
    assert ids(store.build_queue(Scope.of_cards([first, second]), NOW + timedelta(minutes=20))) == [
        "first"
    ]


def test_a_due_card_goes_before_its_new_sibling(store: Store) -> None:
    new, due = card("a", "new", "f"), card("b", "due", "f")
    learn_long_ago(store, due)
    assert ids(store.build_queue(Scope.of_cards([new, due]), NOW)) == ["due"]


def test_another_session_answering_a_sibling_holds_the_card_back(
    store: Store, tmp_path: Path
) -> None:
    first, second = card("a", "first", "f"), card("b", "second", "f")
    assert store.build_queue(Scope.of_cards([second]), NOW) == [
        second
    ]  # this session's queue, built first
    with Store.open(tmp_path / "progress.sqlite3", tz=timezone.utc) as other:
        answer(other, first, NOW)  # another session answers the sibling
    assert store.sibling_answered(second, NOW + timedelta(minutes=1))
    assert not store.sibling_answered(first, NOW + timedelta(minutes=1))
    assert not store.sibling_answered(second, store.next_day_start(NOW))


def test_undoing_the_answer_frees_the_siblings(store: Store) -> None:
    first, second = card("a", "first", "f"), card("a", "second", "f")
    answer(store, first, NOW)
    assert store.build_queue(Scope.of_cards([second]), NOW + timedelta(minutes=1)) == []
    store.undo_last()
    assert store.build_queue(Scope.of_cards([second]), NOW + timedelta(minutes=1)) == [second]


def test_new_cards_of_two_decks_come_interleaved(store: Store) -> None:
    greek = [card("greek", f"g{n}") for n in range(8)]
    latin = [card("latin", f"l{n}") for n in range(8)]
    store.set_setting("new_per_day", "6")
    queue = store.build_queue(Scope.of_cards(greek + latin), NOW)
    assert [c.deck_id for c in queue] == ["greek", "latin"] * 3
    picked = ids(queue)[::2]
    assert picked != ["g0", "g1", "g2"]  # not file order within the deck
    assert ids(store.build_queue(Scope.of_cards(greek + latin), NOW, seed=1)) != ids(queue)
    assert ids(store.build_queue(Scope.of_cards(greek + latin), NOW, seed=1)) == ids(
        store.build_queue(Scope.of_cards(greek + latin), NOW, seed=1)
    )


def test_quiz_due_counts_what_start_would_ask(store: Store) -> None:
    a, b, c = card("a", "a1", "f"), card("b", "b1", "f"), card("b", "b2", "g")
    d = card("a", "a2", "g")
    cards = [a, b, c, d]
    for learned in (a, b):
        learn_long_ago(store, learned)
    summary = store.due_summary(Scope.of_cards(cards), NOW)
    queue = store.build_queue(Scope.of_cards(cards), NOW)
    due_now = sum(deck.due_now for deck in summary.decks)
    assert (due_now, summary.new_today) == (1, 1)
    assert due_now + summary.new_today == len(queue) == 2
    answer(store, queue[0], NOW)
    answer(store, queue[1], NOW)
    later = NOW + timedelta(hours=1)  # the new card answered is due again (learning steps)
    summary = store.due_summary(Scope.of_cards(cards), later)
    assert (sum(deck.due_now for deck in summary.decks), summary.new_today) == (1, 0)
    assert store.build_queue(Scope.of_cards(cards), later) == [queue[1]]


# --- simulated students -------------------------------------------------------------------


def siblings_on_one_day(store: Store, cards: list[Card]) -> list[tuple[object, str]]:
    """(study day, fact) pairs where two different cards of the fact were answered."""
    fact_of = {c.key: c.fact for c in cards if c.fact}
    answered: dict[tuple[object, str], set[tuple[str, str]]] = defaultdict(set)
    for row in store.history():
        fact = fact_of.get((row.deck, row.card))
        if row.mode is Mode.START and fact:
            answered[(store.study_date(row.time), fact)].add((row.deck, row.card))
    return [day_fact for day_fact, keys in answered.items() if len(keys) > 1]


def simulate(
    store: Store, cards: list[Card], days: int, rng: random.Random, sessions: int = 3
) -> int:
    """A student who runs ``sessions`` quiz start sessions a day (over all decks, or over
    one deck at a time) and answers at random; returns how many answers were given."""
    by_deck: dict[str, list[Card]] = defaultdict(list)
    for c in cards:
        by_deck[c.deck_id].append(c)
    count = 0
    for day in range(days):
        when = store.day_start(NOW) + timedelta(days=day, hours=2)
        for _ in range(sessions):
            chosen = cards if rng.random() < 0.5 else by_deck[rng.choice(sorted(by_deck))]
            scope = Scope.of_cards(chosen)
            limit = rng.randint(5, 60)
            for asked_card in store.build_queue(scope, when, review_limit=limit)[:limit]:
                answer(store, asked_card, when, rng.choice(list(Rating)))
                when += timedelta(seconds=rng.randint(5, 400))
                count += 1
            when += timedelta(minutes=rng.randint(1, 240))
    return count


def small_deck_with_facts() -> list[Card]:
    """Three decks of our own whose cards share facts across and within decks."""
    cards = []
    for deck in ("one", "two", "three"):
        for n in range(12):
            fact = f"fact-{n % 5}" if n % 3 else ""
            cards.append(card(deck, f"{deck}-{n}", fact))
    return cards


def test_a_simulated_student_never_meets_two_siblings_on_one_day(store: Store) -> None:
    cards = small_deck_with_facts()
    assert simulate(store, cards, days=12, rng=random.Random(4)) > 100
    assert siblings_on_one_day(store, cards) == []


def test_the_bundled_decks_never_ask_two_siblings_on_one_day(store: Store) -> None:
    from quizdeck.decks.loading import load_decks

    cards = [c for deck in load_decks() for c in deck.cards] + small_deck_with_facts()
    assert simulate(store, cards, days=25, rng=random.Random(9), sessions=2) > 400
    assert siblings_on_one_day(store, cards) == []


@st.composite
def decks_with_facts(draw: st.DrawFn) -> list[Card]:
    """Up to three decks of up to eight cards, each card naming one of a few facts or none."""
    cards = []
    for deck in range(draw(st.integers(1, 3))):
        for number in range(draw(st.integers(1, 8))):
            fact = draw(st.sampled_from(["", "", "f0", "f1", "f2", "f3"]))
            cards.append(card(f"deck{deck}", f"c{number}", fact))
    return cards


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cards=decks_with_facts(),
    seed=st.integers(0, 2**16),
    new_per_day=st.integers(1, 10),
    days=st.integers(1, 4),
)
def test_no_study_day_ever_holds_two_siblings(
    cards: list[Card], seed: int, new_per_day: int, days: int
) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        Store.open(Path(folder) / "p.sqlite3", tz=timezone.utc) as student,
    ):
        student.set_setting("new_per_day", str(new_per_day))
        simulate(student, cards, days=days, rng=random.Random(seed))
        assert siblings_on_one_day(student, cards) == []


def test_next_due_waits_for_the_next_day_when_a_sibling_was_answered(store: Store) -> None:
    first, second = card("a", "first", "f"), card("b", "second", "f")
    for learned in (first, second):
        learn_long_ago(store, learned)
    answer(store, first, NOW)
    later = NOW + timedelta(hours=1)
    assert store.build_queue(Scope.of_cards([second]), later) == []
    assert store.next_due(Scope.of_cards([second]), later) == store.next_day_start(NOW)
    first_due = store.card_state(*first.key)
    assert first_due is not None and first_due.due is not None
    assert store.next_due(Scope.of_cards([first, second]), later) == min(
        first_due.due, store.next_day_start(NOW)
    )


def test_quiz_due_counts_what_start_asks_with_many_cards_and_cards_kept_apart(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``quiz due`` counts cards that can never be held back in SQL and passes the others
    through the gate one by one: the counts still match the queue, deck by deck."""
    from quizdeck.decks.apart import KeepApart

    alone = [card("a", f"a{n}") for n in range(10)] + [card("b", f"b{n}") for n in range(2, 6)]
    facts = [card("a", "a10", "f"), card("a", "a11", "f")]
    apart = [card("b", "b0"), card("b", "b1")]
    cards = alone + facts + apart
    for learned in cards:
        learn_long_ago(store, learned)
    scope = Scope.of_cards(cards)
    monkeypatch.setattr(scope, "apart", lambda: KeepApart([(("b", "b0"), ("b", "b1"))]))
    store.set_setting("reviews_per_day", "100")
    summary = store.due_summary(scope, NOW)
    queue = store.build_queue(scope, NOW)
    due_now = {deck.deck: deck.due_now for deck in summary.decks}
    assert due_now == {"a": 11, "b": 5}
    assert due_now == {deck: sum(c.deck_id == deck for c in queue) for deck in ("a", "b")}
