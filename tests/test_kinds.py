"""Every card kind walked through every path: read, schema, grade, ask (both askers), export
in every format and back. A kind added to ``Kind`` without an example here fails first."""

from __future__ import annotations

import io
import random
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jsonschema
import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from quizdeck.decks.reader import check_deck_file
from quizdeck.decks.schema import deck_schema
from quizdeck.interchange.anki import note_fields
from quizdeck.interchange.csv_cards import card_row, cards_to_csv, read_csv
from quizdeck.interchange.json_cards import card_to_dict
from quizdeck.kinds import KINDS, grade, kind_of
from quizdeck.kinds.base import CardKind, Shape
from quizdeck.model import Card, Given, Kind, Mode
from quizdeck.session.asking import Question
from quizdeck.ui.plain import PlainAsker
from quizdeck.ui.terminal import QuestionaryAsker
from quizdeck.ui.text import answer_text, feedback_lines

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: One card of each kind, as a teacher writes it (each kind's own example).
EXAMPLES = {kind: card_kind.example.toml for kind, card_kind in KINDS.items()}

#: A wrong answer of each kind, as the student would give it.
WRONG: dict[Kind, Given] = {kind: card_kind.example.wrong for kind, card_kind in KINDS.items()}


def deck_text(kind: Kind) -> str:
    body = EXAMPLES[kind]
    return f'[deck]\nid = "walk"\ntitle = "Walk"\n\n[[card]]\nid = "c"\nkind = "{kind}"\n{body}\n'


def read_card(tmp_path: Path, kind: Kind) -> Card:
    path = tmp_path / f"{kind}.toml"
    path.write_text(deck_text(kind), encoding="utf-8")
    deck, problems = check_deck_file(path)
    assert not problems, problems
    assert deck is not None
    return deck.cards[0]


def right_answer(card: Card) -> Given:
    """The answer a student who knows gives, in the form the askers return (a self-rated card:
    the student's rating)."""
    shape = kind_of(card).shape
    if shape is Shape.SELF_RATED:
        return "good"
    if shape in (Shape.TYPED, Shape.PICK_ONE):
        return card.answers[0]
    return card.answers


def test_every_kind_has_a_module_and_an_example() -> None:
    from quizdeck.kinds import check_table

    check_table(KINDS)  # each kind's module is imported when first used: checked here
    assert set(KINDS) == set(Kind) == set(EXAMPLES) == set(WRONG)
    for kind, card_kind in KINDS.items():
        assert card_kind.kind is kind and card_kind.summary and isinstance(card_kind.shape, Shape)


def test_a_kind_without_a_module_stops_the_import() -> None:
    from quizdeck.kinds import check_table

    partial: dict[Kind, CardKind] = {
        kind: card_kind for kind, card_kind in KINDS.items() if kind is not Kind.MATCH
    }
    with pytest.raises(ImportError, match=r"without a module.*match"):
        check_table(partial)
    with pytest.raises(ImportError, match="lists text as person"):
        check_table({**KINDS, Kind.PERSON: KINDS[Kind.TEXT]})


@pytest.fixture(params=list(Kind), ids=str)
def kind(request: pytest.FixtureRequest) -> Kind:
    return Kind(request.param)


def test_the_example_reads_and_matches_the_schema(tmp_path: Path, kind: Kind) -> None:
    card = read_card(tmp_path, kind)
    assert card.kind is kind and card.answers
    jsonschema.validate(tomllib.loads(deck_text(kind)), deck_schema())


def test_a_key_of_another_kind_is_refused_by_reader_and_schema(tmp_path: Path, kind: Kind) -> None:
    foreign = next(key for key in ("choices", "any_order", "accept") if key not in KINDS[kind].keys)
    value = {"choices": '["x", "y"]', "any_order": "true", "accept": '["x"]'}[foreign]
    text = deck_text(kind) + f"{foreign} = {value}\n"
    path = tmp_path / "foreign.toml"
    path.write_text(text, encoding="utf-8")
    _, problems = check_deck_file(path)
    assert any(f"'{foreign}' is only for" in problem.message for problem in problems)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tomllib.loads(text), deck_schema())


