"""A CSV row without a kind reads its answer as an Anki type-in note's back is read: text in
brackets after the answer is the explanation, and a date as people write it is a date card."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizdeck.interchange.csv_cards import read_csv


def _draft(tmp_path: Path, text: str) -> tuple[str, object, str]:
    path = tmp_path / "cards.csv"
    path.write_text(text, encoding="utf-8")
    rows = read_csv(path)
    assert rows.errors == []
    draft = rows.drafts[0][1]
    return draft.kind.value, draft.answer, draft.explanation


@pytest.mark.parametrize(
    ("answer", "kind", "value", "explanation"),
    [
        ("14 July 1789 (a Tuesday)", "date", "1789-07-14", "a Tuesday"),
        ("14 July 1789", "date", "1789-07-14", ""),
        ("June 1791", "date", "1791-06", ""),
        ("Danton (Georges)", "text", "Danton", "Georges"),
        ('"Paris, France"', "text", "Paris, France", ""),
        ("1789", "text", "1789", ""),
    ],
)
def test_a_row_without_a_kind_is_guessed_as_anki_type_in_notes_are(
    tmp_path: Path, answer: str, kind: str, value: str, explanation: str
) -> None:
    text = f"prompt,answer\nWhen was the Bastille stormed?,{answer}\n"
    assert _draft(tmp_path, text) == (kind, value, explanation)


def test_the_extra_joins_an_explanation_already_given(tmp_path: Path) -> None:
    text = "prompt,answer,explanation\nBastille?,14 July 1789 (a Tuesday),The people of Paris.\n"
    assert _draft(tmp_path, text) == ("date", "1789-07-14", "a Tuesday\nThe people of Paris.")


def test_a_row_with_a_kind_keeps_its_answer(tmp_path: Path) -> None:
    text = "prompt,answer,kind\nWho?,Danton (Georges),text\n"
    assert _draft(tmp_path, text) == ("text", "Danton (Georges)", "")


def test_anki_plain_text_type_in_notes_read_the_same(tmp_path: Path) -> None:
    text = (
        "#separator:tab\n#html:false\n#notetype column:1\n"
        "Basic (type in the answer)\tWhen was the Bastille stormed?\t14 July 1789 (a Tuesday)\n"
    )
    assert _draft(tmp_path, text) == ("date", "1789-07-14", "a Tuesday")
