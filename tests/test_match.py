"""The match kind: reading its pairs, grading with partial credit, typed answers, the plain
asker's letters, text forms for quiz add and CSV, and grounding each pair in the source."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from quizdeck.decks.reader import check_deck_file
from quizdeck.interchange.csv_cards import cards_to_csv, read_csv
from quizdeck.kinds import grade, grade_answer, spec
from quizdeck.kinds.match import pair_text, split_pair
from quizdeck.lint.grounding import Source, ground_card
from quizdeck.model import Card, Kind, Mode
from quizdeck.session.asking import Question
from quizdeck.ui.plain import PlainAsker, parse_pairs
from quizdeck.ui.wizard import _pairs_check

PAIRS = (("Lima", "Peru"), ("Quito", "Ecuador"), ("La Paz", "Bolivia"), ("Bogota", "Colombia"))


def match_card(
    pairs: tuple[tuple[str, str], ...] = PAIRS, paragraphs: tuple[int, ...] = ()
) -> Card:
    partners = tuple(partner for _, partner in pairs)
    return Card("geo", "caps", Kind.MATCH, "Match each capital with its country.", partners,
                pairs=pairs, paragraphs=paragraphs)  # fmt: skip


def problems_of(tmp_path: Path, answer: str) -> list[str]:
    path = tmp_path / "deck.toml"
    path.write_text(
        '[deck]\nid = "geo"\ntitle = "Geo"\n\n[[card]]\nid = "m"\nkind = "match"\n'
        f'prompt = "Match them."\nanswer = {answer}\n',
        encoding="utf-8",
    )
    _, problems = check_deck_file(path)
    return [f"{problem.line}: {problem.message}" for problem in problems]


def test_a_match_card_reads_its_pairs(tmp_path: Path) -> None:
    assert problems_of(tmp_path, '[["Lima", "Peru"], ["Quito", "Ecuador"]]') == []


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ('"Lima = Peru"', "list of [item, partner] pairs"),
        ('[["Lima", "Peru", "x"], ["Quito", "Ecuador"]]', "list of [item, partner] pairs"),
        ('[["Lima", 3], ["Quito", "Ecuador"]]', "list of [item, partner] pairs"),
        ('[["Lima", "Peru"]]', "2 to 10 pairs"),
        ('[["Lima", "Peru"], ["lima", "Ecuador"]]', "the same item twice"),
        ('[["Lima", "Peru"], ["Quito", "peru "]]', "the same partner twice"),
        ('[["Lima", ""], ["Quito", "Ecuador"]]', "an empty partner"),
    ],
)
def test_a_bad_match_answer_is_named_at_its_line(tmp_path: Path, answer: str, message: str) -> None:
    problems = problems_of(tmp_path, answer)
    assert problems and all(problem.startswith("9: ") for problem in problems)
    assert any(message in problem for problem in problems), problems


def test_each_right_pair_earns_its_share() -> None:
    card = match_card()
    result = grade(card, ("Peru", "Bolivia", "Ecuador", "Colombia"))
    assert not result.correct and result.score == pytest.approx(0.5)
    assert result.note == "2 of 4 pairs right"
    assert "Quito, La Paz" in result.reason
    assert grade(card, tuple(p for _, p in PAIRS)).correct
    assert grade(card, ()).score == 0


def test_a_typed_answer_names_pairs_or_lists_partners_in_order() -> None:
    card = match_card()
    assert grade(card, "Quito = Ecuador; Lima → Peru; Bogota: Colombia; La Paz -> Bolivia").correct
    assert grade(card, "peru, ecuador, bolivia, colombia").correct
    assert grade(card, "Lima = Peru; Ecuador; Bolivia; Colombia").correct
    assert grade(card, "peru, ecuadro, bolivia, colombia").correct  # a slip in a long name
    assert not grade(card, "peru, bolivia, ecuador, colombia").correct


def test_quiz_check_grades_a_match_from_pairs_written_as_text() -> None:
    expected = ["Lima = Peru", "Quito = Ecuador"]
    assert grade_answer(Kind.MATCH, expected, "Peru, Ecuador").correct
    assert not grade_answer(Kind.MATCH, expected, "Ecuador, Peru").correct


def test_the_plain_asker_reads_a_letter_per_item() -> None:
    assert parse_pairs("b, a, c", 3) == [1, 0, 2]
    assert parse_pairs("BAC", 3) == [1, 0, 2]
    assert parse_pairs("b a", 3) == [1, 0, 2]  # the last one left out
    for bad in ("a a b", "a b d", "1 2 3", "a", "é b c"):
        assert parse_pairs(bad, 3) is None, bad
    card = match_card(PAIRS[:3])
    options = spec(Kind.MATCH).options(card, random.Random(1))
    lines: list[str] = []
    right = "".join(chr(ord("a") + options.index(partner)) for _, partner in PAIRS[:3])
    asker = PlainAsker(stdin=io.StringIO(f"zz\n{right}\n"), echo=lines.append)
    given = asker.ask(Question(card, 1, 1, Mode.START, options))
    assert grade(card, given).correct
    assert any("one letter from a to c" in line for line in lines)


def test_partners_are_shown_shuffled() -> None:
    card = match_card()
    for seed in range(20):
        options = spec(Kind.MATCH).options(card, random.Random(seed))
        assert sorted(options) == sorted(card.answers) and options != card.answers


def test_pairs_as_text_round_trip_with_equals_signs_inside() -> None:
    assert split_pair("Lima = Peru") == ("Lima", "Peru")
    assert split_pair(pair_text("a = b", "c=d")) == ("a = b", "c=d")
    assert split_pair("no pair here") is None and split_pair("a = b = c") is None
    value = spec(Kind.MATCH).answer_value(["Lima = Peru", "x \\= y = z"])
    assert value == [["Lima", "Peru"], ["x = y", "z"]]


def test_csv_keeps_pairs_with_bars_and_equals(tmp_path: Path) -> None:
    pairs = (("1 = 1", "one | uno"), ("2", "two"))
    path = tmp_path / "cards.csv"
    path.write_text(cards_to_csv([match_card(pairs)]), encoding="utf-8")
    ((_, draft),) = read_csv(path).drafts
    assert draft.answer == [list(pair) for pair in pairs]


def test_the_wizard_checks_the_pairs_typed() -> None:
    assert _pairs_check("Lima = Peru | Quito = Ecuador") is True
    assert "item = partner" in str(_pairs_check("Lima Peru | Quito = Ecuador"))
    assert "2 to 10" in str(_pairs_check("Lima = Peru"))
    assert "listed twice" in str(_pairs_check("Lima = Peru | Lima = Chile"))


def test_lint_grounds_each_pair_within_one_cited_paragraph(tmp_path: Path) -> None:
    text = "Lima is the capital of Peru.\nQuito is high in the Andes.\nEcuador uses the dollar.\n"
    path = tmp_path / "source.txt"
    path.write_text(text, encoding="utf-8")
    source = Source.read(path)
    grounded = match_card((("Lima", "Peru"), ("Quito", "Ecuador")), paragraphs=(1, 2, 3))
    messages = [finding.message for finding in ground_card(grounded, source)]
    assert messages == ["pair 'Quito → Ecuador' not found in paragraph(s) 1, 2, 3 of "
                        f"{source.name}"]  # fmt: skip


def test_feedback_shows_each_wrong_pick_beside_its_pair() -> None:
    from quizdeck.model import Rating
    from quizdeck.session.asking import Outcome
    from quizdeck.ui.text import feedback_lines

    card = match_card(PAIRS[:3])
    given = ("Peru", "Bolivia", "Ecuador")
    result = grade(card, given)
    outcome = Outcome(Question(card, 1, 1, Mode.START), given, result, False, result.score,
                      Rating.AGAIN, 0, 1)  # fmt: skip
    lines = feedback_lines(outcome, None)
    assert "Partly right (33%)" in lines[0] and "The pairs:" in lines[0]
    assert lines[1] == "    Lima → Peru"
    assert lines[2] == "    Quito → Ecuador   (you: Bolivia)"
    assert lines[3] == "    La Paz → Bolivia   (you: Ecuador)"


def test_not_known_part_way_through_keeps_the_pairs_already_picked() -> None:
    """Issue 26, finding 10: "?" after a pick or two answers with those picks; the feedback
    shows them beside their pairs, not "(you: none)"."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from quizdeck.model import Rating
    from quizdeck.session.asking import Outcome
    from quizdeck.ui.terminal import QuestionaryAsker
    from quizdeck.ui.text import feedback_lines

    card = match_card()
    # The partners are shown in this order, keyed a, b, c, d.
    question = Question(card, 1, 1, Mode.START, ("Ecuador", "Bolivia", "Colombia", "Peru"))
    asker = QuestionaryAsker(echo=lambda _: None, clock=iter(range(0, 10_000, 10)).__next__)
    with create_pipe_input() as keyboard:
        keyboard.send_text("d" + "b" + "?")  # Lima → Peru, Quito → Bolivia, then not known
        with create_app_session(input=keyboard, output=DummyOutput()):
            given = asker.ask(question)
    assert given == ("Peru", "Bolivia", "", "")
    result = grade(card, given)
    assert 0 < result.score < 1
    outcome = Outcome(question, given, result, False, result.score, Rating.AGAIN, 0, 1)
    lines = feedback_lines(outcome, None)
    assert lines[1:5] == [
        "    Lima → Peru",
        "    Quito → Ecuador   (you: Bolivia)",
        "    La Paz → Bolivia   (you: none)",
        "    Bogota → Colombia   (you: none)",
    ]
