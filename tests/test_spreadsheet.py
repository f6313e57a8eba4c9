"""CSV files quiz writes are safe to open in a spreadsheet, and read back unchanged."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file
from quizdeck.interchange.csv_cards import cards_to_csv
from quizdeck.interchange.spreadsheet import guard_cell, needs_guard, unguard_cell
from quizdeck.model import Card, Kind, Mode, Rating
from quizdeck.store import Store

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "'=1"]


@given(st.text())
def test_guard_round_trips_any_text(cell: str) -> None:
    guarded = guard_cell(cell)
    assert unguard_cell(guarded) == cell
    assert not guarded or guarded[0] not in "=+-@\t\r"


@pytest.mark.parametrize("cell", HOSTILE)
def test_formula_starts_are_guarded(cell: str) -> None:
    assert needs_guard(cell) and guard_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Baghdad", "'quoted'", "48", "a=b", ""])
def test_plain_cells_are_left_alone(cell: str) -> None:
    assert guard_cell(cell) == cell == unguard_cell(cell)


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_deck_csv_guards_and_import_reads_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    cards = [
        Card("d", f"c{index}", Kind.TEXT, prompt, (f"-{index}",), explanation="@note")
        for index, prompt in enumerate(HOSTILE)
    ]
    text = cards_to_csv(cards)
    assert all(not cell or cell[0] not in "=+-@\t\r" for cell in cells(text))
    (tmp_path / "cards.csv").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "cards.csv", "--deck", "copy.toml"])
    assert result.exit_code == 0, result.output
    deck, problems = check_deck_file(tmp_path / "copy.toml")
    assert not problems and deck is not None
    # import strips the whitespace around a cell, as for any typed cell
    assert [card.prompt for card in deck.cards] == [prompt.strip() for prompt in HOSTILE]
    assert [card.answers for card in deck.cards] == [(f"-{i}",) for i in range(len(HOSTILE))]
    assert {card.explanation for card in deck.cards} == {"@note"}


def test_excel_doubled_quotes_are_one_quote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rows = 'prompt,answer\n"Who wrote ""Hamlet""?",Shakespeare\n"""hi"", then",there\n'
    (tmp_path / "excel.csv").write_text(rows, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "excel.csv", "--deck", "out.toml"])
    assert result.exit_code == 0, result.output
    deck, _ = check_deck_file(tmp_path / "out.toml")
    assert deck is not None
    assert [card.prompt for card in deck.cards] == ['Who wrote "Hamlet"?', '"hi", then']


def answer(store: Store, card: Card, given: str) -> None:
    store.record_review(
        card, mode=Mode.START, given=given, correct=False, score=0.0, rating=Rating.AGAIN,
        duration_ms=1000, now=datetime(2026, 1, 1, tzinfo=timezone.utc),
    )  # fmt: skip


def test_progress_csv_guards_typed_answers(tmp_path: Path) -> None:
    card = Card("d", "c", Kind.TEXT, "Q?", ("x",))
    with Store.open(tmp_path / "p.sqlite3") as store:
        answer(store, card, "=cmd|' /C calc'!A0")
        out = io.StringIO()
        store.export(out, "csv", profile="=evil", now=datetime(2026, 1, 2, tzinfo=timezone.utc))
    assert "=cmd" in out.getvalue()
    assert all(not cell or cell[0] not in "=+-@\t\r" for cell in cells(out.getvalue()))


def test_class_report_csv_guards_student_names(tmp_path: Path) -> None:
    card = Card("people", "c", Kind.TEXT, "Q?", ("x",))
    with Store.open(tmp_path / "p.sqlite3") as store:
        answer(store, card, "x")
        export = tmp_path / "student.json"
        with export.open("w", encoding="utf-8") as handle:
            store.export(
                handle, "json", profile="=1+1", now=datetime(2026, 1, 2, tzinfo=timezone.utc)
            )
    assert json.loads(export.read_text(encoding="utf-8"))["profile"] == "=1+1"
    result = CliRunner().invoke(main, ["report", str(export), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "'=1+1" in result.output
    assert all(not cell or cell[0] not in "=+-@\t\r" for cell in cells(result.output))


_tricky = st.text(
    alphabet=st.sampled_from(list("abcXYZ 09\",;|=+-@\n'")) | st.characters(categories=["L", "N"]),
    min_size=1,
    max_size=30,
).filter(lambda text: text.strip() != "")


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(_tricky, _tricky), min_size=1, max_size=5))
def test_any_cards_survive_csv_export_and_import(rows: list[tuple[str, str]]) -> None:
    """Quotes, commas, bars, newlines and formula starts: a card comes back as it went out."""
    import tempfile

    from quizdeck.interchange.csv_cards import read_csv

    cards = [
        Card("d", f"c{n}", Kind.TEXT, prompt, (answer,)) for n, (prompt, answer) in enumerate(rows)
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cards.csv"
        path.write_text(cards_to_csv(cards), encoding="utf-8")
        result = read_csv(path)
    assert not result.errors, result.errors
    back = [(draft.prompt, draft.answer) for _, draft in result.drafts]
    assert back == [(prompt.strip(), answer.strip()) for prompt, answer in rows]