def test_the_right_answer_is_right_and_a_wrong_one_is_not(tmp_path: Path, kind: Kind) -> None:
    card = read_card(tmp_path, kind)
    assert grade(card, right_answer(card)).correct
    wrong = grade(card, WRONG[kind])
    assert not wrong.correct and wrong.score < 1 and wrong.reason


def test_the_plain_asker_takes_the_right_answer(tmp_path: Path, kind: Kind) -> None:
    card = read_card(tmp_path, kind)
    options = kind_of(card).options(card, random.Random(3))
    shape = kind_of(card).shape
    if shape is Shape.PICK_ORDER:
        typed = ",".join(str(options.index(item) + 1) for item in card.answers)
    elif shape is Shape.PAIRS:
        typed = " ".join(chr(ord("a") + options.index(partner)) for partner in card.answers)
    elif shape is Shape.BLANKS:
        typed = "\n".join(card.answers)
    elif shape is Shape.SELF_RATED:
        typed = "\n3"  # Enter shows the answer, 3 rates it good
    else:
        typed = str(right_answer(card))
    lines: list[str] = []
    asker = PlainAsker(stdin=io.StringIO(typed + "\n"), echo=lines.append)
    given = asker.ask(Question(card, 1, 1, Mode.START, options))
    assert grade(card, given).correct, (given, lines)
    if shape is Shape.SELF_RATED:
        assert card.answers[0] in " ".join(" ".join(lines).split())  # shown before the rating


@contextmanager
def keys(text: str) -> Iterator[None]:
    with create_pipe_input() as pipe:
        pipe.send_text(text)
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            yield


def test_the_questionary_asker_takes_the_right_answer(tmp_path: Path, kind: Kind) -> None:
    card = read_card(tmp_path, kind)
    options = kind_of(card).options(card, random.Random(3))
    shape = kind_of(card).shape
    down, enter = "\x1b[B", "\r"
    if shape is Shape.TYPED:
        typed = f"{right_answer(card)}{enter}"
    elif shape is Shape.PICK_ONE:  # nothing is picked at first: ↓ picks the first option
        typed = down * (options.index(str(right_answer(card))) + 1) + enter
    elif shape is Shape.BLANKS:
        typed = "".join(answer + enter for answer in card.answers)
    elif shape is Shape.SELF_RATED:
        typed = " 3"  # Space shows the answer, 3 rates it good
    else:  # pick in order / pairs: each right item among those left
        left, typed = list(options), ""
        for item in card.answers[:-1]:
            typed += down * (left.index(item) + 1) + enter
            left.remove(item)
        typed += enter  # the last is placed with the one before; Enter confirms the whole
    lines: list[str] = []
    with keys(typed):
        given = QuestionaryAsker(echo=lines.append).ask(Question(card, 1, 1, Mode.START, options))
    assert grade(card, given).correct, (given, lines)
    if shape is Shape.SELF_RATED:
        assert card.answers[0] in " ".join(" ".join(lines).split())  # shown before the rating


def test_feedback_shows_the_right_answer(tmp_path: Path, kind: Kind) -> None:
    from quizdeck.model import Rating
    from quizdeck.session.asking import Outcome

    card = read_card(tmp_path, kind)
    result = grade(card, WRONG[kind])
    question = Question(card, 1, 1, Mode.START)
    outcome = Outcome(question, WRONG[kind], result, False, result.score, Rating.AGAIN, 0, 1)
    text = "\n".join(feedback_lines(outcome, None))
    if kind_of(card).shape is Shape.SELF_RATED:  # the asker showed the answer before the rating
        assert "Rated again" in text
        return
    assert card.answers[0].split("-")[0].casefold() in text.casefold()
    assert answer_text(WRONG[kind], card) not in ("", "(no answer)")


def test_csv_export_imports_back_to_the_same_card(tmp_path: Path, kind: Kind) -> None:
    card = read_card(tmp_path, kind)
    path = tmp_path / "cards.csv"
    path.write_text(cards_to_csv([card]), encoding="utf-8")
    rows = read_csv(path)
    assert not rows.errors and len(rows.drafts) == 1
    draft = rows.drafts[0][1]
    assert draft.kind is kind and draft.prompt == card.prompt
    table = draft.table()
    expected = tomllib.loads(deck_text(kind))["card"][0]
    assert table.get("answer") == expected.get("answer") or kind is Kind.DATE
    assert card_row(card)["kind"] == kind.value


