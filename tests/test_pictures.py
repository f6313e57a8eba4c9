"""Pictures on cards: the ``image`` key, its checks (validate, lint), the askers' picture line
and key, and pictures through Anki packages."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.decks.images import image_type
from quizdeck.decks.loading import check_deck_files
from quizdeck.decks.reader import check_deck_file
from quizdeck.model import Card, Kind, Mode
from quizdeck.session.asking import Question

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 32
GIF = b"GIF89a" + b"\0" * 32
WEBP = b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 32
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>\n'

DECK = """\
[deck]
id = "maps"
title = "Maps"

[[card]]
id = "lyon"
kind = "text"
prompt = "Which city is marked on the map?"
answer = "Lyon"
image = "{image}"
"""


def write_deck(folder: Path, image: str = "map.png", picture: bytes | None = PNG) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "maps.toml"
    path.write_text(DECK.format(image=image), encoding="utf-8")
    if picture is not None:
        (folder / image).parent.mkdir(parents=True, exist_ok=True)
        (folder / image).write_bytes(picture)
    return path


def test_a_card_names_its_picture(tmp_path: Path) -> None:
    deck, problems = check_deck_file(write_deck(tmp_path, "maps/lyon.png"))
    assert problems == [] and deck is not None
    assert deck.cards[0].image == "maps/lyon.png"


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("/etc/passwd", "not an absolute path"),
        ("../secret.png", "must stay inside the deck's folder"),
        ("maps/../../x.png", "must stay inside the deck's folder"),
        ("C:/x.png", "not an absolute path"),
        ("maps\\\\x.png", "with '/', not '\\'"),
        ("map\\u0007.png", "control characters"),
        ("", "'image' is empty"),
    ],
)
def test_a_picture_name_must_stay_in_the_decks_folder(
    tmp_path: Path, image: str, message: str
) -> None:
    deck, problems = check_deck_file(write_deck(tmp_path, image, picture=None))
    assert deck is None
    assert [(problem.line, problem.col) for problem in problems] == [(10, 1)]
    assert message in problems[0].message


def test_a_picture_name_must_be_a_string(tmp_path: Path) -> None:
    path = tmp_path / "maps.toml"
    path.write_text(DECK.replace('"{image}"', "3"), encoding="utf-8")
    deck, problems = check_deck_file(path)
    assert deck is None and "'image' must be a string" in problems[0].message


def test_the_cache_keeps_the_picture(tmp_path: Path) -> None:
    path = write_deck(tmp_path)
    check_deck_files([path], cached=True)
    decks, _ = check_deck_files([path], cached=True)
    assert decks[0].cards[0].image == "map.png"


def test_a_picture_changes_the_cards_content_hash() -> None:
    card = Card("d", "c", Kind.TEXT, "Q?", ("A",))
    assert Card("d", "c", Kind.TEXT, "Q?", ("A",), image="a.png").content_hash() != (
        card.content_hash()
    )
    assert card.content_hash() == Card("d", "c", Kind.TEXT, "Q?", ("A",)).content_hash()


@pytest.mark.parametrize(
    ("data", "kind"),
    [(PNG, "PNG"), (JPEG, "JPEG"), (GIF, "GIF"), (WEBP, "WebP"), (SVG, "SVG"),
     (b"\xef\xbb\xbf  <svg viewBox='0 0 1 1'/>", "SVG"), (b"hello", None), (b"RIFF1234WAVE", None),
     (b"<html><body>svg</body></html>", None), (b"", None)],
)  # fmt: skip
def test_an_image_is_known_by_its_first_bytes(data: bytes, kind: str | None) -> None:
    assert image_type(data) == kind


# --- quiz validate and quiz lint check the file -----------------------------------------------


def validate(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(path)])
    return result.exit_code, result.output


def test_validate_accepts_a_deck_with_its_picture(tmp_path: Path) -> None:
    code, output = validate(write_deck(tmp_path))
    assert code == 0, output


@pytest.mark.parametrize(
    ("picture", "message"),
    [
        (None, "picture 'map.png' not found in the deck's folder"),
        (b"just some text", "picture 'map.png' is not a PNG, JPEG, GIF, WebP or SVG image"),
    ],
)
def test_validate_reports_a_missing_or_wrong_picture_at_its_line(
    tmp_path: Path, picture: bytes | None, message: str
) -> None:
    code, output = validate(write_deck(tmp_path, picture=picture))
    assert code == 1
    assert f"maps.toml:10:1: {message}" in output


def test_validate_refuses_a_folder_a_fifo_and_a_link_out(tmp_path: Path) -> None:
    (tmp_path / "map.png").mkdir()
    assert "is a folder, not a file" in validate(write_deck(tmp_path, picture=None))[1]
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo"
        fifo.mkdir()
        os.mkfifo(fifo / "map.png")
        assert "is not a regular file" in validate(write_deck(fifo, picture=None))[1]
    outside = tmp_path / "outside.png"
    outside.write_bytes(PNG)
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "map.png").symlink_to(outside)
    assert "leads out of the deck's folder" in validate(write_deck(linked, picture=None))[1]


def test_validate_refuses_a_picture_too_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("quizdeck.decks.images.IMAGE_LIMIT", 16)
    assert "is larger than" in validate(write_deck(tmp_path))[1]


def test_lint_reports_a_missing_picture_as_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["lint", str(write_deck(tmp_path, picture=None))])
    assert result.exit_code == 1
    assert "maps.toml:10:1: error: picture 'map.png' not found" in result.output


# --- the askers ----------------------------------------------------------------------------


def question_of(tmp_path: Path, picture: bytes | None = PNG) -> Question:
    deck, _ = check_deck_file(write_deck(tmp_path, picture=picture))
    assert deck is not None
    return Question(deck.cards[0], 1, 1, Mode.PRACTICE)


def test_plain_mode_names_the_picture_file(tmp_path: Path) -> None:
    from quizdeck.ui.plain import PlainAsker

    lines: list[str] = []
    asker = PlainAsker(stdin=io.StringIO("Lyon\n"), echo=lines.append)
    assert asker.ask(question_of(tmp_path)) == "Lyon"
    shown = [line for line in lines if "Picture" in line]
    assert len(shown) == 1
    assert shown[0] == f"Picture: map.png ({tmp_path / 'map.png'})"


def test_plain_mode_says_when_the_picture_is_missing(tmp_path: Path) -> None:
    from quizdeck.ui.plain import PlainAsker

    lines: list[str] = []
    asker = PlainAsker(stdin=io.StringIO("Lyon\n"), echo=lines.append)
    asker.ask(question_of(tmp_path, picture=None))
    assert any("Picture: map.png (not found" in line for line in lines)


def test_the_terminal_opens_the_picture_on_its_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from quizdeck.ui import picture
    from quizdeck.ui.terminal import QuestionaryAsker

    opened: list[Path] = []
    monkeypatch.setattr(picture, "launch", opened.append)
    lines: list[str] = []
    question = question_of(tmp_path)
    with create_pipe_input() as keys, create_app_session(input=keys, output=DummyOutput()):
        keys.send_text("\x0fLyon\r")
        given = QuestionaryAsker(echo=lines.append, clock=lambda: 1e9).ask(question)
    assert given == "Lyon"
    assert [(path.suffix, path.read_bytes()) for path in opened] == [(".png", PNG)]
    assert any("Picture: map.png" in line and "Ctrl-O" in line for line in lines)
    assert picture.Shown.current is None  # the key opens nothing after the question


def test_the_terminal_does_not_open_a_picture_that_is_not_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from quizdeck.ui import picture
    from quizdeck.ui.terminal import QuestionaryAsker

    opened: list[Path] = []
    monkeypatch.setattr(picture, "launch", opened.append)
    lines: list[str] = []
    question = question_of(tmp_path, picture=b"#!/bin/sh\nrm -rf ~\n")
    with create_pipe_input() as keys, create_app_session(input=keys, output=DummyOutput()):
        keys.send_text("\x0fLyon\r")
        QuestionaryAsker(echo=lines.append, clock=lambda: 1e9).ask(question)
    assert opened == []
    assert any("not a PNG" in line for line in lines)


def test_no_picture_line_for_a_card_without_one(tmp_path: Path) -> None:
    from quizdeck.ui.plain import PlainAsker

    lines: list[str] = []
    card = Card("d", "c", Kind.TEXT, "Q?", ("A",))
    PlainAsker(stdin=io.StringIO("A\n"), echo=lines.append).ask(Question(card, 1, 1, Mode.PRACTICE))
    assert not any("Picture" in line for line in lines)


# --- Anki packages -------------------------------------------------------------------------


def export_apkg(tmp_path: Path, *decks: Path) -> tuple[zipfile.ZipFile, str]:
    out = tmp_path / "out.apkg"
    result = CliRunner().invoke(
        main, ["export", *map(str, decks), "--format", "apkg", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(out), result.output


def prompts_of(archive: zipfile.ZipFile, folder: Path) -> list[str]:
    (folder / "collection.anki2").write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(folder / "collection.anki2") as db:
        return [fields.split("\x1f")[0] for (fields,) in db.execute("SELECT flds FROM notes")]


def test_anki_export_carries_the_picture(tmp_path: Path) -> None:
    archive, _ = export_apkg(tmp_path, write_deck(tmp_path / "maps", "maps/lyon.png"))
    assert json.loads(archive.read("media")) == {"0": "maps-lyon.png"}
    assert archive.read("0") == PNG
    assert prompts_of(archive, tmp_path) == [
        'Which city is marked on the map?<br><img src="maps-lyon.png">'
    ]


def test_anki_export_names_two_different_pictures_apart(tmp_path: Path) -> None:
    first = write_deck(tmp_path / "one")
    second = write_deck(tmp_path / "two", picture=GIF)
    second.write_text(second.read_text().replace('"maps"', '"other"', 1), encoding="utf-8")
    archive, _ = export_apkg(tmp_path, first, second)
    assert sorted(json.loads(archive.read("media")).values()) == ["map.png", "other-map.png"]


def test_anki_export_leaves_out_a_missing_picture_with_a_warning(tmp_path: Path) -> None:
    archive, output = export_apkg(tmp_path, write_deck(tmp_path, picture=None))
    assert "warning: " in output and "picture 'map.png' not found" in output
    assert json.loads(archive.read("media")) == {}
    assert "<img" not in prompts_of(archive, tmp_path)[0]


FIXTURES = Path(__file__).parent / "anki"


@pytest.mark.parametrize("package", ["anki-picture-current.apkg", "anki-picture-legacy.apkg"])
def test_anki_import_brings_pictures_beside_the_new_deck(tmp_path: Path, package: str) -> None:
    deck_file = tmp_path / "maps.toml"
    result = CliRunner().invoke(main, ["import", str(FIXTURES / package), "--deck", str(deck_file)])
    assert result.exit_code == 0, result.output
    assert "not imported" not in result.output
    deck, problems = check_deck_file(deck_file)
    assert problems == [] and deck is not None
    images = {card.prompt: card.image for card in deck.cards}
    assert images["Which city is marked?"] == "lyon_map.png"
    assert images["Capital of France?"] == "paris.png"
    assert images["A note without a picture"] == ""
    assert image_type((tmp_path / "lyon_map.png").read_bytes()) == "PNG"
    assert validate(deck_file)[0] == 0


def test_anki_import_never_overwrites_a_file(tmp_path: Path) -> None:
    (tmp_path / "paris.png").write_bytes(GIF)
    deck_file = tmp_path / "maps.toml"
    package = FIXTURES / "anki-picture-legacy.apkg"
    result = CliRunner().invoke(main, ["import", str(package), "--deck", str(deck_file)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "paris.png").read_bytes() == GIF
    deck, _ = check_deck_file(deck_file)
    assert deck is not None
    assert {card.image for card in deck.cards} == {"lyon_map.png", "paris-2.png", ""}


def test_quiz_pictures_go_to_anki_and_back(tmp_path: Path) -> None:
    archive, _ = export_apkg(tmp_path, write_deck(tmp_path / "maps"))
    archive.close()
    back = tmp_path / "back"
    back.mkdir()
    result = CliRunner().invoke(
        main, ["import", str(tmp_path / "out.apkg"), "--deck", str(back / "maps.toml")]
    )
    assert result.exit_code == 0, result.output
    deck, _ = check_deck_file(back / "maps.toml")
    assert deck is not None
    assert [(card.prompt, card.image) for card in deck.cards] == [
        ("Which city is marked on the map?", "map.png")
    ]
    assert (back / "map.png").read_bytes() == PNG


@pytest.mark.parametrize("name", ["../../evil.png", "/etc/x.png", "a\\b.png", ".hidden.png"])
def test_safe_names_stay_in_the_folder(name: str) -> None:
    from quizdeck.interchange.media import safe_name

    safe = safe_name(name)
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert safe.endswith(".png")


def test_a_hostile_package_brings_no_stray_file(tmp_path: Path) -> None:
    """Names that try to leave the folder, a member that is no image, a media map that is no
    JSON: the cards still come in, only real pictures come with them, under safe names."""
    source = zipfile.ZipFile(FIXTURES / "anki-picture-legacy.apkg")
    package = tmp_path / "hostile.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        for item in source.infolist():
            if item.filename == "media":
                archive.writestr("media", json.dumps({"0": "../../paris.png", "1": "lyon map.png"}))
            elif item.filename == "1":
                archive.writestr("1", b"#!/bin/sh\necho no picture\n")
            else:
                archive.writestr(item, source.read(item))
    folder = tmp_path / "deck"
    folder.mkdir()
    result = CliRunner().invoke(main, ["import", str(package), "--deck", str(folder / "m.toml")])
    assert result.exit_code == 0, result.output
    assert "'lyon map.png' is not a PNG" in result.output
    assert [path.name for path in folder.iterdir() if not path.name.startswith(".")] == ["m.toml"]
    assert not (tmp_path / "paris.png").exists()
