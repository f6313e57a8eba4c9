"""`quiz lint --source`: explanations name nothing the cited paragraphs and the card lack."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_support import card, deck, findings, lint, make_folder
from quizdeck.lint.explanations import names_in, outside_claims


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_folder(tmp_path, monkeypatch)


def test_names_are_capitalised_words_not_at_sentence_start() -> None:
    text = "Later the hall burned. Orla Venn moved to Port Ayn al Asad, with the Harbour Guild."
    assert names_in(text) == ["Venn", "Port Ayn Asad", "Harbour Guild"]


def test_outside_claims_are_names_and_numbers_the_reference_lacks() -> None:
    reference = "The glassmaker Orla Venn founded it in 1987 in Velmora; two of them stayed."
    assert outside_claims("She left for Oslo with 40 workers in 1990.", reference) == [
        "Oslo",
        "40",
        "1990",
    ]
    kept = "In Velmora, Venn's Velmoran friends met twice. The two stayed; Dame Orla Venn, 1987."
    assert outside_claims(kept, reference) == []


def test_an_explanation_with_outside_claims_is_a_warning(folder: Path) -> None:
    cards = card(
        "a",
        "year",
        "When was the society founded?",
        "1987",
        source="2",
        explanation='"Venn had moved there from Oslo in 1979, with three friends."',
    )
    cards += card(
        "b",
        "person",
        "Who led the society after the founder?",
        '"Tomas Venn"',
        source="5",
        explanation='"Her nephew took over, and Velmora mourned."',
    )
    cards += card(
        "c", "text", "Which town?", '"Velmora"', source="2", explanation='"It lies by Velmora Bay."'
    )
    code, lines = lint(folder, {"d.toml": deck("d", cards)}, "--source", "notes.txt")
    assert code == 0
    assert findings(lines, "warning") == [
        "d.toml:6: warning: explanation names 'Oslo', '1979', not in the cited paragraph(s) "
        "or the card",
        "d.toml:14: warning: explanation names 'Velmora', not in the cited paragraph(s) "
        "or the card",
        "d.toml:22: warning: explanation names 'Velmora Bay', not in the cited paragraph(s) "
        "or the card",
    ]
