"""A deck's study settings (``[deck.study]``): read with file:line errors, cached, in the schema,
and used for the deck's cards unless the student set their own value."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import jsonschema
import pytest

from quizdeck.decks.format import Deck
from quizdeck.decks.loading import check_deck_files
from quizdeck.decks.reader import check_deck_file
from quizdeck.decks.schema import deck_schema
from quizdeck.decks.scope import Scope
from quizdeck.model import Card, DeckStudy, Kind, Mode, Rating
from quizdeck.settings import Settings
from quizdeck.store import Store

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HEADER = '[deck]\nid = "demo"\ntitle = "Demo"\n\n'
CARD = '\n[[card]]\nid = "c{n}"\nkind = "text"\nprompt = "Q{n}?"\nanswer = "A{n}"\n'


def deck_text(study: str = "", cards: int = 1, deck_id: str = "demo") -> str:
    header = HEADER.replace('"demo"', f'"{deck_id}"')
    return header + study + "".join(CARD.format(n=n) for n in range(cards))


def write(tmp_path: Path, text: str, name: str = "demo.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


STUDY = '[deck.study]\nnew_per_day = 5\nretention = 0.85\nlearning_steps = ["1m", "30m"]\n'


def test_a_deck_reads_its_study_settings_and_its_cards_carry_them(tmp_path: Path) -> None:
    deck, problems = check_deck_file(write(tmp_path, deck_text(STUDY)))
    assert problems == []
    assert deck is not None
    wanted = DeckStudy(5, 0.85, (timedelta(minutes=1), timedelta(minutes=30)))
    assert deck.study == wanted
    assert deck.cards[0].study == wanted


def test_steps_may_be_written_as_the_student_writes_them(tmp_path: Path) -> None:
    text = deck_text('[deck.study]\nlearning_steps = "10m 1h"\n')
    deck, problems = check_deck_file(write(tmp_path, text))
    assert problems == [] and deck is not None
    assert deck.study == DeckStudy(learning_steps=(timedelta(minutes=10), timedelta(hours=1)))


def test_no_steps_at_all_is_allowed(tmp_path: Path) -> None:
    deck, problems = check_deck_file(
        write(tmp_path, deck_text("[deck.study]\nlearning_steps = []\n"))
    )
    assert problems == [] and deck is not None
    assert deck.study == DeckStudy(learning_steps=())


def test_a_deck_without_study_settings_sets_nothing(tmp_path: Path) -> None:
    deck, _ = check_deck_file(write(tmp_path, deck_text()))
    assert deck is not None
    assert deck.study == DeckStudy()
    assert deck.cards[0].study == DeckStudy()


@pytest.mark.parametrize(
    ("study", "where", "message"),
    [
        ("new_per_day = -1\n", "6:1", "'new_per_day' in [deck.study] must be between 0 and 9999"),
        ("new_per_day = 2.5\n", "6:1", "'new_per_day' in [deck.study] must be a whole number"),
        ("new_per_day = true\n", "6:1", "must be a whole number"),
        ("retention = 1.5\n", "6:1", "'retention' in [deck.study] must be between 0.7 and 0.99"),
        ('retention = "high"\n', "6:1", "'retention' in [deck.study] must be a number"),
        ('learning_steps = ["1m", "1x"]\n', "6:1", "'1x' is not a duration like 30s, 10m"),
        ('learning_steps = ["31d"]\n', "6:1", "must be between 1s and 30d"),
        ("learning_steps = [1, 10]\n", "6:1", "must be a list of steps like"),
        ("retension = 0.9\n", "6:1", "unknown key 'retension' in [deck.study] (did you mean"),
    ],
)
def test_wrong_study_settings_are_reported_at_their_line(
    tmp_path: Path, study: str, where: str, message: str
) -> None:
    deck, problems = check_deck_file(write(tmp_path, deck_text("[deck.study]\n" + study)))
    assert deck is None
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"demo.toml:{where}: ") or f":{where}:" in str(problems[0])
    assert message in problems[0].message


def test_study_must_be_a_table(tmp_path: Path) -> None:
    text = HEADER.replace('title = "Demo"\n', 'title = "Demo"\nstudy = 5\n') + CARD.format(n=1)
    deck, problems = check_deck_file(write(tmp_path, text))
    assert deck is None
    assert [problem.line for problem in problems] == [4]
    assert "'study' in [deck] must be a table" in problems[0].message


def test_an_inline_study_table_reports_at_its_line(tmp_path: Path) -> None:
    text = HEADER.replace('title = "Demo"\n', 'title = "Demo"\nstudy = { retention = 2.0 }\n')
    deck, problems = check_deck_file(write(tmp_path, text + CARD.format(n=1)))
    assert deck is None
    assert [problem.line for problem in problems] == [4]


def test_the_cache_keeps_study_settings(tmp_path: Path) -> None:
    path = write(tmp_path, deck_text(STUDY, cards=3))
    first, _ = check_deck_files([path], cached=True)
    again, _ = check_deck_files([path], cached=True)
    wanted = DeckStudy(5, 0.85, (timedelta(minutes=1), timedelta(minutes=30)))
    assert first[0].study == again[0].study == wanted
    assert [card.study for card in again[0].cards] == [wanted] * 3
    assert again[0].card("c1") is not None
    assert again[0].cards.by_ids(["c2"])["c2"].study == wanted  # type: ignore[attr-defined]


def test_the_schema_knows_study_settings() -> None:
    validator = jsonschema.Draft202012Validator(deck_schema())
    good = tomllib.loads(deck_text(STUDY))
    assert list(validator.iter_errors(good)) == []
    for bad in (
        "[deck.study]\nnew_per_day = -3\n",
        "[deck.study]\nretention = 0.2\n",
        '[deck.study]\nlearning_steps = ["soon"]\n',
        "[deck.study]\nnew_cards = 3\n",
    ):
        assert list(validator.iter_errors(tomllib.loads(deck_text(bad)))), bad


# --- how a deck's settings combine with the student's -----------------------------------------


def test_deck_values_apply_where_the_student_set_nothing() -> None:
    study = DeckStudy(5, 0.8, (timedelta(minutes=30),))
    settings = Settings().for_deck(study)
    assert (settings.new_per_day, settings.desired_retention) == (5, 0.8)
    assert settings.learning_steps == (timedelta(minutes=30),)


def test_the_students_own_values_win() -> None:
    study = DeckStudy(5, 0.8, (timedelta(minutes=30),))
    own = Settings(desired_retention=0.95, explicit=frozenset({"desired_retention"}))
    settings = own.for_deck(study)
    assert settings.desired_retention == 0.95
    assert settings.new_per_day == 5
    assert Settings().for_deck(DeckStudy()) == Settings()


NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def study_cards(deck_id: str, count: int, study: DeckStudy) -> list[Card]:
    return [
        Card(deck_id, f"c{i:03d}", Kind.TEXT, f"{deck_id} {i}?", (f"answer {i}",), study=study)
        for i in range(count)
    ]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "test.sqlite3", tz=timezone.utc) as opened:
        yield opened


def review(store: Store, card: Card, rating: Rating, now: datetime = NOW) -> datetime:
    recorded = store.record_review(
        card, mode=Mode.START, given="x", correct=rating != Rating.AGAIN, score=1.0,
        rating=rating, duration_ms=1000, now=now,
    )  # fmt: skip
    assert recorded.due is not None
    return recorded.due


def per_deck(queue: list[Card]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for card in queue:
        counts[card.deck_id] = counts.get(card.deck_id, 0) + 1
    return counts


def test_each_deck_gives_its_own_new_cards_and_the_others_share_the_students(
    store: Store,
) -> None:
    slow = study_cards("slow", 10, DeckStudy(new_per_day=2))
    fast = study_cards("fast", 40, DeckStudy(new_per_day=30))
    plain = study_cards("plain", 30, DeckStudy())
    scope = Scope.of_decks([deck_of(slow), deck_of(fast), deck_of(plain)])
    assert per_deck(store.build_queue(scope, NOW)) == {"slow": 2, "fast": 30, "plain": 20}
    assert per_deck(store.build_queue(scope, NOW, new_limit=6)) == {
        "slow": 2,
        "fast": 2,
        "plain": 2,
    }
    for card in (slow[0], fast[0], plain[0]):
        review(store, card, Rating.GOOD)
    later = NOW + timedelta(minutes=1)
    fresh = [card for card in store.build_queue(scope, later) if card.key not in
             {slow[0].key, fast[0].key, plain[0].key}]  # fmt: skip
    assert per_deck(fresh) == {"slow": 1, "fast": 29, "plain": 19}


def test_the_students_own_new_per_day_caps_every_deck_together(store: Store) -> None:
    store.set_setting("new_per_day", "5")
    slow = study_cards("slow", 10, DeckStudy(new_per_day=1))
    fast = study_cards("fast", 10, DeckStudy(new_per_day=30))
    queue = store.build_queue(Scope.of_decks([deck_of(slow), deck_of(fast)]), NOW)
    assert len(queue) == 5
    assert per_deck(queue) == {"slow": 3, "fast": 2}  # slow's own limit of 1 is not used


def test_a_deck_with_no_new_cards_per_day_gives_none(store: Store) -> None:
    none = study_cards("none", 5, DeckStudy(new_per_day=0))
    assert store.build_queue(Scope.of_cards(none), NOW) == []


def test_a_cards_learning_steps_are_its_decks(store: Store) -> None:
    slow = study_cards("slow", 2, DeckStudy(learning_steps=(timedelta(minutes=30),)))[0]
    plain = study_cards("plain", 2, DeckStudy())[0]
    assert review(store, slow, Rating.AGAIN) == NOW + timedelta(minutes=30)
    assert review(store, plain, Rating.AGAIN) == NOW + timedelta(minutes=1)


def test_an_amended_review_keeps_the_decks_steps(store: Store) -> None:
    card = study_cards("slow", 1, DeckStudy(learning_steps=(timedelta(minutes=30),)))[0]
    recorded = store.record_review(
        card, mode=Mode.START, given="x", correct=True, score=1.0, rating=Rating.GOOD,
        duration_ms=1000, now=NOW,
    )  # fmt: skip
    amended = store.amend_review(
        recorded.review_id, correct=False, score=0.0, rating=Rating.AGAIN, now=NOW
    )
    assert amended.due == NOW + timedelta(minutes=30)


def test_the_students_own_steps_win_over_the_decks(store: Store) -> None:
    store.set_setting("learning_steps", "5m")
    card = study_cards("slow", 1, DeckStudy(learning_steps=(timedelta(minutes=30),)))[0]
    assert review(store, card, Rating.AGAIN) == NOW + timedelta(minutes=5)


def test_a_cards_retention_is_its_decks(store: Store) -> None:
    eager = study_cards("eager", 1, DeckStudy(retention=0.97))[0]
    relaxed = study_cards("relaxed", 1, DeckStudy(retention=0.7))[0]
    assert review(store, eager, Rating.EASY) < review(store, relaxed, Rating.EASY) - timedelta(
        days=5
    )


def deck_of(cards: list[Card]) -> Deck:
    return Deck(
        cards[0].deck_id, cards[0].deck_id, Path("x.toml"), tuple(cards), study=cards[0].study
    )


def test_anki_export_gives_a_deck_its_options_group(tmp_path: Path) -> None:
    import json
    import sqlite3
    import zipfile

    from click.testing import CliRunner

    from quizdeck.cli import main

    studied = write(tmp_path, deck_text(STUDY))
    other = deck_text(deck_id="other").replace('title = "Demo"', 'title = "Other"')
    plain = write(tmp_path, other, "other.toml")
    out = tmp_path / "out.apkg"
    arguments = ["export", str(studied), str(plain), "--format", "apkg", "-o", str(out)]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 0, result.output
    (tmp_path / "col.anki2").write_bytes(zipfile.ZipFile(out).read("collection.anki2"))
    with sqlite3.connect(tmp_path / "col.anki2") as db:
        groups, decks = (
            json.loads(text) for text in db.execute("SELECT dconf, decks FROM col").fetchone()
        )
    by_name = {deck["name"]: deck for deck in decks.values()}
    group = groups[str(by_name["Demo"]["conf"])]
    assert group["name"] == "quiz: Demo"
    assert group["new"]["perDay"] == 5
    assert group["new"]["delays"] == [1.0, 30.0]
    assert group["desiredRetention"] == 0.85
    assert by_name["Demo"]["conf"] != 1
    assert sum(1 for deck in decks.values() if deck["conf"] == 1) == len(decks) - 1


def test_config_unset_gives_a_setting_back_to_the_decks(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from quizdeck.cli import main

    runner = CliRunner()
    assert runner.invoke(main, ["config", "set", "new_per_day", "5"]).exit_code == 0
    with Store.for_profile("default") as opened:
        assert opened.settings().explicit == frozenset({"new_per_day"})
    result = runner.invoke(main, ["config", "unset", "new_per_day"])
    assert result.exit_code == 0, result.output
    assert "new_per_day = 20 (your own value removed" in result.output
    with Store.for_profile("default") as opened:
        assert opened.settings().explicit == frozenset()
    assert runner.invoke(main, ["config", "unset", "new_cards"]).exit_code == 2
    listing = runner.invoke(main, ["config", "get"]).output
    assert "[deck.study]" in runner.invoke(main, ["config", "--help"]).output
    assert "new_per_day" in listing


def test_a_huge_wrong_step_gives_a_short_message(tmp_path: Path) -> None:
    study = '[deck.study]\nlearning_steps = ["' + "9" * 100_000 + '", "1m"]\n'
    _, problems = check_deck_file(write(tmp_path, deck_text(study)))
    assert len(problems) == 1
    assert "learning_steps" in str(problems[0]) and len(str(problems[0])) < 300
