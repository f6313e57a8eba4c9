"""CSV export and import, and Anki packages."""

from __future__ import annotations

import sqlite3
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import genanki
import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.format import Deck
from quizdeck.decks.loading import bundled_decks_dir, load_decks
from quizdeck.decks.reader import check_deck_file
from quizdeck.interchange.anki import FIELDS, stable_id
from quizdeck.interchange.anki_html import cloze_prompt
from quizdeck.model import Card, Kind

BUNDLED = sorted(path.stem for path in bundled_decks_dir().glob("*.toml"))


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def loaded(path: Path) -> Deck:
    deck, problems = check_deck_file(path)
    assert not problems, problems
    assert deck is not None
    return deck


def comparable(cards: Sequence[Card]) -> list[Card]:
    return [replace(card, deck_id="", path=None, line=0) for card in cards]


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- CSV round trip ----------------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLED)
def test_csv_round_trip_reproduces_every_card(name: str, folder: Path) -> None:
    (original,) = [deck for deck in load_decks([]) if deck.path.stem == name]
    exported = run("export", original.id, "--format", "csv", "-o", "cards.csv")
    assert exported.exit_code == 0, exported.output
    imported = run("import", "cards.csv", "--deck", "copy.toml")
    assert imported.exit_code == 0, imported.output
    copy = loaded(folder / "copy.toml")
    assert comparable(copy.cards) == comparable(original.cards)
    again = run("export", "copy.toml", "--format", "csv")
    first = (folder / "cards.csv").read_text(encoding="utf-8")
    assert again.output.replace(f",{copy.id}\n", f",{original.id}\n") == first


def test_csv_export_columns_and_lists() -> None:
    result = run("export", "timeline", "--format", "csv")
    assert result.exit_code == 0
    header = result.output.splitlines()[0]
    assert header == (
        "id,kind,prompt,answer,accept,choices,explanation,source,tags,distractors,any_order,correction,fact,image,deck"
    )
    assert " | " in result.output


def test_csv_export_of_json_is_unchanged() -> None:
    default = run("export", "people")
    explicit = run("export", "people", "--format", "json")
    assert default.output == explicit.output
    assert default.output.lstrip().startswith("[")


def test_import_into_an_existing_deck_keeps_it(folder: Path) -> None:
    assert run("new", "rome").exit_code == 0
    before = (folder / "rome.toml").read_text(encoding="utf-8")
    write_csv(folder / "rows.csv", "prompt,answer\nCapital of Peru?,Lima\n")
    result = run("import", "rows.csv", "--deck", "rome.toml", "--yes")
    assert result.exit_code == 0, result.output
    assert "Added 1 card(s) to rome.toml" in result.output
    after = (folder / "rome.toml").read_text(encoding="utf-8")
    assert after.startswith(before)
    assert [card.id for card in loaded(folder / "rome.toml").cards] == [
        "example-capital",
        "capital-peru",
    ]


def test_import_reads_optional_columns_in_any_order(folder: Path) -> None:
    rows = (
        "Kind,Prompt,Answer,Tags,Source,Choices,ID\n"
        'year,Fall of the Berlin Wall?,1989,history | europe,"3, 4",,wall\n'
        "order,Put in order,Kings | Republic | Empire,,3-4,,\n"
        ",Largest ocean?,Pacific,,,Pacific | Atlantic,\n"
        "truefalse,Rome fell in 1453.,FALSE,,,,\n"
        "cloze,Founded in {{year:753}} by {{Romulus|Romolo}},,,,,\n"
    )
    write_csv(folder / "rows.csv", rows)
    result = run("import", "rows.csv", "--deck", "rome.toml")
    assert result.exit_code == 0, result.output
    cards = {card.id: card for card in loaded(folder / "rome.toml").cards}
    assert cards["wall"].answers == ("1989",) and cards["wall"].paragraphs == (3, 4)
    assert cards["wall"].tags == ("history", "europe")
    assert cards["put-order"].answers == ("Kings", "Republic", "Empire")
    assert cards["largest-ocean"].kind.value == "choice"
    assert cards["rome-fell-1453"].answers == ("false",)
    assert cards["founded-753-romulus"].blanks[1].answers == ("Romulus", "Romolo")
    text = (folder / "rome.toml").read_text(encoding="utf-8")
    assert "answer = 1989" in text and "source = [3, 4]" in text and "answer = false" in text


