"""One principle for typed answers (issue 24): the expected answer's words, and nothing against
them. Numbers in every form are numbers; other entities, negations and hedges are wrong; words
that only add context are fine; the same holds in match partners and cloze blanks."""

from __future__ import annotations

import pytest

from quizdeck.grading.dates import parse_date
from quizdeck.grading.names import grade_text
from quizdeck.grading.numerals import ordinal_value, roman_value, whole_roman, word_values
from quizdeck.grading.typed import grade_typed, text_answer
from quizdeck.kinds import grade, grade_answer
from quizdeck.model import Card, Kind, parse_blanks


def right(kind: Kind, expected: str | list[str], given: str, prompt: str = "") -> bool:
    answers = [expected] if isinstance(expected, str) else expected
    return grade_answer(kind, answers, given, prompt=prompt).correct


# --- numbers in names: Roman numerals, ordinals, digits, words -----------------------------


@pytest.mark.parametrize(
    ("kind", "expected", "given"),
    [
        (Kind.PERSON, "Louis XVI", "Louis XVIII"),
        (Kind.PERSON, "Louis XVI", "Louis XVII"),
        (Kind.PERSON, "Louis XVI", "Louis XV"),
        (Kind.PERSON, "Louis XVI", "Louis 17"),
        (Kind.PERSON, "Louis XVI", "Louis the Fifteenth"),
        (Kind.PERSON, "Louis XVI", "Louis"),
        (Kind.PERSON, "Elizabeth II", "Elizabeth I"),
        (Kind.PERSON, "Elizabeth I", "Elizabeth II"),
        (Kind.PERSON, "Elizabeth II", "Queen Elizabeth I"),
        (Kind.PERSON, "Napoleon", "Napoleon III"),
        (Kind.TEXT, "World War I", "World War II"),
        (Kind.TEXT, "World War I", "WW2"),
        (Kind.TEXT, "World War I", "the Second World War"),
        (Kind.TEXT, "the Triple Alliance", "the Quadruple Alliance"),
    ],
)
def test_a_number_in_a_name_is_never_a_slip(kind: Kind, expected: str, given: str) -> None:
    assert not right(kind, expected, given)


@pytest.mark.parametrize(
    ("kind", "expected", "given"),
    [
        (Kind.PERSON, "Louis XVI", "Louis 16"),
        (Kind.PERSON, "Louis XVI", "Louis the Sixteenth"),
        (Kind.PERSON, "Louis XVI", "louis the 16th"),
        (Kind.PERSON, "Elizabeth II", "Elizabeth the Second"),
        (Kind.PERSON, "Nicholas II", "Tsar Nicholas II"),
        (Kind.TEXT, "World War I", "the First World War"),
        (Kind.TEXT, ["World War I", "WWI"], "WW1"),
        (Kind.TEXT, "World War I", "world war one"),
        (Kind.TEXT, "the First World War", "World War 1"),
    ],
)
def test_a_number_in_a_name_in_any_form(kind: Kind, expected: str | list[str], given: str) -> None:
    assert right(kind, expected, given)


def test_numerals_are_read_the_standard_way() -> None:
    assert [roman_value(w) for w in ("xvi", "xviii", "iiii", "vx", "mix", "")] == [
        16, 18, None, None, None, None,
    ]  # fmt: skip
    assert whole_roman("MDCCLXXXIX") == 1789
    assert whole_roman("MDCCLXXXVIIII") is None
    assert [ordinal_value(w) for w in ("first", "fourteenth", "21st", "ninetieth", "th")] == [
        1, 14, 21, 90, None,
    ]  # fmt: skip
    assert word_values(["twenty", "first", "of", "july"])[0] == ("twenty first", 21)
    assert word_values(["i", "think"])[0] == ("i", None)  # a numeral only after a word


# --- other entities ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected", "given"),
    [
        (Kind.TEXT, "Hezbollah", "Kataib Hezbollah"),
        (Kind.TEXT, "Kataib Hezbollah", "Hezbollah"),
        (Kind.TEXT, "the South Korean army", "the North Korean army"),
        (Kind.TEXT, "the Korean army", "the North Korean army"),
        (Kind.TEXT, "Australia", "Austria"),
        (Kind.TEXT, "Poland", "Holland"),
        (Kind.TEXT, "the Triple Alliance", "the Triple Entente"),
        (Kind.TEXT, "the English Channel", "the Bristol Channel"),
        (Kind.TEXT, "the Peace of Westphalia", "the Peace of Augsburg"),
        (Kind.TEXT, "the National Convention", "the National Assembly"),
        (Kind.TEXT, "Austria", "Austria-Hungary"),
        (Kind.TEXT, "Lyon", "Lyon or Marseille"),
        (Kind.TEXT, "Iran", "Iran, Iraq"),
        (Kind.PERSON, "Winston Churchill", "Randolph Churchill"),
        (Kind.PERSON, "George Washington", "Booker T. Washington"),
        (Kind.PERSON, "Napoleon", "Louis-Napoleon"),
    ],
)
def test_another_entity_is_wrong(kind: Kind, expected: str, given: str) -> None:
    assert not right(kind, expected, given)


