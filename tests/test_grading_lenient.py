"""Tests for the lenient classes of grading, each with the false accepts it must not open."""

from __future__ import annotations

import pytest

from quizdeck.grading.organisations import initials
from quizdeck.grading.verdict import NOTE_TYPO
from quizdeck.kinds import grade, grade_answer
from quizdeck.kinds.cloze import grade_blanks as grade_cloze
from quizdeck.model import Blank, Card, Kind, parse_blanks


def check(kind: Kind, expected: str | list[str], given: str, prompt: str = "") -> tuple[bool, str]:
    answers = [expected] if isinstance(expected, str) else expected
    result = grade_answer(kind, answers, given, prompt=prompt)
    return result.correct, result.reason


# --- titles ------------------------------------------------------------------------------------

TITLED_RIGHT = [
    (Kind.PERSON, "Mustafa al-Kadhimi", "Prime Minister Kadhimi"),
    (Kind.PERSON, "Mustafa al-Kadhimi", "PM al-Kadhimi"),
    (Kind.PERSON, "Mustafa al-Kadhimi", "Mr. Kadhimi"),
    (Kind.PERSON, "Esmail Qaani", "General Qaani"),
    (Kind.PERSON, "Esmail Qaani", "Gen. Esmail Qaani"),
    (Kind.PERSON, "Hadi al-Amiri", "Sheikh Hadi al-Amiri"),
    (Kind.PERSON, "Joe Biden", "President Biden"),
    (Kind.PERSON, "Saleh al-Mutlaq", "Deputy PM Mutlaq"),
    (Kind.PERSON, "Adel Abdul Mehdi", "Dr Adel Abdul Mahdi"),
    (Kind.TEXT, "Kadhimi", "Prime Minister Kadhimi"),
]
TITLED_WRONG = [
    (Kind.PERSON, "Mustafa al-Kadhimi", "Prime Minister"),
    (Kind.PERSON, "Mustafa al-Kadhimi", "PM"),
    (Kind.PERSON, "Mustafa al-Kadhimi", "Prime Minister Abadi"),
    (Kind.PERSON, "Esmail Qaani", "General Soleimani"),
    (Kind.PERSON, "Esmail Qaani", "General"),
    (Kind.PERSON, "Joe Biden", "President"),
    (Kind.TEXT, "prime minister", "deputy prime minister"),
    (Kind.TEXT, "prime minister", "former prime minister"),
]


@pytest.mark.parametrize(("kind", "expected", "given"), TITLED_RIGHT)
def test_a_title_before_a_name_is_dropped(kind: Kind, expected: str, given: str) -> None:
    correct, reason = check(kind, expected, given)
    assert correct
    assert "title dropped" in reason


@pytest.mark.parametrize(("kind", "expected", "given"), TITLED_WRONG)
def test_a_title_alone_or_with_another_name_is_wrong(kind: Kind, expected: str, given: str) -> None:
    assert not check(kind, expected, given)[0]


# --- organisations ------------------------------------------------------------------------------

ORGANISATION_RIGHT = [
    ("Badr Organization", "Badr", "generic words"),
    ("Badr Organization", "the Badr Brigades", "generic words"),
    ("Badr", "Badr militia", "generic words"),
    ("Fateh Alliance", "Fateh", "generic words"),
    ("Fateh Alliance", "Fatah coalition", "generic words"),
    ("Qods Force", "Quds Forces", "generic words"),
    ("Popular Mobilization Units", "Popular Mobilisation Forces", "generic words"),
    ("Asaib Ahl al-Haq", "AAH", "initials"),
    ("Asaib Ahl al-Haq", "A.A.H.", "initials"),
    ("Kataib Hezbollah", "KH", "initials"),
    ("Kataib Hezbollah", "kh", "initials"),
    ("Popular Mobilization Units", "PMU", "initials"),
    ("Popular Mobilization Units", "PMF", "initials"),
    ("Islamic State of Iraq and Syria", "ISIS", "initials"),
    ("PMU", "Popular Mobilization Units", "initials"),
]
ORGANISATION_WRONG = [
    ("Asaib Ahl al-Haq", "KH"),
    ("Kataib Hezbollah", "AAH"),
    ("Kataib Hezbollah", "PMU"),
    ("Popular Mobilization Units", "KH"),
    ("Popular Mobilization Units", "PM"),
    ("Popular Mobilization Units", "Forces"),
    ("Popular Mobilization Units", "Mobilization Forces"),
    ("Fateh Alliance", "Badr"),
    ("Fateh Alliance", "the Alliance"),
    ("Fateh Alliance", "Alliance"),
    ("Badr Organization", "Fateh"),
    ("Badr Organization", "Organization"),
    ("Badr Organization", "Sadr Movement"),
    ("Kataib Hezbollah", "Hezbollah Brigades"),
    ("Kataib Hezbollah", "Brigades"),
    ("Qods Force", "Force"),
    ("Arab League", "Arab"),
    ("KH", "Kurdish Hezbollah"),
    ("Iran-backed militias", "Iran-backed parties"),
]