def test_import_names_bad_rows_and_adds_the_good_ones(folder: Path) -> None:
    rows = (
        "prompt,answer,kind,id\n"
        "Capital of Peru?,Lima,,\n"
        "When?,yesterday,date,\n"
        ",Lima,,\n"
        "Fine one,yes,,\n"
        "Spelled wrong,x,txt,\n"
        "Twice,1,,same\n"
        "Again,2,,same\n"
        "No answer,,,\n"
    )
    write_csv(folder / "rows.csv", rows)
    result = run("import", "rows.csv", "--deck", "deck.toml")
    assert result.exit_code == 1
    assert "rows.csv:3: date answer 'yesterday' does not parse as a date" in result.output
    assert "rows.csv:4: the prompt is empty" in result.output
    assert "rows.csv:6: unknown kind 'txt' (did you mean 'text'?)" in result.output
    assert "rows.csv:8: card id 'same' is also on row 7" in result.output
    assert "rows.csv:9: the answer is empty" in result.output
    assert "5 row(s) left out" in result.output
    assert "Traceback" not in result.output
    ids = [card.id for card in loaded(folder / "deck.toml").cards]
    assert ids == ["capital-peru", "fine-one", "same"]


def test_import_strict_writes_nothing(folder: Path) -> None:
    write_csv(folder / "rows.csv", "prompt,answer,kind\nGood?,yes,\nBad?,later,year\n")
    result = run("import", "rows.csv", "--deck", "deck.toml", "--strict")
    assert result.exit_code == 1
    assert "rows.csv:3: year answer 'later' does not parse as a year" in result.output
    assert "nothing written" in result.output
    assert not (folder / "deck.toml").exists()


def test_import_clashing_with_an_existing_id(folder: Path) -> None:
    assert run("new", "rome").exit_code == 0
    before = (folder / "rome.toml").read_bytes()
    write_csv(folder / "rows.csv", "id,prompt,answer\nexample-capital,Capital?,Paris\n")
    result = run("import", "rows.csv", "--deck", "rome.toml")
    assert result.exit_code == 1
    assert "rows.csv:2: card id 'example-capital' is already used (line 18)" in result.output
    assert (folder / "rome.toml").read_bytes() == before


def test_import_into_a_broken_deck_names_its_problems(folder: Path) -> None:
    deck = folder / "broken.toml"
    deck.write_text('[deck]\nid = "b"\ntitle = "B"\n\n[[card]]\nid = "x"\nkind = "text"\n')
    write_csv(folder / "rows.csv", "prompt,answer\nQ?,A\n")
    result = run("import", "rows.csv", "--deck", "broken.toml")
    assert result.exit_code == 1
    assert "broken.toml:5: card is missing 'prompt'" in result.output
    assert "fix them first" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "rows.csv: the file is empty"),
        ("promt,answer\nQ?,A\n", "unknown column(s) 'promt' (did you mean 'prompt'?)"),
        ("id,notes,hint\nq,Q?,A\n", "rows.csv:1: missing column 'prompt'"),
        ("prompt,kind\nQ?,text\n", "rows.csv:1: missing column 'answer'"),
        ("prompt,answer,answer\nQ?,A,B\n", "rows.csv:1: column 'answer' appears twice"),
    ],
)
def test_unusable_csv_files(folder: Path, text: str, message: str) -> None:
    write_csv(folder / "rows.csv", text)
    result = run("import", "rows.csv", "--deck", "deck.toml")
    assert result.exit_code == 1
    assert message in result.output
    assert not (folder / "deck.toml").exists()


def test_import_of_a_missing_or_binary_file(folder: Path) -> None:
    missing = run("import", "nope.csv", "--deck", "deck.toml")
    assert missing.exit_code == 1 and "nope.csv: no such file" in missing.output
    (folder / "bin.csv").write_bytes(b"prompt,answer\n\xff\xfe,\x00\n")
    binary = run("import", "bin.csv", "--deck", "deck.toml")
    assert binary.exit_code == 1 and "not UTF-8" in binary.output


def test_import_counts_rows_as_a_spreadsheet_does(folder: Path) -> None:
    rows = 'prompt,answer,explanation\n"Two\nlines?",yes,"also\ntwo"\n\nQ?,,\nExtra,a,b,c\n'
    write_csv(folder / "rows.csv", rows)
    result = run("import", "rows.csv", "--deck", "deck.toml")
    assert "rows.csv:4: the answer is empty" in result.output
    assert "rows.csv:5: the row has 4 cells but the header has 3 columns" in result.output
    assert loaded(folder / "deck.toml").cards[0].prompt == "Two\nlines?"


