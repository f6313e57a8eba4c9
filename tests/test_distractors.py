"""Automatic wrong options for choice cards."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from conftest import CardFields
from quizdeck.decks.loading import load_decks
from quizdeck.kinds import grade_answer
from quizdeck.model import Blank, Card, Kind
from quizdeck.session.distractors import (
    answer_sort,
    auto_options,
    distractors,
    near_dates,
    near_numbers,
    near_years,
    option_maker,
    sibling_pool,
)

if TYPE_CHECKING:
    from typing_extensions import Unpack


def card(
    card_id: str,
    kind: Kind,
    answers: Sequence[str],
    *,
    prompt: str | None = None,
    **extra: Unpack[CardFields],
) -> Card:
    prompt = f"{card_id}?" if prompt is None else prompt
    return Card("d", card_id, kind, prompt, tuple(answers), **extra)


def auto(card_id: str, answer: str, prompt: str, **extra: Unpack[CardFields]) -> Card:
    choice = card(card_id, Kind.CHOICE, (answer,), prompt=prompt, **extra)
    return replace(choice, auto_distractors=True)


POOL = [
    card("p1", Kind.PERSON, ("Hadi al-Amiri",)),
    card("p2", Kind.PERSON, ("Qais al-Khazali",)),
    card("p3", Kind.PERSON, ("Esmail Qaani",)),
    card("p4", Kind.PERSON, ("Mustafa al-Kadhimi", "Kadhimi")),
    card("p5", Kind.PERSON, ("Muqtada al-Sadr",)),
    card("t1", Kind.TEXT, ("Baghdad",)),
    card("t2", Kind.TEXT, ("Basra",)),
    card("t3", Kind.TEXT, ("Mosul",)),
    card("t4", Kind.TEXT, ("Erbil",)),
    card("t5", Kind.TEXT, ("Hizbullah",)),
    card("y1", Kind.YEAR, ("2003",)),
    card(
        "z1",
        Kind.CLOZE,
        ("Faleh al-Fayyadh",),
        prompt="{{person:Faleh al-Fayyadh}} leads.",
        blanks=(Blank(Kind.PERSON, ("Faleh al-Fayyadh",)),),
    ),
]
PEOPLE = {"Hadi al-Amiri", "Qais al-Khazali", "Esmail Qaani", "Mustafa al-Kadhimi",
          "Muqtada al-Sadr", "Faleh al-Fayyadh"}  # fmt: skip


def test_the_sort_of_answer_is_recognised() -> None:
    assert answer_sort(auto("a", "Hadi al-Amiri", "Who leads Badr?")) is Kind.PERSON
    people = frozenset({"hadi al-amiri"})
    assert answer_sort(auto("a", "Hadi al-Amiri", "Badr's leader?"), people) is Kind.PERSON
    assert answer_sort(auto("a", "2014", "When was it founded?")) is Kind.YEAR
    assert answer_sort(auto("a", "600", "How many fighters?")) is Kind.NUMBER
    assert answer_sort(auto("a", "2021-11-07", "On what date?")) is Kind.DATE
    assert answer_sort(auto("a", "Baghdad", "Which city?")) is Kind.TEXT


def test_person_options_are_other_people_never_the_answer() -> None:
    question = auto("q", "Mustafa al-Kadhimi", "Who was the target?")
    wrong = distractors(question, POOL, seed=1)
    assert len(wrong) == 3
    assert set(wrong) <= PEOPLE - {"Mustafa al-Kadhimi"}


def test_text_options_come_from_text_answers_and_skip_spelling_variants() -> None:
    question = auto("q", "Hezbollah", "Which group?")
    for seed in range(10):
        wrong = distractors(question, POOL, seed=seed)
        assert len(wrong) == 3
        assert "Hizbullah" not in wrong
        assert not set(wrong) & PEOPLE
        for option in wrong:
            assert not grade_answer(Kind.TEXT, ["Hezbollah"], option).correct


def test_options_are_deterministic_for_a_seed() -> None:
    question = auto("q", "Baghdad", "Which city?")
    assert distractors(question, POOL, seed=5) == distractors(question, POOL, seed=5)
    assert auto_options(question, POOL, seed=5) == auto_options(question, POOL, seed=5)
    runs = {tuple(auto_options(question, POOL, seed=s)) for s in range(12)}
    assert len(runs) > 1


def test_auto_options_hold_the_answer_and_three_wrong_ones() -> None:
    question = auto("q", "Basra", "Which port city?")
    options = auto_options(question, POOL, seed=2)
    assert len(options) == 4 and len(set(options)) == 4
    assert "Basra" in options


def test_auto_options_keep_choices_the_deck_gives() -> None:
    question = auto("q", "Basra", "Which port city?", choices=("Basra", "Kirkuk"))
    options = auto_options(question, POOL, seed=2)
    assert {"Basra", "Kirkuk"} <= set(options) and len(options) == 4


def test_years_numbers_and_dates_are_near_the_true_value() -> None:
    rng = random.Random(0)
    assert all(abs(int(year) - 2021) <= 6 and year != "2021" for year in near_years(2021, rng))
    for value in near_numbers("600", rng):
        assert value != "600" and 100 <= float(value.replace(",", "")) <= 6000
    small = near_numbers("3", rng)
    assert "3" not in small and all(0 <= int(v) <= 8 for v in small)
    assert all(len(d) == 10 and d != "2021-11-07" for d in near_dates("2021-11-07", rng))
    assert all(len(d) == 7 for d in near_dates("2021-11", rng))
    question = auto("q", "2021", "In which year?")
    wrong = distractors(question, POOL, seed=3)
    assert len(wrong) == 3 and "2021" not in wrong
    assert all(abs(int(year) - 2021) <= 6 for year in wrong)


def test_numbers_never_repeat_the_answer_in_another_form() -> None:
    question = auto("q", "1200", "How many?")
    for seed in range(10):
        wrong = distractors(question, POOL, seed=seed)
        assert len(wrong) == 3
        assert all(not grade_answer(Kind.NUMBER, ["1200"], option).correct for option in wrong)


def test_option_maker_only_draws_for_auto_cards() -> None:
    make = option_maker(POOL, seed=1)
    fixed = card("f", Kind.CHOICE, ("a",), choices=("a", "b"))
    assert sorted(make(fixed, random.Random(1))) == ["a", "b"]
    drawn = make(auto("q", "Erbil", "Which city?"), random.Random(1))
    assert "Erbil" in drawn and len(drawn) == 4


def test_sibling_pool_reads_the_other_decks_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(
        '[deck]\nid = "a"\ntitle = "A"\n\n[[card]]\nid = "c"\nkind = "person"\n'
        'prompt = "Who?"\nanswer = "Ann Smith"\n',
        encoding="utf-8",
    )
    (tmp_path / "b.toml").write_text(
        '[deck]\nid = "b"\ntitle = "B"\n\n[[card]]\nid = "c"\nkind = "person"\n'
        'prompt = "Who?"\nanswer = "Bob Jones"\n',
        encoding="utf-8",
    )
    (tmp_path / "broken.toml").write_text("not toml [", encoding="utf-8")
    decks = load_decks([str(tmp_path / "a.toml")])
    pool = sibling_pool(decks)
    assert sorted(c.answers[0] for c in pool) == ["Ann Smith", "Bob Jones"]