@pytest.mark.parametrize(("expected", "given", "why"), ORGANISATION_RIGHT)
def test_an_organisation_by_its_distinctive_part_or_initials(
    expected: str, given: str, why: str
) -> None:
    correct, reason = check(Kind.TEXT, expected, given)
    assert correct
    assert why in reason


@pytest.mark.parametrize(("expected", "given"), ORGANISATION_WRONG)
def test_another_groups_initials_or_a_generic_word_is_wrong(expected: str, given: str) -> None:
    assert not check(Kind.TEXT, expected, given)[0]


def test_initials_come_from_the_answer_words_skipping_small_words() -> None:
    assert initials("Asaib Ahl al-Haq") == "aah"
    assert initials("the Islamic State of Iraq and the Levant") == "isil"
    assert initials("Kata'ib Hizbullah") == "kh"


# --- harmless words ------------------------------------------------------------------------------

ZONE_PROMPT = "In which heavily guarded district of Baghdad is the residence?"
WRAPPED_RIGHT = [
    (Kind.TEXT, "Green Zone", "the Green Zone (Baghdad)", ZONE_PROMPT),
    (Kind.TEXT, "Green Zone", "in the Green Zone", ""),
    (Kind.TEXT, "Green Zone", "Green Zone, Baghdad", ZONE_PROMPT),
    (Kind.TEXT, "Green Zone", "the green zone in Baghdad", ZONE_PROMPT),
    (Kind.TEXT, "Green Zone", "Baghdad's Green Zone", ZONE_PROMPT),
    (Kind.TEXT, "Mosul", "the city of Mosul", ""),
    (Kind.TEXT, "Mosul", "Mosul, Iraq", ""),
    (Kind.TEXT, "Mosul", "at Mosul", ""),
    (Kind.TEXT, "Baghdad", "Baghdad (Iraq)", ""),
    (Kind.TEXT, "drone", "an armed drone", ""),
    (Kind.TEXT, "drone", "a bomb-laden drone", ""),
    (Kind.TEXT, "tanks", "army tanks", ""),
    (Kind.TEXT, "drone", "unmanned drone", ""),
    (Kind.TEXT, "drone", "low-flying explosive-laden drones", ""),
    (Kind.TEXT, "explosive-laden drone", "explosive drone", ""),
    (Kind.TEXT, "Sunday", "on Sunday", ""),
]
WRAPPED_WRONG = [
    (Kind.TEXT, "Green Zone", "Red Zone", ZONE_PROMPT),
    (Kind.TEXT, "Green Zone", "Baghdad", ZONE_PROMPT),
    (Kind.TEXT, "Green Zone", "Zone", ZONE_PROMPT),
    (Kind.TEXT, "Mosul", "Mosul, Basra", ""),
    (Kind.TEXT, "Mosul", "Mosul (or Basra)", ""),
    (Kind.TEXT, "Mosul", "Basra, Iraq", ""),
    (Kind.TEXT, "Iran", "Iran, Iraq", ""),
    (Kind.TEXT, "Iran", "Iran (Iraq)", ""),
    (Kind.TEXT, "Iran", "Iran in Syria", ""),
    (Kind.TEXT, "drone", "missile", ""),
    (Kind.TEXT, "drone", "no drone", ""),
    (Kind.TEXT, "drone", "toy drone", ""),
    (Kind.TEXT, "tanks", "no tanks", ""),
    (Kind.TEXT, "the law", "martial law", ""),
    (Kind.TEXT, "investigations", "international investigation", ""),
    (Kind.TEXT, "prime minister", "weak prime minister", ""),
    (Kind.TEXT, "the army", "Saddam's army", ""),
    (Kind.TEXT, "drone", "Iran's drone", ""),
    (Kind.TEXT, "drone", "fake drone", ""),
    (Kind.TEXT, "prime minister", "former prime minister", ""),
    (Kind.TEXT, "explosive-laden drone", "laden drone", ""),
    (Kind.TEXT, "Kataib Hezbollah", "Lebanese Hezbollah", ""),
    (Kind.TEXT, "the Prime Minister's residence", "Amiri's office", ""),
]


