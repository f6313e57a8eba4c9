"""`quiz lint`: quality checks, and grounding answers in a source text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lint_support import GOOD, card, deck, findings, lint, make_folder
from quizdeck.cli import main
from quizdeck.lint import has_phrase, names_date, numbers_in, stated_numbers, support

REPO = Path(__file__).resolve().parents[1]
ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "source" / "article.txt"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_folder(tmp_path, monkeypatch)


# --- quality checks --------------------------------------------------------------------


def test_a_good_deck_has_no_finding(folder: Path) -> None:
    code, lines = lint(folder, {"good.toml": deck("good", GOOD)})
    assert code == 0, lines
    assert lines == ["0 error(s), 0 warning(s) in 13 card(s), 1 deck file(s)"]


def test_a_good_deck_is_grounded_in_its_source(folder: Path) -> None:
    code, lines = lint(folder, {"good.toml": deck("good", GOOD)}, "--source", "notes.txt")
    assert code == 0, lines
    assert findings(lines, "error") == findings(lines, "warning") == []
    assert lines[-1].endswith(
        "4 of 6 paragraph(s) of notes.txt cited by a card "
        "(1 heading(s), link(s) or repeat(s) need none)"
    )


def test_uncited_paragraphs_are_listed_at_their_line(folder: Path) -> None:
    _, lines = lint(folder, {"good.toml": deck("good", GOOD)}, "--source", "notes.txt")
    assert findings(lines, "info") == [
        "notes.txt:11: info: paragraph 6 is cited by no card: "
        "Nothing in this closing line is asked about.",
    ]  # paragraph 1 is a heading: it states no fact to ask about


def test_headings_links_and_repeats_need_no_card(folder: Path) -> None:
    notes = folder / "notes.txt"
    notes.write_text(
        notes.read_text(encoding="utf-8")
        + "\n[Another Story About Lanterns]\n\n"
        + "Venn insisted that the members meet every Thursday.\n",
        encoding="utf-8",
    )
    _, lines = lint(folder, {"good.toml": deck("good", GOOD)}, "--source", "notes.txt")
    assert [line.split(": info: ")[1] for line in findings(lines, "info")] == [
        "paragraph 6 is cited by no card: Nothing in this closing line is asked about."
    ]
    assert lines[-1].endswith("(3 heading(s), link(s) or repeat(s) need none)")


def test_missing_explanation_and_source_are_warnings(folder: Path) -> None:
    cards = card("a", "text", "Where?", '"Velmora"', explanation="", source="")
    cards += card("b", "year", "When?", "1987")
    code, lines = lint(folder, {"d.toml": deck("d", cards)})
    assert code == 0
    assert findings(lines, "warning") == [
        "d.toml:6: warning: card has no explanation",
        "d.toml:6: warning: card has no source",
    ]


def test_the_same_prompt_twice_is_an_error(folder: Path) -> None:
    cards = card("a", "text", "Which town?", '"Velmora"') + card("b", "text", "Which town?", '"X"')
    code, lines = lint(folder, {"d.toml": deck("d", cards + card("y", "year", "When?", "1987"))})
    assert code == 1
    assert findings(lines, "error") == [
        "d.toml:14: error: same prompt as card 'a' (line 6)",
    ]
    assert lines[-1].startswith("1 error(s), 0 warning(s)")


def test_duplicates_are_found_across_decks(folder: Path) -> None:
    first = deck(
        "one", card("a", "text", "Which town?", '"Velmora"') + card("y", "year", "W?", "1")
    )
    second = deck("two", card("b", "text", "which  town", '"X"') + card("z", "year", "V?", "2"))
    code, lines = lint(folder, {"one.toml": first, "two.toml": second})
    assert code == 1
    assert "two.toml:6: error: same prompt as card 'one/a' (one.toml:6)" in lines


def test_near_duplicates_and_same_prompt_across_kinds_are_warnings(folder: Path) -> None:
    cards = card("a", "text", "Which harbour town did Orla Venn live in?", '"Velmora"')
    cards += card("b", "text", "Which harbour town did Orla Venn live in then?", '"Velmora"')
    cards += card(
        "c",
        "choice",
        "Which harbour town did Orla Venn live in?",
        '"Velmora"',
        choices='["Velmora", "Oslo"]',
    )
    code, lines = lint(folder, {"d.toml": deck("d", cards)})
    assert code == 0
    warnings = findings(lines, "warning")
    assert len(warnings) == 2
    assert re.match(
        r"d\.toml:14: warning: prompt nearly duplicates card 'a' \(line 6\)", warnings[0]
    )
    assert warnings[1] == "d.toml:22: warning: same prompt as card 'a' (line 6), a text card"


def test_a_prompt_containing_its_answer_is_an_error(folder: Path) -> None:
    cards = card("a", "text", "Which town, Velmora or Oslo, is the harbour?", '"Velmora"')
    cards += card("b", "year", "The 1987 founding happened in which year?", "1987")
    cards += card("c", "number", "Fourteen chapters: how many chapters?", "14")
    cards += card("d", "date", "What happened on 3 March 2011, and when?", '"2011-03-03"')
    cards += card("e", "person", "Who was Venn?", '"Orla Venn"')
    cards += card("f", "cloze", "{{Velmora}} is a harbour town; Velmora has glass.")
    cards += card("ok", "text", "Where was the hall?", '"Velmora"')
    code, lines = lint(folder, {"d.toml": deck("d", cards)})
    assert code == 1
    errors = findings(lines, "error")
    assert [line.split(":")[1] for line in errors] == ["6", "14", "22", "30", "38", "46"]
    assert errors[0] == "d.toml:6: error: prompt contains its answer 'Velmora'"
    assert errors[-1] == "d.toml:46: error: cloze text still shows blank 1's answer 'Velmora'"


def test_a_choice_that_grades_as_the_answer_is_an_error(folder: Path) -> None:
    cards = card(
        "a",
        "choice",
        "Which faction?",
        '"Kataib Hezbollah"',
        choices='["Kataib Hezbollah", "Kata\'ib Hizbollah", "Badr"]',
    )
    cards += card("b", "choice", "In what year?", '"2011"', choices='["2011", "2012", "2010"]')
    code, lines = lint(folder, {"d.toml": deck("d", cards)})
    assert code == 1
    assert findings(lines, "error") == [
        "d.toml:6: error: choice 'Kata'ib Hizbollah' grades as right "
        "(the answer is 'Kataib Hezbollah')"
    ]


def test_a_reworded_true_false_statement_is_a_warning(folder: Path) -> None:
    cards = card("a", "truefalse", "In 2011 a storm destroyed the meeting hall.", "true")
    cards += card("b", "truefalse", "The meeting hall was destroyed by a storm in 2011.", "true")
    cards += card("c", "truefalse", "Orla Venn was a glassmaker.", "true")
    cards += card("d", "text", "Which town?", '"Velmora"')
    code, lines = lint(folder, {"d.toml": deck("d", cards)})
    assert code == 0
    [warning] = findings(lines, "warning")
    assert warning.startswith("d.toml:14: warning: statement is a trivial rewording of card 'a'")


def test_a_deck_of_one_kind_is_a_warning(folder: Path) -> None:
    cards = card("a", "text", "Which town?", '"Velmora"') + card("b", "text", "Who?", '"Venn"')
    code, lines = lint(folder, {"d.toml": deck("d", cards)})
    assert code == 0
    assert findings(lines, "warning") == [
        "d.toml:1: warning: every card of deck 'd' is a text card: mix in other kinds"
    ]


def test_an_invalid_deck_reports_its_problems_and_fails(folder: Path) -> None:
    broken = deck("bad", card("a", "year", "When?", '"soon"'))
    good = deck("good", GOOD)
    code, lines = lint(folder, {"bad.toml": broken, "good.toml": good})
    assert code == 1
    assert lines[0].startswith("bad.toml:10:1: error: year answer 'soon' does not parse")
    assert lines[-1] == "1 error(s), 0 warning(s) in 13 card(s), 2 deck file(s)"


def test_help_documents_the_levels() -> None:
    result = CliRunner().invoke(main, ["lint", "--help"])
    assert result.exit_code == 0
    for words in (
        "Errors (",
        "Warnings (",
        "--source FILE",
        "info:",
        "another sort than the answer",
        "date, year or number",
        "carry their own date",
        "any_order",
        "siblings",
        "only by true/false",
        "without fact",
        "a repeat",
        "explanation naming",
    ):
        assert words in result.output


# --- the helpers the checks are built on -----------------------------------------------


def test_numbers_are_read_in_digits_and_words() -> None:
    numbers = numbers_in("It won fourteen seats, forty-eight in 2018, and 1,200 votes.")
    assert {14.0, 48.0, 2018.0, 1200.0} <= numbers
    assert stated_numbers("Badr won twenty-two seats in 2018 and 5 in one year") == [
        ("twenty two", 22.0),
        ("2018", 2018.0),
        ("5", 5.0),
    ]


def test_dates_are_named_at_the_cards_precision() -> None:
    assert names_date("The strike came on November 7.", (2021, 11, 7))
    assert names_date("On 7 Nov. 2021 it struck.", (2021, 11, 7))
    assert not names_date("On 7 Nov. 2020 it struck.", (2021, 11, 7))
    assert names_date("Talks began in May 2020.", (2020, 5, None))
    assert not names_date("Talks began in May.", (2020, 5, None))
    assert names_date("It was 2020 then.", (2020, None, None))


def test_phrases_match_whole_words_after_normalization() -> None:
    assert has_phrase("Kadhimi’s home in the Green Zone", "Kadhimi")
    assert has_phrase("KATA'IB Hezbollah fighters", "Kataib Hezbollah")
    assert not has_phrase("the Green Zoned area", "Green Zone")


def test_support_tolerates_spelling_variants_and_word_forms() -> None:
    assert support("Nouri al-Maliki was attacked", "a bomb aimed at Nouri al-Malki").ok
    backing = support("The author says 22 seats were lost", "They lost twenty seats.")
    assert not backing.ok
    assert backing.missing_numbers == ("22",)


# --- the bundled decks -----------------------------------------------------------------


@pytest.mark.skipif(not ARTICLE.exists(), reason="../shared/source/article.txt is not present")
def test_the_bundled_decks_are_grounded_in_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["lint", "--source", str(ARTICLE)])
    lines = result.output.splitlines()
    # Grounding and card quality; the give-aways and patterns the decks still have are for
    # the deck rewrite of issue 23 (see test_lint_giveaways.py for those checks).
    assert findings(lines, "error") == findings(lines, "warning") == [], result.output
    assert "of 25 paragraph(s)" in lines[-1]