def test_import_reads_semicolons_and_a_byte_order_mark(folder: Path) -> None:
    (folder / "rows.csv").write_bytes("\ufeffprompt;answer\nCapital?;Lima, Peru\n".encode())
    result = run("import", "rows.csv", "--deck", "deck.toml")
    assert result.exit_code == 0, result.output
    assert loaded(folder / "deck.toml").cards[0].answers == ("Lima, Peru",)


def test_import_creates_the_deck_named_after_its_file(folder: Path) -> None:
    write_csv(folder / "rows.csv", "prompt,answer\nQ?,A\n")
    result = run("import", "rows.csv", "--deck", "Roman_History.toml")
    assert result.exit_code == 0, result.output
    assert "(new deck file)" in result.output
    deck = loaded(folder / "Roman_History.toml")
    assert (deck.id, deck.title) == ("roman-history", "Roman history")


def test_import_with_only_bad_rows_creates_no_file(folder: Path) -> None:
    write_csv(folder / "rows.csv", "prompt,answer\nQ?,\n")
    result = run("import", "rows.csv", "--deck", "deck.toml")
    assert result.exit_code == 1
    assert not (folder / "deck.toml").exists()


def test_bars_inside_items_survive(folder: Path) -> None:
    write_csv(folder / "rows.csv", "prompt,answer,accept\nBand?,AC\\|DC,AC/DC | ACDC\n")
    assert run("import", "rows.csv", "--deck", "deck.toml").exit_code == 0
    assert loaded(folder / "deck.toml").cards[0].answers == ("AC|DC", "AC/DC", "ACDC")
    exported = run("export", "deck.toml", "--format", "csv")
    assert "AC\\|DC" in exported.output


# --- Anki --------------------------------------------------------------------------------


def notes_of(path: Path) -> list[tuple[str, int, list[str], str]]:
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        database = path.with_suffix(".anki2")
        database.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
    finally:
        connection.close()
    return [(guid, mid, fields.split("\x1f"), tags) for guid, mid, fields, tags in rows]


def test_apkg_holds_one_note_per_card_with_stable_guids(folder: Path) -> None:
    decks = load_decks([])
    result = run("export", "--format", "apkg", "-o", "first.apkg")
    assert result.exit_code == 0, result.output
    assert run("export", "--format", "apkg", "-o", "second.apkg").exit_code == 0
    first, second = notes_of(folder / "first.apkg"), notes_of(folder / "second.apkg")
    cards = [card for deck in decks for card in deck.cards]
    assert len(first) == len(cards)
    assert {note[0] for note in first} == {genanki.guid_for(c.deck_id, c.id) for c in cards}
    assert [note[0] for note in first] == [note[0] for note in second]
    assert [note[2] for note in first] == [note[2] for note in second]
    assert [path.name for path in folder.iterdir() if path.name.endswith(".tmp")] == []


def test_apkg_without_genanki_says_what_to_install(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "genanki", None)  # as if the [anki] extra is missing
    result = run("export", "--format", "apkg", "-o", "cards.apkg")
    assert result.exit_code == 1
    assert "pip install 'quizdeck[anki]'" in result.output
    assert not (folder / "cards.apkg").exists()


def test_apkg_fields_by_kind(folder: Path) -> None:
    assert run("export", "timeline", "people", "--format", "apkg", "-o", "x.apkg").exit_code == 0
    notes = notes_of(folder / "x.apkg")
    assert all(len(fields) == len(FIELDS) for _, _, fields, _ in notes)
    by_kind: dict[str, list[list[str]]] = {}
    cards = {card.id: card for deck in load_decks(["timeline", "people"]) for card in deck.cards}
    for guid, mid, fields, _tags in notes:
        card = next(c for c in cards.values() if genanki.guid_for(c.deck_id, c.id) == guid)
        by_kind.setdefault(card.kind.value, []).append(fields)
        typed = card.kind.value in ("text", "person", "number", "year", "date")
        model = "cloze" if card.kind.value == "cloze" else "typed" if typed else "basic"
        assert mid == stable_id(f"quizdeck model: {model} v1")
        assert fields[7] == card.deck_id
    assert all(fields[1].startswith("<ol>") for fields in by_kind["order"])
    assert all(fields[3].startswith("Put in order:") for fields in by_kind["order"])
    assert all(
        fields[1] in ("True", "False") or ":" in fields[1] for fields in by_kind["truefalse"]
    )
    if "cloze" in by_kind:
        assert all("{{c1::" in fields[0] for fields in by_kind["cloze"])