@pytest.mark.parametrize(("kind", "expected", "given", "prompt"), WRAPPED_RIGHT)
def test_harmless_words_around_the_answer(
    kind: Kind, expected: str, given: str, prompt: str
) -> None:
    correct, reason = check(kind, expected, given, prompt)
    assert correct, reason


@pytest.mark.parametrize(("kind", "expected", "given", "prompt"), WRAPPED_WRONG)
def test_words_that_change_the_answer_are_not_harmless(
    kind: Kind, expected: str, given: str, prompt: str
) -> None:
    assert not check(kind, expected, given, prompt)[0]


# --- slips ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "given", "marked"),
    [
        ("Mustafa al-Kadhimi", "Khadimi", "K*adh*imi"),
        ("Mustafa al-Kadhimi", "Kadhmi", "Kadh*i*mi"),
        ("Mustafa al-Kadhimi", "Mustafa al-Kadimi", "Kad*h*imi"),
        ("Abu Mahdi al-Muhandis", "Muhandiz", "Muhandi*s*"),
        ("Qasem Soleimani", "Soleimnai", "Soleim*an*i"),
    ],
)
def test_a_slip_is_right_and_the_note_shows_where(expected: str, given: str, marked: str) -> None:
    result = grade_answer(Kind.PERSON, [expected], given)
    assert result.correct
    assert result.note == f"{NOTE_TYPO} ({marked})"
    assert marked in result.reason


@pytest.mark.parametrize(
    ("kind", "expected", "given"),
    [
        (Kind.TEXT, "Badr", "Bard"),
        (Kind.TEXT, "Sadr", "Sard"),
        (Kind.TEXT, "Iraq", "Iarq"),
        (Kind.NUMBER, "48", "84"),
        (Kind.NUMBER, "48", "49"),
        (Kind.NUMBER, "20", "200"),
        (Kind.YEAR, "2014", "2041"),
        (Kind.YEAR, "2014", "2013"),
        (Kind.DATE, "2021-11-07", "7 November 2012"),
        (Kind.DATE, "2021-11-07", "17 November 2021"),
        (Kind.DATE, "2020-06-25", "25 June 2002"),
    ],
)
def test_short_names_and_every_number_year_and_date_stay_exact(
    kind: Kind, expected: str, given: str
) -> None:
    assert not check(kind, expected, given, "On what date? How many?")[0]


# --- sets ----------------------------------------------------------------------------------------

MEMBERS = "Members: {{Kataib Imam Ali}}, the {{Badr Organization|Badr}} and {{Asaib Ahl al-Haq}}."


def _members(any_order: bool) -> Card:
    return Card(
        "d", "c", Kind.CLOZE, MEMBERS, ("Kataib Imam Ali", "Badr Organization", "Asaib Ahl al-Haq"),
        blanks=parse_blanks(MEMBERS), any_order=any_order,
    )  # fmt: skip


def test_a_set_cloze_takes_its_blanks_in_any_order() -> None:
    result = grade(_members(True), ["AAH", "Badr", "Kataib Imam Ali"])
    assert result.correct
    assert result.score == 1.0
    assert "set" in result.reason


def test_a_set_cloze_gives_credit_per_blank_and_uses_each_answer_once() -> None:
    twice = grade(_members(True), ["Badr", "Badr", "Badr"])
    assert not twice.correct
    assert twice.score == pytest.approx(1 / 3)
    wrong_group = grade(_members(True), ["KH", "Badr", "AAH"])
    assert wrong_group.score == pytest.approx(2 / 3)


def test_an_ordered_cloze_still_wants_its_order() -> None:
    assert not grade(_members(False), ["AAH", "Badr", "Kataib Imam Ali"]).correct


def test_set_assignment_is_the_best_not_the_first() -> None:
    blanks = [Blank(Kind.TEXT, ("Badr",)), Blank(Kind.TEXT, ("Badr Organization", "Fateh"))]
    result = grade_cloze(blanks, ["Badr", "Fateh"], any_order=True)
    assert result.correct


# --- dates ---------------------------------------------------------------------------------------

NO_YEAR_ASKED = "On what date did the drone hit the residence?"
YEAR_ASKED = "On what date, with the year, did the drone hit the residence?"


@pytest.mark.parametrize("given", ["7 November", "Nov 7", "November 7th", "the 7th of Nov", "7/11"])
def test_a_date_card_not_asking_the_year_takes_day_and_month(given: str) -> None:
    correct, reason = check(Kind.DATE, "2021-11-07", given, NO_YEAR_ASKED)
    assert correct
    assert "day and month" in reason


