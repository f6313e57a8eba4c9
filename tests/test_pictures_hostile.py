"""Pictures from an attacker: an SVG that carries scripts, a file swapped between the check and
the key that opens it, a picture named like a program, Anki media named like a web page, and
one huge picture named by many decks."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO

import pytest

from quizdeck.decks.images import image_problem
from quizdeck.decks.reader import check_deck_file
from quizdeck.model import Card

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
SVG_HEAD = b'<svg xmlns="http://www.w3.org/2000/svg">'

DECK = """\
[deck]
id = "{deck_id}"
title = "Maps"

[[card]]
id = "lyon"
kind = "text"
prompt = "Which city is marked on the map?"
answer = "Lyon"
image = "{image}"
"""


def card_with(folder: Path, image: str, data: bytes | None, deck_id: str = "maps") -> Card:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{deck_id}.toml"
    path.write_text(DECK.format(image=image, deck_id=deck_id), encoding="utf-8")
    if data is not None:
        (folder / image).write_bytes(data)
    deck, problems = check_deck_file(path)
    assert deck is not None, problems
    return deck.cards[0]


@pytest.mark.parametrize(
    "body",
    [
        b"<script>alert(1)</script>",
        b'<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>',
        b'<rect onload="alert(1)"/>',
        b"<rect\nONCLICK = 'x()'/>",
        b'<a href="&#106;ava&#x09;script:alert(1)"><text>x</text></a>',
        b"<foreignObject><iframe src='http://x'/></foreignObject>",
        b'<!DOCTYPE svg [<!ENTITY a "aaaa">]>',
        b'<?xml-stylesheet type="text/xsl" href="evil.xsl"?>',
        b'<html:meta xmlns:html="http://www.w3.org/1999/xhtml" http-equiv="refresh"/>',
    ],
)
def test_an_svg_with_active_content_is_refused(tmp_path: Path, body: bytes) -> None:
    card = card_with(tmp_path, "map.svg", SVG_HEAD + b"\n" * 5000 + body + b"</svg>")
    problem = image_problem(card)
    assert problem is not None and "script" in problem


def test_a_plain_svg_is_fine(tmp_path: Path) -> None:
    svg = SVG_HEAD + b'<rect width="10" height="10" fill="red"/><text>Lyon</text></svg>'
    assert image_problem(card_with(tmp_path, "map.svg", svg)) is None


def opened_after(card: Card, monkeypatch: pytest.MonkeyPatch, change: object = None) -> list[Path]:
    from quizdeck.ui import picture

    opened: list[Path] = []
    monkeypatch.setattr(picture, "launch", opened.append)
    picture.show(card)
    if callable(change):
        change()
    picture.open_shown()
    picture.hide()
    return opened


def test_a_picture_swapped_after_its_check_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = card_with(tmp_path, "map.png", PNG)
    target = tmp_path / "map.png"
    opened = opened_after(card, monkeypatch, lambda: target.write_bytes(b"#!/bin/sh\nrm -rf ~\n"))
    assert opened == []


def test_a_picture_swapped_for_a_link_out_is_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(PNG)
    card = card_with(tmp_path / "deck", "map.png", PNG)
    target = tmp_path / "deck" / "map.png"

    def swap() -> None:
        target.unlink()
        target.symlink_to(outside)

    assert opened_after(card, monkeypatch, swap) == []


def test_the_viewer_gets_a_private_copy_named_for_its_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A picture named like a program or a web page opens as what its bytes are, and a change
    to the deck's file after the key cannot reach the viewer."""
    card = card_with(tmp_path, "run.desktop", PNG)
    opened = opened_after(card, monkeypatch)
    assert len(opened) == 1
    assert opened[0].suffix == ".png" and opened[0].parent != tmp_path
    assert opened[0].read_bytes() == PNG


def test_lint_reads_a_picture_many_decks_name_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizdeck.decks import images
    from quizdeck.lint import images as lint_images

    decks = []
    for number in range(30):
        card_with(tmp_path, "big.png", PNG, deck_id=f"d{number}")
        deck, _ = check_deck_file(tmp_path / f"d{number}.toml")
        assert deck is not None
        decks.append(deck)
    reads: list[Card] = []
    real = images.image_problem

    def counted(card: Card) -> str | None:
        reads.append(card)
        return real(card)

    monkeypatch.setattr(lint_images, "image_problem", counted)
    assert lint_images.image_problems(decks) == []
    assert len(reads) == 1


@pytest.mark.parametrize(
    ("name", "data", "written"),
    [
        ("evil.html", PNG, "evil.png"),
        ("map.svg.exe", PNG, "map.svg.png"),
        ("noext", PNG, "noext.png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\0" * 8, "photo.JPG"),
        ("CON.png", PNG, "CON-picture.png"),
        ("nul", PNG, "nul-picture.png"),
    ],
)
def test_anki_media_get_a_name_for_their_format(name: str, data: bytes, written: str) -> None:
    import io
    import json
    import zipfile

    from quizdeck.interchange.media import Found, take_picture

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("media", json.dumps({"0": name}))
        archive.writestr("0", data)
    found = Found()
    with zipfile.ZipFile(buffer) as archive:
        assert take_picture(archive, {name: "0"}, name, found) == written


class CountingArchive:
    """A package's zip that counts the members read."""

    def __init__(self, members: dict[str, bytes]) -> None:
        import io

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        self.zip = zipfile.ZipFile(buffer)
        self.reads = 0

    def namelist(self) -> list[str]:
        return self.zip.namelist()

    def getinfo(self, name: str) -> zipfile.ZipInfo:
        return self.zip.getinfo(name)

    def open(self, info: zipfile.ZipInfo) -> IO[bytes]:
        self.reads += 1
        return self.zip.open(info)


