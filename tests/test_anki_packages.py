"""Packages made by the real Anki library (26.09.3, see tests/anki/README.md) import the same in
both formats: the current one (``collection.anki21b``, zstd-compressed, beside a stub
``collection.anki2``) and the one for older versions (``collection.anki21``). Each card keeps
its Anki deck's name (subdecks included), and a "Basic (and reversed card)" note becomes two
sibling cards."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file
from quizdeck.interchange import apkg_import

PACKAGES = Path(__file__).parent / "anki"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("name", ["anki-current.apkg", "anki-legacy.apkg"])
def test_a_real_anki_package_imports_with_its_decks_and_reverse_cards(
    tmp_path: Path, name: str
) -> None:
    result = run("import", str(PACKAGES / name), "--deck", str(tmp_path / "t.toml"))
    assert result.exit_code == 0, result.output
    assert "3 Anki decks" in result.output
    assert "Geography, History, History::Revolution" in result.output
    deck, problems = check_deck_file(tmp_path / "t.toml")
    assert deck is not None, problems
    got = [(c.kind.value, c.prompt, c.answers[0], *c.tags) for c in deck.cards]
    assert got == [
        ("flip", "Capital of France?", "Paris", "geo", "History"),
        ("flip", "Bastille stormed", "1789", "History"),
        ("flip", "1789", "Bastille stormed", "History"),
        ("text", "Who led the Cordeliers?", "Danton", "History::Revolution"),
        ("cloze", "Napoleon was crowned in {{year:1804}}.", "1804", "History::Revolution"),
        ("flip", "Capital of Peru?", "Lima", "Geography"),
    ]
    forward, backward = deck.cards[1], deck.cards[2]
    assert forward.fact and forward.fact == backward.fact
    assert len({card.fact for card in deck.cards if card.fact}) == 1


def test_the_stub_beside_a_compressed_collection_is_never_read(tmp_path: Path) -> None:
    """Only the stub: quiz says how to export again, not "card is missing 'answer'"."""
    stub = tmp_path / "stub.apkg"
    with (
        zipfile.ZipFile(PACKAGES / "anki-current.apkg") as source,
        zipfile.ZipFile(stub, "w") as target,
    ):
        target.writestr("collection.anki2", source.read("collection.anki2"))
    result = run("import", str(stub), "--deck", str(tmp_path / "t.toml"))
    assert result.exit_code == 1
    assert "missing 'answer'" not in result.output and "newer Anki" in result.output


def test_a_compressed_collection_is_bounded_before_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(apkg_import, "COLLECTION_LIMIT", 4096)
    result = run("import", str(PACKAGES / "anki-current.apkg"), "--deck", str(tmp_path / "t.toml"))
    assert result.exit_code == 1 and "larger than quiz reads" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"zstd", "not an Anki package"), (b"(\xb5/\xfd" + b"\x00" * 40, "cannot be read")],
)
def test_a_broken_compressed_collection_is_one_line(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "bad.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki21b", data)
    result = run("import", str(path), "--deck", str(tmp_path / "t.toml"))
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output and not (tmp_path / "t.toml").exists()


def test_the_safety_checks_apply_to_a_compressed_collection(tmp_path: Path) -> None:
    """A trigger in a zstd collection is refused as in a plain one."""
    import sqlite3

    import zstandard

    with zipfile.ZipFile(PACKAGES / "anki-current.apkg") as source:
        raw = (
            zstandard.ZstdDecompressor()
            .decompressobj()
            .decompress(source.read("collection.anki21b"))
        )
    database = tmp_path / "c.sqlite"
    database.write_bytes(raw)
    with sqlite3.connect(database) as db:
        db.execute("CREATE TRIGGER t AFTER INSERT ON notes BEGIN SELECT 1; END")
    db.close()
    path = tmp_path / "hostile.apkg"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki21b", zstandard.compress(database.read_bytes()))
    result = run("import", str(path), "--deck", str(tmp_path / "t.toml"))
    assert result.exit_code == 1 and "holds a trigger" in result.output


def write_deck(path: Path, body: str) -> Path:
    path.write_text(f'[deck]\nid = "geo"\ntitle = "Geo"\n\n{body}', encoding="utf-8")
    return path


def test_accepted_answers_with_commas_survive_anki_and_back(tmp_path: Path) -> None:
    deck = write_deck(tmp_path / "geo.toml", (
        '[[card]]\nid = "capital"\nkind = "text"\nprompt = "Capital of France?"\nanswer = "Paris"\n'
        'accept = ["Paris, France", "Lutetia"]\n\n'
        '[[card]]\nid = "river"\nkind = "choice"\nprompt = "A river of Paris?"\n'
        'answer = ["Seine", "Bièvre, the buried one"]\n'
        'choices = ["Seine", "Bièvre, the buried one", "Loire"]\n'
    ))  # fmt: skip
    assert (
        run("export", str(deck), "--format", "apkg", "-o", str(tmp_path / "g.apkg")).exit_code == 0
    )
    result = run("import", str(tmp_path / "g.apkg"), "--deck", str(tmp_path / "back.toml"))
    assert result.exit_code == 0, result.output
    back, problems = check_deck_file(tmp_path / "back.toml")
    assert back is not None, problems
    assert back.cards[0].answers == ("Paris", "Paris, France", "Lutetia")
    assert back.cards[1].answers == ("Seine", "Bièvre, the buried one")


def test_accepted_answers_of_an_older_export_are_read_on_commas(tmp_path: Path) -> None:
    import genanki

    from quizdeck.interchange.anki import FIELDS, _models

    note = genanki.Note(
        model=_models()["typed"],
        fields=["Capital of France?", "Paris", "Lutetia, Lutèce", *[""] * (len(FIELDS) - 3)],
    )
    anki_deck = genanki.Deck(1234, "Geo")
    anki_deck.add_note(note)
    genanki.Package(anki_deck).write_to_file(str(tmp_path / "old.apkg"))
    result = run("import", str(tmp_path / "old.apkg"), "--deck", str(tmp_path / "back.toml"))
    assert result.exit_code == 0, result.output
    back, problems = check_deck_file(tmp_path / "back.toml")
    assert back is not None, problems
    assert back.cards[0].answers == ("Paris", "Lutetia", "Lutèce")


def test_a_date_goes_to_anki_as_a_student_types_it_and_comes_back_a_date(
    tmp_path: Path,
) -> None:
    from quizdeck.interchange.anki import note_fields

    deck_file = write_deck(tmp_path / "rev.toml", (
        '[[card]]\nid = "bastille"\nkind = "date"\nprompt = "When did the Bastille fall?"\n'
        'answer = "1789-07-14"\n\n'
        '[[card]]\nid = "varennes"\nkind = "date"\nprompt = "Flight to Varennes?"\n'
        'answer = "1791-06"\n'
    ))  # fmt: skip
    deck, problems = check_deck_file(deck_file)
    assert deck is not None, problems
    fields = note_fields(deck.cards[0])
    assert fields[1] == "14 July 1789"  # what Anki's type-in box compares with exactly
    assert "1789-07-14" in fields[2]
    assert note_fields(deck.cards[1])[1] == "June 1791"
    out = tmp_path / "rev.apkg"
    assert run("export", str(deck_file), "--format", "apkg", "-o", str(out)).exit_code == 0
    result = run("import", str(out), "--deck", str(tmp_path / "back.toml"))
    assert result.exit_code == 0, result.output
    back, problems = check_deck_file(tmp_path / "back.toml")
    assert back is not None, problems
    assert [(card.kind.value, card.answers) for card in back.cards] == [
        ("date", ("1789-07-14",)),
        ("date", ("1791-06",)),
    ]


@pytest.mark.parametrize("name", ["anki-fields-current.apkg", "anki-fields-legacy.apkg"])
def test_real_anki_decks_hints_and_html_lists_come_through(tmp_path: Path, name: str) -> None:
    """Made by Anki 26.09.3 (tests/anki/README.md): a deck file per Anki deck, subdecks included,
    a cloze hint kept, HTML lists and blocks as lines, a type-in back's extra as explanation."""
    folder = tmp_path / "decks"
    result = run("import", str(PACKAGES / name), "--deck-per-anki-deck", "--deck", str(folder))
    assert result.exit_code == 0, result.output
    got = {}
    for path in sorted(folder.glob("*.toml")):
        deck, problems = check_deck_file(path)
        assert deck is not None, problems
        got[path.name] = (
            deck.title,
            [(c.kind.value, c.answers[0], c.explanation) for c in deck.cards],
        )
    assert got == {
        "empire.toml": ("Empire", [("cloze", "Paris", "")]),
        "empire-battles.toml": (
            "Empire::Battles",
            [("flip", "• Austerlitz\n• Jena", ""), ("flip", "1. Ulm\n2. Austerlitz", "")],
        ),
        "revolution.toml": (
            "Revolution",
            [("flip", "14 July 1789\na Tuesday", ""), ("date", "1789-07-14", "a Tuesday")],
        ),
    }
    empire, _ = check_deck_file(folder / "empire.toml")
    assert empire is not None
    assert empire.cards[0].prompt == "{{Paris}} (hint: city) saw Napoleon crowned in {{year:1804}}."
