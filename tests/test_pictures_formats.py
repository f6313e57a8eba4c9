"""Pictures through quiz's other formats: JSON and CSV carry a card's ``image`` and bring it
back (with the file, when it lies beside the exported file); Quizlet's has no place for one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32

DECK = """\
[deck]
id = "maps"
title = "Maps"

[[card]]
id = "lyon"
kind = "text"
prompt = "Which city is marked on the map?"
answer = "Lyon"
image = "maps/lyon.png"

[[card]]
id = "paris"
kind = "text"
prompt = "Capital of France?"
answer = "Paris"
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def deck_with_picture(folder: Path) -> Path:
    (folder / "maps").mkdir(parents=True)
    (folder / "maps" / "lyon.png").write_bytes(PNG)
    path = folder / "maps.toml"
    path.write_text(DECK, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_picture_goes_out_and_comes_back(tmp_path: Path, fmt: str) -> None:
    deck = deck_with_picture(tmp_path / "teacher")
    exported = tmp_path / "teacher" / f"cards.{fmt}"
    result = run("export", str(deck), "--format", fmt, "-o", str(exported))
    assert result.exit_code == 0, result.output
    assert "maps/lyon.png" in exported.read_text(encoding="utf-8")
    target = tmp_path / "class" / "maps.toml"
    target.parent.mkdir()
    result = run("import", str(exported), "--deck", str(target))
    assert result.exit_code == 0, result.output
    imported, problems = check_deck_file(target)
    assert problems == [] and imported is not None
    assert [card.image for card in imported.cards] == ["maps/lyon.png", ""]
    assert (target.parent / "maps" / "lyon.png").read_bytes() == PNG


def test_json_names_the_picture_only_of_a_card_that_has_one(tmp_path: Path) -> None:
    deck = deck_with_picture(tmp_path)
    cards = json.loads(run("export", str(deck), "--format", "json").output)
    assert cards[0]["image"] == "maps/lyon.png" and "image" not in cards[1]


def test_importing_beside_the_deck_makes_no_copy(tmp_path: Path) -> None:
    deck = deck_with_picture(tmp_path)
    exported = tmp_path / "cards.csv"
    assert run("export", str(deck), "--format", "csv", "-o", str(exported)).exit_code == 0
    result = run("import", str(exported), "--deck", str(tmp_path / "again.toml"))
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (tmp_path / "maps").iterdir()) == ["lyon.png"]


def test_a_picture_not_beside_the_file_is_named_in_a_warning(tmp_path: Path) -> None:
    cards = tmp_path / "cards.csv"
    cards.write_text("prompt,answer,image\nWhich city?,Lyon,lyon.png\n", encoding="utf-8")
    result = run("import", str(cards), "--deck", str(tmp_path / "maps.toml"))
    assert result.exit_code == 0, result.output
    assert "cards.csv:2: picture 'lyon.png' is not beside cards.csv" in result.output
    imported, _ = check_deck_file(tmp_path / "maps.toml")
    assert imported is not None and imported.cards[0].image == "lyon.png"


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("/etc/passwd", "not an absolute path"),
        ("../secret.png", "stay inside the deck's folder"),
        ("C:/x.png", "not an absolute path"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_picture_path_out_of_the_folder_is_refused(
    tmp_path: Path, fmt: str, image: str, message: str
) -> None:
    cards = tmp_path / f"cards.{fmt}"
    if fmt == "json":
        item = {"kind": "text", "prompt": "Which city?", "answers": ["Lyon"], "image": image}
        cards.write_text(json.dumps([item]), encoding="utf-8")
    else:
        cards.write_text(f"prompt,answer,image\nWhich city?,Lyon,{image}\n", encoding="utf-8")
    result = run("import", str(cards), "--deck", str(tmp_path / "maps.toml"))
    assert result.exit_code == 1
    row = 1 if fmt == "json" else 2
    assert f"cards.{fmt}:{row}: " in result.output and message in result.output
    assert not (tmp_path / "maps.toml").exists()


def test_quizlet_says_in_one_line_that_pictures_stay_behind(tmp_path: Path) -> None:
    deck = deck_with_picture(tmp_path)
    out = tmp_path / "cards.txt"
    result = CliRunner().invoke(main, ["export", str(deck), "--format", "quizlet", "-o", str(out)])
    assert result.exit_code == 0
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "Quizlet" in warnings[0] and "1 card" in warnings[0]
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    plain = tmp_path / "plain.toml"
    plain.write_text(DECK.replace('image = "maps/lyon.png"\n', ""), encoding="utf-8")
    quiet = run("export", str(plain), "--format", "quizlet", "-o", str(tmp_path / "p.txt"))
    assert "warning" not in quiet.output


def test_a_picture_is_never_written_through_a_link_out_of_the_folder(tmp_path: Path) -> None:
    deck = deck_with_picture(tmp_path / "teacher")
    exported = tmp_path / "teacher" / "cards.csv"
    assert run("export", str(deck), "--format", "csv", "-o", str(exported)).exit_code == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "maps").symlink_to(outside)
    result = run("import", str(exported), "--deck", str(tmp_path / "class" / "maps.toml"))
    assert result.exit_code == 1
    assert "leads out of the folder" in result.output and "Traceback" not in result.output
    assert list(outside.iterdir()) == []