def test_a_refused_picture_many_notes_name_is_read_once() -> None:
    """A bomb (a member that inflates to 20 MiB, not an image) named by every note of a
    package, or many times in one note, is read once, with one warning."""
    from quizdeck.interchange.media import Found, take_picture

    archive = CountingArchive({"0": b"\0" * 2048})
    found = Found()
    for _ in range(500):
        assert take_picture(archive, {"bomb.png": "0"}, "bomb.png", found) == ""  # type: ignore[arg-type]
    assert archive.reads == 1
    assert len(found.warnings) == 1


def test_pictures_read_are_bounded_even_when_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from quizdeck.interchange import media
    from quizdeck.interchange.media import Found, take_picture

    monkeypatch.setattr(media, "MAX_PICTURES", 10)
    members = {str(number): b"\0" * 64 for number in range(100)}
    archive = CountingArchive(members)
    found = Found()
    table = {f"bad{number}.png": str(number) for number in range(100)}
    for name in table:
        take_picture(archive, table, name, found)  # type: ignore[arg-type]
    assert archive.reads == 10
    assert len(found.warnings) == 11  # ten refused, one for the limit


def test_anki_import_leaves_out_an_svg_with_a_script() -> None:
    from quizdeck.interchange.media import Found, take_picture

    archive = CountingArchive({"0": SVG_HEAD + b"<script>alert(1)</script></svg>"})
    found = Found()
    assert take_picture(archive, {"map.svg": "0"}, "map.svg", found) == ""  # type: ignore[arg-type]
    assert found.files == {} and "script" in found.warnings[0]


def test_a_large_svg_is_checked_once_a_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session shows a picture several times; a 10 MiB SVG is searched once, and again
    only when the file changes."""
    from quizdeck.decks import images

    checks: list[bytes] = []
    real = images.svg_active

    def counted(data: bytes) -> bool:
        checks.append(data)
        return real(data)

    monkeypatch.setattr(images, "svg_active", counted)
    card = card_with(tmp_path, "map.svg", SVG_HEAD + b"<rect/></svg>")
    for _ in range(5):
        assert image_problem(card) is None
    assert len(checks) == 1
    (tmp_path / "map.svg").write_bytes(SVG_HEAD + b"<script>x()</script></svg>")
    assert image_problem(card) is not None
    assert len(checks) == 2


def test_anki_export_reads_a_picture_many_cards_name_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizdeck.interchange import media

    cards = []
    for number in range(30):
        card_with(tmp_path, "big.png", PNG, deck_id=f"d{number}")
        deck, _ = check_deck_file(tmp_path / f"d{number}.toml")
        assert deck is not None
        cards.append(deck)
    from quizdeck.decks import images

    reads: list[Card] = []
    real = images.read_image

    def counted(card: Card) -> bytes:
        reads.append(card)
        return real(card)

    monkeypatch.setattr(media, "read_image", counted)
    pictures = media.deck_pictures(cards)
    assert len(reads) == 1
    assert set(pictures.names.values()) == {"big.png"} and len(pictures.names) == 30


def test_a_media_map_larger_than_any_anki_writes_is_not_read() -> None:
    """Anki's media map for 100,000 files is a few MB; a 20 MB one (millions of entries, a
    second and hundreds of MB to parse) is left unread: the notes come without pictures."""
    import io
    import json

    from quizdeck.interchange.media import media_map

    entries = {str(number): f"p{number}.png" for number in range(1_200_000)}
    raw = json.dumps(entries).encode()
    assert len(raw) > 20_000_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("media", raw)
    with zipfile.ZipFile(buffer) as archive:
        assert media_map(archive) == {}


def test_a_deeply_nested_media_map_brings_no_traceback(tmp_path: Path) -> None:
    """A package whose ``media`` is 100,000 ``[``: its notes come in, without pictures."""
    from click.testing import CliRunner

    from quizdeck.cli import main

    source = zipfile.ZipFile(Path(__file__).parent / "anki" / "anki-picture-legacy.apkg")
    package = tmp_path / "deep.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        for item in source.infolist():
            data = b"[" * 100_000 if item.filename == "media" else source.read(item)
            archive.writestr(item.filename, data)
    deck = tmp_path / "maps.toml"
    result = CliRunner().invoke(main, ["import", str(package), "--deck", str(deck)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    assert "Which city is marked?" in deck.read_text(encoding="utf-8")


def test_a_huge_media_name_gives_a_short_warning() -> None:
    from quizdeck.interchange.media import Found, take_picture

    name = "x" * 200_000 + ".png"
    archive = CountingArchive({"0": b"no picture"})
    found = Found()
    take_picture(archive, {name: "0"}, name, found)  # type: ignore[arg-type]
    assert len(found.warnings) == 1 and len(found.warnings[0]) < 300


def test_pressing_the_key_again_makes_no_new_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizdeck.ui import picture

    card = card_with(tmp_path, "map.png", PNG)
    opened: list[Path] = []
    monkeypatch.setattr(picture, "launch", opened.append)
    picture.show(card)
    for _ in range(20):
        picture.open_shown()
    picture.hide()
    assert len(set(opened)) == 1 and len(opened) == 20
    assert [path.name for path in opened[0].parent.iterdir()] == [opened[0].name]