@pytest.mark.parametrize("given", ["8 November", "Nov 17", "7 October", "November"])
def test_a_different_day_or_month_stays_wrong(given: str) -> None:
    assert not check(Kind.DATE, "2021-11-07", given, NO_YEAR_ASKED)[0]


def test_a_card_asking_the_year_still_wants_it() -> None:
    result = grade_answer(Kind.DATE, ["2021-11-07"], "7 November", prompt=YEAR_ASKED)
    assert not result.correct
    assert result.note == "which year?"
    assert not check(Kind.DATE, "2021-11", "November", "In which month and year?")[0]


@pytest.mark.parametrize(
    "given", ["30th of June", "Jun 30", "June 30th", "30/6", "6/30", "30 June 2020"]
)
def test_a_day_and_month_text_answer_in_any_written_form(given: str) -> None:
    correct, reason = check(Kind.TEXT, ["June 30", "30 June"], given)
    assert correct
    assert reason == "same day and month"


@pytest.mark.parametrize("given", ["June 3", "July 30", "29 June", "June", "6/3", "3/6"])
def test_another_day_and_month_is_wrong(given: str) -> None:
    assert not check(Kind.TEXT, ["June 30", "30 June"], given)[0]


# --- countries -----------------------------------------------------------------------------------

WHICH_COUNTRY = "Which country set up Kataib Hezbollah?"


@pytest.mark.parametrize(
    ("expected", "given"),
    [
        ("Iran", "Iranian"),
        ("Iran", "the Iranians"),
        ("Iraq", "Iraqi"),
        ("United States", "American"),
        ("US", "Americans"),
        ("UAE", "Emirati"),
        ("Tunisia", "Tunisian"),
        ("Lebanon", "Lebanese"),
        ("Syria", "Syrian"),
        ("Turkey", "Turkish"),
        ("Saudi Arabia", "Saudi"),
    ],
)
def test_which_country_takes_its_people_or_adjective(expected: str, given: str) -> None:
    assert check(Kind.TEXT, expected, given, WHICH_COUNTRY)[0]


@pytest.mark.parametrize(
    ("expected", "given", "prompt"),
    [
        ("Iran", "Iraqi", WHICH_COUNTRY),
        ("Iraq", "Iranian", WHICH_COUNTRY),
        ("Lebanon", "Syrian", WHICH_COUNTRY),
        ("Iran", "Iranian", "What is the capital of the country?"),
        ("Iran", "Iranian", ""),
    ],
)
def test_another_people_or_a_question_not_asking_the_country(
    expected: str, given: str, prompt: str
) -> None:
    assert not check(Kind.TEXT, expected, given, prompt)[0]


@pytest.mark.parametrize(
    ("expected", "given"), [("United States", "the USA"), ("US", "America"), ("UAE", "Emirates")]
)
def test_a_country_by_another_of_its_names(expected: str, given: str) -> None:
    assert check(Kind.TEXT, expected, given)[0]


# --- scripts and reasons --------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["الكاظمي", "Кадими", "Καδίμι"])
def test_an_answer_in_another_script_is_told_so(given: str) -> None:
    result = grade_answer(Kind.PERSON, ["Mustafa al-Kadhimi"], given)
    assert not result.correct
    assert result.note == "answer in Latin letters"


def test_an_answer_in_the_cards_own_script_is_graded() -> None:
    assert grade_answer(Kind.TEXT, ["بغداد"], "بغداد").correct


@pytest.mark.parametrize(
    ("kind", "expected", "given", "reason"),
    [
        (Kind.TEXT, ["Green Zone", "the Green Zone"], "green zone", "exact"),
        (Kind.TEXT, ["drone", "UAV"], "uav", "accepted variant"),
        (Kind.TEXT, ["Qods Force"], "Quds Force", "spelling variant"),
        (Kind.PERSON, ["Hadi al-Amiri"], "Amiri", "family name"),
        (Kind.NUMBER, ["48"], "forty-eight", "same number"),
        (Kind.NUMBER, ["48"], "84", "a different number"),
        (Kind.YEAR, ["2014"], "2013", "a different year"),
        (Kind.TEXT, ["Iran"], "Iraq", "a different answer"),
    ],
)
def test_every_grade_says_why(kind: Kind, expected: list[str], given: str, reason: str) -> None:
    assert grade_answer(kind, expected, given).reason == reason