def test_a_glossary_names_other_entities_whatever_their_case() -> None:
    glossary = [("Kataib Hezbollah", "KH", "Hezbollah Brigades"), ("Hezbollah", "Hizbullah")]
    assert not grade_text(
        ["Hezbollah"], "kataib hezbollah", person=False, glossary=glossary
    ).correct
    assert not grade_typed(
        text_answer, ["Hezbollah"], "kataib hezbollah", glossary=glossary
    ).correct
    assert grade_typed(text_answer, ["Hezbollah"], "hizbullah", glossary=glossary).correct
    assert grade_text(
        ["Kataib Hezbollah"], "Kataib Hezbollah", person=False, glossary=glossary
    ).correct


@pytest.mark.parametrize(
    ("kind", "expected", "given"),
    [
        (Kind.TEXT, "the Bastille", "not the Bastille"),
        (Kind.PERSON, "Charles de Gaulle", "not de Gaulle"),
        (Kind.NUMBER, "3", "not three"),
        (Kind.YEAR, "1914", "not 1914"),
    ],
)
def test_a_denied_answer_is_wrong(kind: Kind, expected: str, given: str) -> None:
    assert not right(kind, expected, given)


# --- context and fuller or shorter names ----------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "given", "prompt"),
    [
        ("the Bastille", "the Bastille, the old fortress in Paris", "Which fortress fell?"),
        ("the Bastille", "It was the Bastille", ""),
        ("Lyon", "in Lyon, in south-east France", "Where did the silk workers revolt?"),
        (["the Jacobins", "Jacobin Club"], "the Jacobin Club of Paris", ""),
        ("the National Convention", "the Convention", ""),
        ("the Convention", "the National Convention", ""),
        ("the Peace of Westphalia", "Westphalia", ""),
        ("Poland", "the Republic of Poland", ""),
        ("Versailles", "the Hall of Mirrors at Versailles", ""),
        ("Elba", "Elba, off the coast of Italy", ""),
        ("the Triple Alliance", "the Triple Alliance of 1882", "Which alliance formed in 1882?"),
    ],
)
def test_words_that_only_add_context_are_fine(
    expected: str | list[str], given: str, prompt: str
) -> None:
    assert right(Kind.TEXT, expected, given, prompt)


# --- numbers and dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected", "given", "correct"),
    [
        (Kind.NUMBER, "40", "fourty", True),
        (Kind.NUMBER, "14", "fourty", False),
        (Kind.NUMBER, "14", "XIV", True),
        (Kind.NUMBER, "12", "a dozen", True),
        (Kind.NUMBER, "600000", "600k", True),
        (Kind.NUMBER, "600000", "600 000", True),
        (Kind.YEAR, "1789", "MDCCLXXXIX", True),
        (Kind.DATE, "1789-07-14", "the fourteenth of July", True),
        (Kind.DATE, "1789-07-14", "the fifteenth of July", False),
        (Kind.DATE, "1789-07-14", "14.7.", True),
        (Kind.DATE, "1789-07-14", "14/7/89", True),
        (Kind.DATE, "1789-07-14", "14/7/88", False),
        (Kind.DATE, "1989-11-09", "9/11/89", True),
        (Kind.DATE, "1989-11-09", "9 Nov 89", True),
        (Kind.DATE, "1989-11-09", "9/11/2001", False),
        (Kind.DATE, "1793-01-21", "the twenty-first of January 1793", True),
    ],
)
def test_numbers_and_dates_in_every_form(
    kind: Kind, expected: str, given: str, correct: bool
) -> None:
    assert right(kind, expected, given, "On what day?") is correct


def test_a_two_digit_year_is_read_only_against_a_cards_date() -> None:
    assert parse_date("7/11/21") is None
    assert not right(Kind.YEAR, "1989", "89")


# --- the same grader in match partners and cloze blanks ---------------------------------------


def test_short_forms_work_in_match_partners_and_items() -> None:
    pairs = (("Robespierre", "the Jacobins"), ("Louis XVI", "the National Convention"))
    card = Card("d", "m", Kind.MATCH, "Match.", tuple(p for _, p in pairs), pairs=pairs)
    assert grade(card, ("Jacobin club", "the Convention")).correct
    assert grade(card, "Louis XVI = Convention; Robespierre = Jacobins").correct
    assert not grade(card, "Louis XVIII = Convention; Robespierre = Jacobins").correct


def test_short_forms_work_in_cloze_blanks() -> None:
    prompt = "The {{National Convention}} tried {{person:Louis XVI}}."
    blanks = parse_blanks(prompt)
    card = Card("d", "c", Kind.CLOZE, prompt, ("National Convention", "Louis XVI"), blanks=blanks)
    assert grade(card, ("the Convention", "Louis the Sixteenth")).correct
    assert not grade(card, ("the Convention", "Louis XVIII")).correct
