"""A cloze blank whose head before ":" is one word of letters but no blank kind (``{{yaer:1804}}``,
``{{Year:1789}}``, ``{{month:August}}``) is a problem at the prompt's line, not a text blank
answered "yaer:1804"; ``{{text:…}}`` writes a text answer with a colon."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizdeck.decks.reader import check_deck_file


def deck_with(tmp_path: Path, prompt: str) -> Path:
    path = tmp_path / "d.toml"
    path.write_text(
        '[deck]\nid = "d"\ntitle = "D"\n\n[[card]]\nid = "c"\nkind = "cloze"\n'
        f"prompt = {prompt!r}\n".replace("'", '"'),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("prompt", "message"),
    [
        (
            "Crowned in {{yaer:1804}}.",
            "blank 1: 'yaer' is not a blank kind (did you mean 'year'?); "
            "write {{text:…}} for a text answer with a colon",
        ),
        (
            "In {{Paris}}, in {{Year:1789}}.",
            "blank 2: 'Year' is not a blank kind (did you mean 'year'?)",
        ),
        ("Born in {{month:August}}.", "blank 1: 'month' is not a blank kind"),
    ],
)
def test_a_mistyped_blank_kind_is_a_problem_at_the_prompt(
    tmp_path: Path, prompt: str, message: str
) -> None:
    _, problems = check_deck_file(deck_with(tmp_path, prompt))
    assert any(message in str(problem) and ":8:" in str(problem) for problem in problems), problems


@pytest.mark.parametrize(
    ("prompt", "answers"),
    [
        ("Ratio {{text:3:1}}.", ("3:1",)),
        ("At {{10:30}} sharp.", ("10:30",)),
        ("Crowned in {{year:1804}}.", ("1804",)),
        ("Said {{ two words: yes}}.", ("two words: yes",)),
    ],
)
def test_colons_that_are_no_kind_stay_answers(
    tmp_path: Path, prompt: str, answers: tuple[str, ...]
) -> None:
    deck, problems = check_deck_file(deck_with(tmp_path, prompt))
    assert deck is not None and not problems, problems
    assert deck.cards[0].answers == answers