def test_cloze_prompt_in_anki_syntax() -> None:
    assert cloze_prompt("In {{year:1989}} <b> {{Berlin|Berlín}}") == (
        "In {{c1::1989::year}} &lt;b&gt; {{c2::Berlin}}"
    )
    assert cloze_prompt("{{a}} and {{b}}", together=True) == "{{c1::a}} and {{c1::b}}"


def test_typed_kinds_use_ankis_type_in_the_answer_box(folder: Path) -> None:
    from quizdeck.interchange.anki import _models

    typed = _models()["typed"]
    assert "{{type:Answer}}" in typed.templates[0]["qfmt"]
    assert run("export", "timeline", "--format", "apkg", "-o", "t.apkg").exit_code == 0
    models = {mid for _, mid, _, _ in notes_of(folder / "t.apkg")}
    assert stable_id("quizdeck model: typed v1") in models


def test_apkg_needs_an_output_file() -> None:
    result = run("export", "--format", "apkg")
    assert result.exit_code == 2
    assert "-o" in result.output


def test_apkg_to_an_unwritable_place(folder: Path) -> None:
    result = run("export", "--format", "apkg", "-o", "missing/x.apkg")
    assert result.exit_code == 1
    assert "cannot write missing/x.apkg" in result.output


def test_importing_again_after_a_fix_adds_no_copies(folder: Path) -> None:
    rows = folder / "rows.csv"
    write_csv(rows, "prompt,answer,kind\nCapital of Peru?,Lima,\nWall fell?,soon,year\n")
    assert run("import", "rows.csv", "--deck", "deck.toml").exit_code == 1
    write_csv(rows, "prompt,answer,kind\nCapital of Peru?,Lima,\nWall fell?,1989,year\n")
    result = run("import", "rows.csv", "--deck", "deck.toml", "--yes")
    assert result.exit_code == 0, result.output
    assert "rows.csv: row 2 already in the deck (skipped)" in result.output
    assert [card.id for card in loaded(folder / "deck.toml").cards] == ["capital-peru", "wall-fell"]
    again = run("import", "rows.csv", "--deck", "deck.toml")
    assert again.exit_code == 0
    assert "No new cards to add." in again.output
    assert "rows.csv: rows 2, 3 already in the deck (skipped)" in again.output


def test_anki_fields_never_run_as_markup() -> None:
    from quizdeck.interchange.anki import anki_deck_name, anki_tags, note_fields

    card = Card(
        "d", "c", Kind.TEXT, "{{c2::x}} [sound:evil.mp3] \x1b]0;T\x07", ("a::b",),
        explanation="\u202eevil", tags=("tag\x07",),
    )  # fmt: skip
    fields = note_fields(card)
    joined = "".join(fields)
    assert "{{" not in joined and "[sound:" not in joined and "::" not in joined
    assert not any(char in joined for char in "\x1b\x07\u202e")
    assert "c2&#58;&#58;x" in fields[0]  # still readable as text
    assert anki_tags(card) == ["tag", "d"]
    assert anki_deck_name("Iraq::2021") == "Iraq - 2021"
    cloze = Card("d", "z", Kind.CLOZE, "The {{a::b}} came", ("a::b",))
    assert cloze_prompt(cloze.prompt) == "The {{c1::a&#58;&#58;b}} came"


def test_apkg_order_items_are_never_already_in_order_and_auto_choices_get_options() -> None:
    from quizdeck.interchange.anki import note_fields, with_drawn_options
    from quizdeck.model import Card, Kind

    for number in range(40):
        items = ("one", "two")
        card = Card("d", f"o{number}", Kind.ORDER, "Order them.", items)
        shown = note_fields(card)[3]
        assert shown != "Put in order:<ul><li>one</li><li>two</li></ul>", number
    pool = [
        Card("d", f"c{n}", Kind.TEXT, f"Capital {n}?", (city,))
        for n, city in enumerate(["Lima", "Quito", "Bogota", "Caracas"])
    ]
    auto = Card("d", "a", Kind.CHOICE, "Capital of Peru?", ("Lima",), auto_distractors=True)
    drawn = with_drawn_options(auto, pool)
    assert "Lima" in drawn.choices and len(drawn.choices) == 4
    assert note_fields(drawn)[3].count("<li>") == 4
    assert note_fields(auto)[3] == ""