def test_json_and_anki_carry_the_answer(tmp_path: Path, kind: Kind) -> None:
    card = read_card(tmp_path, kind)
    data = card_to_dict(card)
    assert data["kind"] == kind.value and data["answers"] == list(card.answers)
    if kind is Kind.MATCH:
        assert data["pairs"] == [list(pair) for pair in card.pairs]
    fields = note_fields(card)
    assert fields[0] and fields[1]


@pytest.mark.parametrize(
    "prompt",
    ["Badr fell to {{number:5} seats.", "Badr fell to {{5}} seats}}.", "{{a{{b}} c", "{{a}"],
)
def test_a_cloze_blank_with_broken_braces_is_a_problem(tmp_path: Path, prompt: str) -> None:
    path = tmp_path / "deck.toml"
    path.write_text(
        '[deck]\nid = "d"\ntitle = "D"\n\n[[card]]\nid = "c"\nkind = "cloze"\n'
        f'prompt = "{prompt}"\n',
        encoding="utf-8",
    )
    deck, problems = check_deck_file(path)
    assert deck is None
    assert [problem.line for problem in problems] == [8]
    assert "not closed" in problems[0].message


def test_answer_values_are_checked_and_normalized() -> None:
    import datetime as dt

    from quizdeck.kinds.values import date_value, number_value, text_value, year_value

    assert date_value(dt.datetime(2021, 11, 7, 3, 0)) == "2021-11-07"
    assert date_value(dt.date(2021, 11, 7)) == "2021-11-07"
    assert date_value(2021) == "2021" and date_value(0) is None and date_value(True) is None
    assert date_value(" 2021-11 ") == "2021-11" and date_value("2021-02-30") is None
    assert date_value("7 Nov") is None and date_value(1.5) is None
    assert year_value(True) is None and year_value(1989) == "1989" and year_value(0) is None
    assert year_value("0989") == "989" and year_value("0") is None and year_value("89x") is None
    assert number_value(False) is None and number_value(12) == "12"
    assert number_value(1.5) == "1.5" and number_value(float("nan")) is None
    assert number_value(float("inf")) is None and number_value(" 1,200 ") == "1,200"
    assert number_value("12 people") is None and text_value(3) is None


def test_what_typed_answers_become_in_toml() -> None:
    assert KINDS[Kind.YEAR].answer_value(["1989"]) == 1989
    assert KINDS[Kind.YEAR].answer_value(["0989"]) == "0989"
    assert KINDS[Kind.NUMBER].answer_value(["1,200"]) == "1,200"
    assert KINDS[Kind.TEXT].answer_value(["a", " ", "b"]) == ["a", "b"]
    assert KINDS[Kind.TEXT].answer_value([" "]) is None
    assert KINDS[Kind.TRUEFALSE].answer_value(["TRUE"]) is True
    assert KINDS[Kind.TRUEFALSE].answer_value(["maybe"]) == "maybe"
    assert KINDS[Kind.TRUEFALSE].answer_value([]) is None
    assert KINDS[Kind.ORDER].answer_value([" "]) is None
    assert KINDS[Kind.CLOZE].answer_value(["x"]) is None
    assert KINDS[Kind.MATCH].answer_value([]) is None
    assert KINDS[Kind.MATCH].answer_value(["a = b", "c"]) == [["a", "b"], "c"]


