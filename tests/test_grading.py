"""Tests for answer grading: tables of right and wrong answers per kind, plus properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizdeck.grading.dates import parse_date
from quizdeck.grading.lists import grade_order, split_items
from quizdeck.grading.numbers import parse_number
from quizdeck.grading.text import normalize
from quizdeck.grading.verdict import NOTE_CLOSE, NOTE_PART, NOTE_TYPO, TYPO_SCORE, Grade
from quizdeck.kinds import expected_answer, grade, grade_answer
from quizdeck.kinds.cloze import grade_blanks as grade_cloze
from quizdeck.model import Blank, Card, Kind, parse_blanks

# --- helpers -----------------------------------------------------------------------------------

_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"))


def _below_thousand(n: int) -> list[str]:
    """English words for 1 <= n < 1000."""
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_SMALL[hundreds], "hundred"]
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(_TENS[tens - 2] + (f"-{_SMALL[units]}" if units else ""))
    elif rest:
        words.append(_SMALL[rest])
    return words


def number_to_words(n: int) -> str:
    """English words for a non-negative integer: 1248 → "one thousand two hundred forty-eight"."""
    if n == 0:
        return "zero"
    words: list[str] = []
    for size, name in _SCALES:
        count, n = divmod(n, size)
        if count:
            words += [*_below_thousand(count), name]
    if n:
        words += _below_thousand(n)
    return " ".join(words)


def ok(kind: Kind, expected: str | list[str], answer: str) -> Grade:
    """Grade ``answer`` against ``expected`` (one or several accepted answers)."""
    accepted = [expected] if isinstance(expected, str) else expected
    return grade_answer(kind, accepted, answer)


def make_card(
    kind: Kind,
    answers: tuple[str, ...],
    *,
    choices: tuple[str, ...] = (),
    blanks: tuple[Blank, ...] = (),
) -> Card:
    """A card of ``kind`` for dispatch tests."""
    return Card("d", "c", kind, "?", answers, choices=choices, blanks=blanks)


# --- normalize -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("  The Green Zone. ", "green zone"),
        ("ʿAṣāʾib Ahl al-Ḥaqq", "asaib ahl al haqq"),
        ("Kata’ib Hezbollah", "kataib hezbollah"),
        ("U.S. forces", "us forces"),
        ("low-flying", "low flying"),
        ("Fish & Chips", "fish and chips"),
        ("A", "a"),
        ("an investigation", "investigation"),
        ("", ""),
        ("?!", ""),
    ],
)
def test_normalize(text: str, normalized: str) -> None:
    assert normalize(text) == normalized


# --- text --------------------------------------------------------------------------------------

TEXT_RIGHT = [
    ("drone", "drones"),  # a plural is the same word (issue 24)
    # case, spaces, punctuation, hyphens, articles, diacritics
    ("Green Zone", "green zone"),
    ("Green Zone", "  the Green Zone  "),
    ("Sunday", "Sunday."),
    ("low-flying", "low flying"),
    ("low-flying", "lowflying"),
    ("PR stunt", "a PR stunt"),
    ("drone", "DRONE!"),
    ("Kadhimi", "Kāẓimī"),
    ("al-Qaeda", "Al Qaida"),
    ("al-Qaeda", "al-Qa'ida"),
    # transliteration variants
    ("Asaib Ahl al-Haq", "Asa'ib Ahl al-Haqq"),
    ("Asaib Ahl al-Haq", "ʿAṣāʾib Ahl al-Ḥaqq"),
    ("Asaib Ahl al-Haq", "Asaib Ahl Haq"),
    ("Asaib Ahl al-Haq", "Asa’ib Ahl el-Haqq"),
    ("Kataib Hezbollah", "Kata'ib Hezbollah"),
    ("Kataib Hezbollah", "Kataeb Hizbullah"),
    ("Kataib Hezbollah", "kataib hizbollah"),
    ("Hezbollah", "Hizbullah"),
    ("Hezbollah", "Hizbollah"),
    ("Qods Force", "Quds Force"),
    ("Qods Force", "Kods Force"),
    ("Qods Force", "the Quds force"),
    ("Kadhimi", "Kazemi"),
    ("Kadhimi", "Kazimi"),
    ("Kadhimi", "al-Kadhimi"),
    ("Muhandis", "Mohandes"),
    ("Muhandis", "al-Muhandis"),
    ("Soleimani", "Sulaimani"),
    ("Soleimani", "Suleimani"),
    ("Soleimani", "Sulaymani"),
    ("Qaani", "Ghaani"),
    ("Qaani", "Qa'ani"),
    ("Esmail Qaani", "Ismail Ghaani"),
    ("Hussein", "Husayn"),
    ("Hussein", "Husain"),
    ("Haider al-Abadi", "Haidar Abadi"),
    ("Haider al-Abadi", "Haider al-Abbadi"),
    ("Amiri", "Ameri"),
    ("Allawi", "Alawi"),
    ("Nouri al-Maliki", "Nuri al-Maliki"),
    ("Muqtada al-Sadr", "Moqtada as-Sadr"),
    ("Iraq", "Irak"),
    ("Quran", "Koran"),
    ("Quran", "Qur'an"),
    ("Dawa Party", "Da'wa Party"),
    ("Thi Qar", "Thi-Qar"),
]

TEXT_TYPO = [
    # forgiven typos: one edit on 5-8 letters, two on longer words
    ("accountability", "acountabilty"),
    ("accountability", "accountabilyt"),
    ("solidarity", "solidarty"),
    ("solidarity", "soldiarity"),
    ("Kadhimi", "Kahdimi"),
    ("Kadhimi", "Kadimi"),
    ("Nouri al-Maliki", "Nouri al-Malki"),
    ("Maliki", "Malki"),
    ("Muhandis", "Muhandiz"),
    ("Hezbollah", "Hizballah"),
    ("Hezbollah", "Hizb Allah"),
    ("investigations", "investigatoins"),
    ("Abu Mahdi al-Muhandis", "Abu Mahdi al-Muhandus"),
]

TEXT_WRONG = [
    # near but different names
    ("Iran", "Iraq"),
    ("Iraq", "Iran"),
    ("Allawi", "Amiri"),
    ("Amiri", "Allawi"),
    ("Mosul", "Musleh"),
    ("Musleh", "Mosul"),
    ("Amiri", "Omari"),
    ("Sadr", "Badr"),
    ("Badr", "Bard"),
    ("Basra", "Basrah Oil"),
    ("Muhandis", "Mahdi"),
    ("Kadhimi", "Hakim"),
    ("Abadi", "Obeidi"),
    ("Qaani", "Qassem"),
    ("Soleimani", "Sulaymaniyah"),
    # a different name that shares a word
    ("Kataib Hezbollah", "Hezbollah"),
    ("Hezbollah", "Kataib Hezbollah"),
    ("Kataib Hezbollah", "Kataib Imam Ali"),
    ("Kataib Hezbollah", "Kataib Sayyid al-Shuhada"),
    ("Badr Organization", "Organization"),
    ("Asaib Ahl al-Haq", "Ahl al-Haq"),
    ("Abu Mahdi al-Muhandis", "Mahdi al-Muhandis"),
    ("Abu Ali al-Askari", "Abu Ali"),
    # typos are not forgiven on short words, or past the allowance
    ("drone", "dorns"),
    ("Sadr", "Sard"),
    ("Badr", "Bader"),
    ("Iraq", "Irag"),
    ("names", "nomad"),
    ("solidarity", "solitary"),
    ("accountability", "acnotbilty"),
    ("Iran", "Iranian"),
    ("Kadhimi", "Kadhimiya"),
    ("Resolution 2379", "Resolution 2378"),
    ("1980s", "1990s"),
    # junk and empty
    ("Green Zone", ""),
    ("Green Zone", "   "),
    ("Green Zone", "the"),
    ("Green Zone", "?!"),
]


@pytest.mark.parametrize(("expected", "answer"), TEXT_RIGHT)
def test_text_variants_are_fully_right(expected: str, answer: str) -> None:
    result = ok(Kind.TEXT, expected, answer)
    assert result == Grade(1.0, True, "", expected)


@pytest.mark.parametrize(("expected", "answer"), TEXT_TYPO)
def test_text_typos_are_right_with_a_note(expected: str, answer: str) -> None:
    result = ok(Kind.TEXT, expected, answer)
    assert result.correct
    assert result.score == TYPO_SCORE
    assert result.note.startswith(NOTE_TYPO)


@pytest.mark.parametrize(("expected", "answer"), TEXT_WRONG)
def test_text_wrong(expected: str, answer: str) -> None:
    result = ok(Kind.TEXT, expected, answer)
    assert not result.correct
    assert result.score == 0.0
    assert result.expected == expected


@pytest.mark.parametrize(
    ("expected", "answer", "note"),
    [
        ("Kataib Hezbollah", "Hezbollah", NOTE_PART),
        ("Asaib Ahl al-Haq", "Ahl al-Haq", NOTE_PART),
        ("Amiri", "Omari", NOTE_CLOSE),
        ("solidarity", "soldiraty", NOTE_CLOSE),
        ("Iran", "Iraq", ""),
        ("Mosul", "Musleh", ""),
        ("Hezbollah", "Kataib Hezbollah", ""),
    ],
)
def test_text_notes_for_wrong_answers(expected: str, answer: str, note: str) -> None:
    assert ok(Kind.TEXT, expected, answer).note == note


def test_text_best_of_the_accepted_answers_counts() -> None:
    accepted = ["drone", "a drone", "explosive-laden drone", "UAV"]
    assert ok(Kind.TEXT, accepted, "uav").score == 1.0
    assert ok(Kind.TEXT, accepted, "explosive laden drone").score == 1.0
    assert ok(Kind.TEXT, accepted, "uav").expected == "drone"
    assert not ok(Kind.TEXT, accepted, "missile").correct


# --- person ------------------------------------------------------------------------------------

PERSON_RIGHT = [
    ("Mustafa al-Kadhimi", "Mustafa al-Kadhimi", 1.0),
    ("Mustafa al-Kadhimi", "mustafa kadhimi", 1.0),
    ("Mustafa al-Kadhimi", "Kadhimi", 1.0),
    ("Mustafa al-Kadhimi", "al-Kadhimi", 1.0),
    ("Mustafa al-Kadhimi", "Al Kadhimi", 1.0),
    ("Mustafa al-Kadhimi", "Kazemi", 1.0),
    ("Mustafa al-Kadhimi", "Kadhimi, Mustafa", 1.0),
    ("Mustafa al-Kadhimi", "Mustafa al-Kadimi", TYPO_SCORE),
    ("Mustafa al-Kadhimi", "Kadimi", TYPO_SCORE),
    ("Abu Mahdi al-Muhandis", "Muhandis", 1.0),
    ("Abu Mahdi al-Muhandis", "al-Muhandis", 1.0),
    ("Abu Mahdi al-Muhandis", "Abu Mahdi al-Mohandes", 1.0),
    ("Abu Ali al-Askari", "Askari", 1.0),
    ("Abu Ali al-Askari", "al-Askari", 1.0),
    ("Qasem Soleimani", "Qassem Suleimani", 1.0),
    ("Qasem Soleimani", "Sulaimani", 1.0),
    ("Esmail Qaani", "Ghaani", 1.0),
    ("Esmail Qaani", "Ismail Qa'ani", 1.0),
    ("Hadi al-Amiri", "Amiri", 1.0),
    ("Hadi al-Amiri", "Hadi Ameri", 1.0),
    ("Nouri al-Maliki", "Maliki", 1.0),
    ("Nouri al-Maliki", "Malki", TYPO_SCORE),
    ("Qassem Musleh", "Qasim Muslih", 1.0),
    ("Qassem Musleh", "Musleh", 1.0),
    ("Ayad Allawi", "Ayad Alawi", 1.0),
    (["Ayad Allawi", "Iyad Allawi"], "Iyad Allawi", 1.0),
    ("Ayad Allawi", "Alawi", 1.0),
    ("Adel Abdul Mehdi", "Abdul Mehdi", 1.0),
    ("Adel Abdul Mehdi", "Abdul-Mahdi", 1.0),
    ("Adel Abdul Mehdi", "Adil Abd al-Mahdi", 1.0),
    ("Joe Biden", "Biden", 1.0),
    ("Saddam Hussein", "Hussein", 1.0),
    ("Saddam", "saddam", 1.0),
]

PERSON_WRONG = [
    ("Mustafa al-Kadhimi", "Mustafa", NOTE_PART),
    ("Mustafa al-Kadhimi", "Hakim", ""),
    ("Mustafa al-Kadhimi", "Kadhimi Mustafa al", ""),
    ("Abu Mahdi al-Muhandis", "Abu Mahdi", NOTE_PART),
    ("Abu Mahdi al-Muhandis", "Mahdi", NOTE_PART),
    ("Abu Ali al-Askari", "Ali", NOTE_PART),
    ("Abu Ali al-Askari", "Abu Ali", NOTE_PART),
    ("Hadi al-Amiri", "Hadi", NOTE_PART),
    ("Hadi al-Amiri", "Allawi", ""),
    ("Ayad Allawi", "Amiri", ""),
    ("Qassem Musleh", "Mosul", ""),
    ("Qassem Musleh", "Qassem", NOTE_PART),
    ("Esmail Qaani", "Esmail", NOTE_PART),
    ("Adel Abdul Mehdi", "Mehdi", NOTE_PART),
    ("Adel Abdul Mehdi", "Adel", NOTE_PART),
    ("Joe Biden", "Joe", NOTE_PART),
    ("Nouri al-Maliki", "Mahdi", ""),
    ("Nouri al-Maliki", "", ""),
]


@pytest.mark.parametrize(("expected", "answer", "score"), PERSON_RIGHT)
def test_person_right(expected: str | list[str], answer: str, score: float) -> None:
    result = ok(Kind.PERSON, expected, answer)
    assert result.correct
    assert result.score == score
    assert result.note.startswith(NOTE_TYPO) if score < 1.0 else result.note == ""


@pytest.mark.parametrize(("expected", "answer", "note"), PERSON_WRONG)
def test_person_wrong(expected: str, answer: str, note: str) -> None:
    result = ok(Kind.PERSON, expected, answer)
    assert not result.correct
    assert result.score == 0.0
    assert result.note == note


def test_text_kind_does_not_take_the_family_name_alone() -> None:
    assert not ok(Kind.TEXT, "Mustafa al-Kadhimi", "Kadhimi").correct


# --- number ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("48", 48),
        ("forty-eight", 48),
        ("Forty Eight", 48),
        ("twenty", 20),
        ("six hundred", 600),
        ("about 600", 600),
        ("around six hundred fighters", 600),
        ("1,200", 1200),
        ("1,200,000", 1_200_000),
        ("1\u202f200", 1200),
        ("one thousand two hundred", 1200),
        ("a thousand two hundred", 1200),
        ("one hundred and five", 105),
        ("a hundred", 100),
        ("twelve hundred", 1200),
        ("two million three hundred thousand", 2_300_000),
        ("1.5 million", 1_500_000),
        ("3 thousand", 3000),
        ("20 seats", 20),
        ("only 20 seats", 20),
        ("48%", 48),
        ("12.5", 12.5),
        ("-3", -3),
        ("zero", 0),
        ("the 14th", 14),
        ("٤٨", 48),
        ("600 (six hundred)", 600),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "many", "600 or 700", "between 20 and 30", "2014-2015", "one two", "1,20", "twenty ten"],
)
def test_parse_number_none(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("expected", "answer", "correct"),
    [
        ("48", "48", True),
        ("48", "forty-eight", True),
        ("48", "48 seats", True),
        ("48", "49", False),
        ("48", "480", False),
        ("48", "4.8", False),
        ("1200", "1,200", True),
        ("1200", "1,300", False),
        ("1200", "one thousand two hundred", True),
        ("600", "about 600", True),
        ("600", "six hundred", True),
        ("600", "600 or 700", False),
        ("600", "six", False),
        ("600", "", False),
        ("600", "many", False),
        ("5", "five", True),
        ("5", "fifth", False),
        ("2.5", "2.50", True),
    ],
)
def test_number_grading(expected: str, answer: str, correct: bool) -> None:
    result = ok(Kind.NUMBER, expected, answer)
    assert result.correct is correct
    assert result.score == (1.0 if correct else 0.0)


def test_number_with_two_numbers_says_so() -> None:
    assert ok(Kind.NUMBER, "600", "600 or 700").note == "give one number"


# --- year --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "correct"),
    [
        ("2014", True),
        ("in 2014", True),
        ("2014.", True),
        ("two thousand fourteen", True),
        ("twenty fourteen", True),
        ("June 2014", True),
        ("10 June 2014", True),
        ("2014-06-10", True),
        ("14", False),
        ("'14", False),
        ("2015", False),
        ("2013", False),
        ("2014 or 2015", False),
        ("2014-2015", False),
        ("", False),
        ("last year", False),
    ],
)
def test_year_grading(answer: str, correct: bool) -> None:
    assert ok(Kind.YEAR, "2014", answer).correct is correct


def test_year_short_form_gets_a_note() -> None:
    assert ok(Kind.YEAR, "2014", "14").note == "give the full year"


def test_spoken_year() -> None:
    assert ok(Kind.YEAR, "1984", "nineteen eighty-four").correct
    assert not ok(Kind.YEAR, "1984", "nineteen eighty-five").correct


# --- date --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2021-11-07", (2021, 11, 7)),
        ("2021-11-7", (2021, 11, 7)),
        ("2021/11/07", (2021, 11, 7)),
        ("7 November 2021", (2021, 11, 7)),
        ("7th November 2021", (2021, 11, 7)),
        ("the 7th of November, 2021", (2021, 11, 7)),
        ("Sunday, 7 November 2021", (2021, 11, 7)),
        ("Nov 7 2021", (2021, 11, 7)),
        ("November 7, 2021", (2021, 11, 7)),
        ("Nov. 7th, 2021", (2021, 11, 7)),
        ("7 Nov. 2021", (2021, 11, 7)),
        ("7-Nov-2021", (2021, 11, 7)),
        ("on 7 NOVEMBER 2021", (2021, 11, 7)),
        ("7/11/2021", (2021, 11, 7)),  # ambiguous: the day-first reading is returned
        ("11/7/2021", (2021, 7, 11)),
        ("13/7/2021", (2021, 7, 13)),
        ("7/13/2021", (2021, 7, 13)),
        ("07.11.2021", (2021, 11, 7)),
        ("May 2020", (2020, 5, None)),
        ("Sept 2020", (2020, 9, None)),
        ("2020-05", (2020, 5, None)),
        ("05/2020", (2020, 5, None)),
        ("2021", (2021, None, None)),
        ("in 2021", (2021, None, None)),
        ("29 February 2020", (2020, 2, 29)),
    ],
)
def test_parse_date(text: str, parsed: tuple[int, int | None, int | None]) -> None:
    assert parse_date(text) == parsed


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "7 November",
        "21",
        "7/11/21",
        "29 February 2021",
        "31/4/2021",
        "13/13/2021",
        "7 or 8 November 2021",
        "November or December 2021",
        "2021 or 2022",
        "2021-11-07 and 2021-11-08",
        "7 November 2021-11-07",
    ],
)
def test_parse_date_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("expected", "answer", "correct", "note"),
    [
        ("2021-11-07", "7 November 2021", True, ""),
        ("2021-11-07", "11/7/2021", True, ""),  # month-first reading
        ("2021-11-07", "7/11/2021", True, ""),  # day-first reading
        ("2021-11-07", "8 November 2021", False, ""),
        ("2021-11-07", "7 November 2020", False, ""),
        ("2021-11-07", "7 October 2021", False, ""),
        ("2021-11-07", "November 2021", False, "which day?"),
        ("2021-11-07", "2021", False, "which month?"),
        ("2021-11-07", "7 November", False, "which year?"),
        ("2021-11-07", "8 November", False, ""),
        ("2021-11-07", "", False, ""),
        ("2021-11", "November 2021", True, ""),
        ("2021-11", "Nov 2021", True, ""),
        ("2021-11", "2021-11", True, ""),
        ("2021-11", "7 November 2021", True, ""),  # more precise, inside the month
        ("2021-11", "2021-11-30", True, ""),
        ("2021-11", "1 December 2021", False, ""),
        ("2021-11", "October 2021", False, ""),
        ("2021-11", "2021", False, "which month?"),
        ("2020-05", "May 2020", True, ""),
        ("2021", "2021", True, ""),
        ("2021", "March 2021", True, ""),
        ("2021", "2020", False, ""),
    ],
)
def test_date_grading(expected: str, answer: str, correct: bool, note: str) -> None:
    result = ok(Kind.DATE, expected, answer)
    assert result.correct is correct
    assert result.note == note
    assert result.score == (1.0 if correct else 0.0)


# --- choice and true/false -------------------------------------------------------------------

CHOICES = ["Green Zone of Baghdad", "Abu Ghraib area west of Baghdad", "Mosul"]


@pytest.mark.parametrize(
    ("answer", "correct"),
    [
        ("Green Zone of Baghdad", True),
        ("  green zone   of BAGHDAD ", True),
        ("1", True),
        ("a", True),
        ("2", False),
        ("b", False),
        ("Mosul", False),
        ("Green Zone", False),
        ("4", False),
        ("", False),
    ],
)
def test_choice(answer: str, correct: bool) -> None:
    result = grade_answer(Kind.CHOICE, ["Green Zone of Baghdad"], answer, choices=CHOICES)
    assert result.correct is correct


def test_choice_text_wins_over_index() -> None:
    choices = ["2", "1", "3"]
    assert grade_answer(Kind.CHOICE, ["1"], "1", choices=choices).correct
    assert not grade_answer(Kind.CHOICE, ["2"], "1", choices=choices).correct


@pytest.mark.parametrize(
    ("expected", "answer", "correct"),
    [
        ("true", "true", True),
        ("true", "True", True),
        ("true", "T", True),
        ("true", "yes", True),
        ("true", "Y", True),
        ("true", "false", False),
        ("true", "no", False),
        ("false", "F", True),
        ("false", "No", True),
        ("false", "n", True),
        ("false", "FALSE.", True),
        ("false", "true", False),
        ("false", "maybe", False),
        ("false", "", False),
    ],
)
def test_truefalse(expected: str, answer: str, correct: bool) -> None:
    assert ok(Kind.TRUEFALSE, expected, answer).correct is correct


def test_truefalse_other_answer_gets_a_note() -> None:
    assert ok(Kind.TRUEFALSE, "true", "maybe").note == "answer true or false"


# --- order -------------------------------------------------------------------------------------

LEADERS = ["Ayad Allawi", "Nouri al-Maliki", "Saleh al-Mutlaq", "Mustafa al-Kadhimi"]


@pytest.mark.parametrize(
    ("order", "score"),
    [
        ([0, 1, 2, 3], 1.0),
        ([1, 0, 2, 3], 5 / 6),
        ([0, 1, 3, 2], 5 / 6),
        ([3, 2, 1, 0], 0.0),
        ([1, 2, 3, 0], 3 / 6),
        ([0, 1, 2], 3 / 6),  # one item missing: its pairs do not count
        ([], 0.0),
    ],
)
def test_order_scores_pairs(order: list[int], score: float) -> None:
    result = grade_order(LEADERS, [LEADERS[i] for i in order])
    assert result.score == pytest.approx(score)
    assert result.correct is (score == 1.0 and len(order) == len(LEADERS))
    assert result.expected == " → ".join(LEADERS)


def test_order_items_match_like_text() -> None:
    given = ["Ayad Alawi", "nuri al-maliki", "Saleh al-Mutlak", "Kazemi"]
    assert grade_order(
        ["Ayad Allawi", "Nouri al-Maliki", "Saleh al-Mutlaq", "Kadhimi"], given
    ).correct
    assert grade_order(LEADERS, ["ayad alawi", *LEADERS[1:]]).correct


def test_order_extra_or_repeated_items_are_not_correct() -> None:
    assert not grade_order(LEADERS, [*LEADERS, "Hadi al-Amiri"]).correct
    assert not grade_order(LEADERS, [LEADERS[0], *LEADERS]).correct


def test_order_partial_note() -> None:
    assert grade_order(LEADERS, [LEADERS[i] for i in (1, 0, 2, 3)]).note == "5 of 6 pairs in order"


# --- cloze -------------------------------------------------------------------------------------

CLOZE_PROMPT = (
    "In {{year:2018}} the Fateh groups took {{number:48}} seats; led by "
    "{{person:Hadi al-Amiri}}, allied with {{Asaib Ahl al-Haq|AAH}}."
)


def test_cloze_all_right() -> None:
    blanks = parse_blanks(CLOZE_PROMPT)
    result = grade_cloze(blanks, ["2018", "forty-eight", "Amiri", "Asa'ib Ahl al-Haqq"])
    assert result == Grade(1.0, True, "", "2018; 48; Hadi al-Amiri; Asaib Ahl al-Haq")


def test_cloze_mean_score() -> None:
    blanks = parse_blanks(CLOZE_PROMPT)
    result = grade_cloze(blanks, ["2018", "49", "Amiri", "AAH"])
    assert not result.correct
    assert result.score == pytest.approx(0.75)
    assert result.note == "3 of 4 blanks right"


def test_cloze_typo_and_missing_answers() -> None:
    blanks = (Blank(Kind.TEXT, ("accountability",)), Blank(Kind.YEAR, ("2014",)))
    typo = grade_cloze(blanks, ["acountabilty", "2014"])
    assert typo.correct
    assert typo.score == pytest.approx((TYPO_SCORE + 1) / 2)
    assert typo.note == NOTE_TYPO
    assert grade_cloze(blanks, ["accountability"]).score == pytest.approx(0.5)
    assert grade_cloze(blanks, []).score == 0.0


# --- dispatch ----------------------------------------------------------------------------------


def test_grade_dispatches_by_kind() -> None:
    assert grade(make_card(Kind.PERSON, ("Hadi al-Amiri", "Amiri")), "al-Ameri").correct
    assert grade(make_card(Kind.DATE, ("2021-11-07",)), "Nov 7, 2021").correct
    assert grade(make_card(Kind.TRUEFALSE, ("false",)), "no").correct
    choice = make_card(Kind.CHOICE, ("Mosul",), choices=("Basra", "Mosul"))
    assert grade(choice, "2").correct


def test_grade_order_card_takes_a_sequence_or_a_string() -> None:
    card = make_card(Kind.ORDER, ("Allawi", "Maliki", "Kadhimi"))
    assert grade(card, ("Allawi", "Maliki", "Kadhimi")).correct
    assert grade(card, "Allawi, Maliki, Kadhimi").correct
    assert grade(card, "Allawi; Kadhimi; Maliki").score == pytest.approx(2 / 3)
    assert grade(card, ("Allawi", "Maliki", "Kadhimi")).expected == expected_answer(card)


def test_grade_cloze_card() -> None:
    prompt = "In {{year:2018}} Fateh took {{number:1200}} votes."
    card = make_card(Kind.CLOZE, ("2018", "1200"), blanks=parse_blanks(prompt))
    assert grade(card, ("2018", "1,200")).correct
    assert grade(card, "2018, 1,200").correct  # the comma inside 1,200 does not split
    assert grade(card, "2018; one thousand two hundred").correct
    assert grade(card, "2018").score == pytest.approx(0.5)
    assert grade(card, "2018").expected == "2018; 1200"


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("a, b, c", ["a", "b", "c"]),
        ("1,200, 2014", ["1,200", "2014"]),
        ("a; b, c", ["a", "b, c"]),
        ("", []),
        (" ; ;", []),
        ("Allawi; ", ["Allawi"]),
    ],
)
def test_split_items(text: str, items: list[str]) -> None:
    assert split_items(text) == items


# --- properties --------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**12))
def test_number_digits_and_words_are_accepted(n: int) -> None:
    expected = [str(n)]
    for form in (str(n), f"{n:,}", number_to_words(n), f"about {n}", f"{number_to_words(n)} seats"):
        assert ok(Kind.NUMBER, expected, form).correct, form


@given(st.integers(min_value=0, max_value=10**11))
def test_number_neighbours_are_wrong(n: int) -> None:
    expected = [str(n)]
    wrong = {n + 1, n - 1, 10 * n} - {n}
    for other in wrong:
        assert not ok(Kind.NUMBER, expected, str(other)).correct
        assert not ok(Kind.NUMBER, expected, f"{other:,}").correct
        if other >= 0:
            assert not ok(Kind.NUMBER, expected, number_to_words(other)).correct


def _ordinal(day: int) -> str:
    """7 → "7th", 22 → "22nd"."""
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def date_forms(day: dt.date) -> list[str]:
    """``day`` written in every form graders should read."""
    name = day.strftime("%B")
    short = name[:3]
    d, m, y = day.day, day.month, day.year
    return [
        day.isoformat(),
        f"{y}/{m}/{d}",
        f"{d} {name} {y}",
        f"{_ordinal(d)} {name} {y}",
        f"the {_ordinal(d)} of {name}, {y}",
        f"{day.strftime('%A')}, {d} {name} {y}",
        f"{name} {d}, {y}",
        f"{name} {_ordinal(d)}, {y}",
        f"{short} {d} {y}",
        f"{d} {short}. {y}",
        f"{d}-{short}-{y}",
        f"{d}/{m}/{y}",
        f"{m}/{d}/{y}",
        f"{d:02}.{m:02}.{y}",
        f"on {d} {name.upper()} {y}",
    ]


dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9998, 12, 30))


@given(dates)
def test_every_date_form_is_accepted_and_the_next_day_is_not(day: dt.date) -> None:
    expected = [day.isoformat()]
    for form in date_forms(day):
        assert ok(Kind.DATE, expected, form).correct, form
    for form in date_forms(day + dt.timedelta(days=1)):
        assert not ok(Kind.DATE, expected, form).correct, form


@given(dates)
def test_a_day_answers_its_month_and_the_next_month_does_not(day: dt.date) -> None:
    expected = [f"{day.year}-{day.month:02}"]
    assert ok(Kind.DATE, expected, day.isoformat()).correct
    assert ok(Kind.DATE, expected, day.strftime("%B %Y")).correct
    following = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    assert not ok(Kind.DATE, expected, following.isoformat()).correct
    assert not ok(Kind.DATE, expected, following.strftime("%B %Y")).correct


EXPECTED_BY_KIND = {
    Kind.TEXT: ["Asaib Ahl al-Haq", "AAH"],
    Kind.PERSON: ["Mustafa al-Kadhimi", "Kadhimi"],
    Kind.NUMBER: ["1200"],
    Kind.YEAR: ["2014"],
    Kind.DATE: ["2021-11-07"],
    Kind.CHOICE: ["Mosul"],
    Kind.TRUEFALSE: ["true"],
    Kind.ORDER: ["Allawi", "Maliki", "Kadhimi"],
    Kind.CLOZE: ["Iran", "1980s"],
    Kind.MATCH: ["Khazali = Asaib Ahl al-Haq", "Amiri = Badr"],
    Kind.FLIP: ["He had no party behind him, only the army."],
}

_weird = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from("0123456789,.-/'’ʿ al-"),
    max_size=60,
)


def _in_range(result: Grade) -> bool:
    return 0.0 <= result.score <= 1.0 and (result.score > 0 or not result.correct)


@settings(max_examples=300)
@given(kind=st.sampled_from(list(Kind)), answer=_weird)
def test_grade_answer_never_raises(kind: Kind, answer: str) -> None:
    result = grade_answer(kind, EXPECTED_BY_KIND[kind], answer, choices=["Basra", "Mosul"])
    assert _in_range(result)


@settings(max_examples=200)
@given(kind=st.sampled_from(list(Kind)), expected=st.lists(_weird, max_size=3), answer=_weird)
def test_grade_answer_never_raises_on_odd_expected_values(
    kind: Kind, expected: list[str], answer: str
) -> None:
    assert _in_range(grade_answer(kind, expected, answer, choices=expected))


@given(items=st.lists(_weird, max_size=5), answers=st.lists(_weird, max_size=6))
def test_order_and_cloze_never_raise(items: list[str], answers: list[str]) -> None:
    assert _in_range(grade_order(items, answers))
    blanks = [Blank(kind, (item,)) for kind, item in zip(list(Kind)[:5] * 2, items, strict=False)]
    assert _in_range(grade_cloze(blanks, answers))


@given(_weird)
def test_parsers_never_raise(text: str) -> None:
    normalize(text)
    parse_number(text)
    parsed = parse_date(text)
    assert parsed is None or 1 <= parsed[0] <= 9999


@given(_weird)
def test_empty_or_blank_answers_are_wrong(padding: str) -> None:
    """An empty answer is wrong for every kind, whatever its length of spaces."""
    blank = " " * len(padding)
    for kind, expected in EXPECTED_BY_KIND.items():
        result = grade_answer(kind, expected, blank)
        assert (result.score, result.correct) == (0.0, False)