@pytest.mark.parametrize(
    ("kind", "lines", "message"),
    [
        (Kind.TEXT, 'prompt = "Q?"', "card is missing 'answer'"),
        (Kind.TEXT, 'prompt = "Q?"\nanswer = []', "'answer' is empty"),
        (Kind.TEXT, 'prompt = "Q?"\nanswer = 3', "must be a string or a list of strings"),
        (Kind.TEXT, 'prompt = "Q?"\nanswer = " "', "'answer' is empty"),
        (Kind.YEAR, 'prompt = "Q?"\nanswer = "soon"', "does not parse as a year"),
        (
            Kind.CHOICE,
            'prompt = "Q?"\nanswer = "a"\nchoices = ["b", "c"]',
            "not one of the choices",
        ),
        (Kind.CHOICE, 'prompt = "Q?"\nanswer = "a"\nchoices = ["a", "a"]', "listed twice"),
        (Kind.CHOICE, 'prompt = "Q?"\nanswer = "a"', "needs 'choices'"),
        (Kind.CHOICE, 'prompt = "Q?"\nanswer = "a"\ndistractors = "some"', "can only be"),
        (Kind.TRUEFALSE, 'prompt = "Q?"', "card is missing 'answer'"),
        (Kind.TRUEFALSE, 'prompt = "Q?"\nanswer = "yes"', "must be true or false"),
        (Kind.ORDER, 'prompt = "Q?"', "card is missing 'answer'"),
        (Kind.ORDER, 'prompt = "Q?"\nanswer = "a"', "a list of the items"),
        (Kind.ORDER, 'prompt = "Q?"\nanswer = ["a"]', "at least two items"),
        (Kind.ORDER, 'prompt = "Q?"\nanswer = ["a", "a"]', "the same item twice"),
        (Kind.CLOZE, 'prompt = "No blank."', "needs at least one {{blank}}"),
        (Kind.CLOZE, 'prompt = "An {{ }} blank."', "blank 1 of the cloze prompt is empty"),
        (Kind.CLOZE, 'prompt = "In {{year:soon}}."', "blank 1 does not parse as a year"),
        (Kind.CLOZE, 'prompt = "In {{x}}."\nanswer = "x"', "takes its answers from the"),
        (Kind.CLOZE, 'prompt = "In {{x}}."\nany_order = "yes"', "must be true or false"),
        (Kind.MATCH, 'prompt = "Q?"', "card is missing 'answer'"),
    ],
)
def test_each_kind_names_what_is_wrong_with_its_answer(
    tmp_path: Path, kind: Kind, lines: str, message: str
) -> None:
    path = tmp_path / "deck.toml"
    path.write_text(
        f'[deck]\nid = "d"\ntitle = "D"\n\n[[card]]\nid = "c"\nkind = "{kind}"\n{lines}\n',
        encoding="utf-8",
    )
    deck, problems = check_deck_file(path)
    assert deck is None
    assert any(message in problem.message for problem in problems), problems


def test_hints_and_questions_by_kind() -> None:
    from quizdeck.kinds.date import date_hint

    assert date_hint(()) == "(a date)" and date_hint(("1969",)) == "(a year)"
    assert date_hint(("spring",)) == "(a date)"
    assert date_hint(("1969-07-20",), "On what day did it land?") == "(day and month)"
    truefalse = KINDS[Kind.TRUEFALSE]
    statement = Card("d", "t", Kind.TRUEFALSE, "True or false: water is wet.", ("true",))
    assert truefalse.question(statement) == statement.prompt
    plain = Card("d", "t", Kind.TRUEFALSE, "Water is wet.", ("true",))
    assert truefalse.question(plain) == "True or false? Water is wet."


def _first_column_of_table(text: str, marker: str) -> set[str]:
    """The kinds named in the first column of the first table at or after ``marker``."""
    lines = text[text.index(marker) :].splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2 :]:  # past the header and its separator
        if not line.startswith("|"):
            break
        rows.append(line.split("|")[1])
    return {name for cell in rows for name in re.findall(r"`(\w+)`", cell)}


@pytest.mark.parametrize(
    ("document", "marker"),
    [
        ("docs/deck-format.md", "## Kinds"),
        ("README.md", "| kind | what counts as right |"),
        ("README.md", "| kind | `answer` |"),
    ],
)
def test_every_kind_has_a_row_in_the_documentation(document: str, marker: str) -> None:
    text = (Path(__file__).resolve().parents[1] / document).read_text(encoding="utf-8")
    assert _first_column_of_table(text, marker) == {kind.value for kind in Kind}


def test_the_new_deck_template_shows_every_kind_from_its_example() -> None:
    from quizdeck.decks.template import new_deck_text

    text = new_deck_text("walk", "Walk")
    for kind, card_kind in KINDS.items():
        assert f'kind = "{kind.value}"' in text
        for line in card_kind.example.toml.splitlines():
            assert line in text, (kind, line)
