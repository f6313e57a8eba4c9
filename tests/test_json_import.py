"""quiz import reads quiz's own JSON export back: every card the same, answer and accept apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from quizdeck.cli import main
from quizdeck.decks.loading import bundled_decks_dir
from quizdeck.decks.reader import check_deck_file
from quizdeck.interchange.json_cards import card_draft
from test_kinds import EXAMPLES


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def same_cards(first: Path, second: Path) -> None:
    one, problems = check_deck_file(first)
    two, more = check_deck_file(second)
    assert one is not None and two is not None, (problems, more)
    assert len(one.cards) == len(two.cards)
    for a, b in zip(one.cards, two.cards, strict=True):
        fields = ("id", "fact", "kind", "prompt", "answers", "choices", "explanation", "source",
                  "paragraphs", "tags", "blanks", "pairs", "auto_distractors", "any_order",
                  "correction")  # fmt: skip
        assert {f: getattr(a, f) for f in fields} == {f: getattr(b, f) for f in fields}


@pytest.mark.parametrize("name", sorted(path.name for path in bundled_decks_dir().glob("*.toml")))
def test_a_bundled_deck_comes_back_from_json_unchanged(tmp_path: Path, name: str) -> None:
    source = bundled_decks_dir() / name
    exported = run("export", str(source), "--format", "json", "-o", str(tmp_path / "cards.json"))
    assert exported.exit_code == 0, exported.output
    imported = run("import", str(tmp_path / "cards.json"), "--deck", str(tmp_path / "back.toml"))
    assert imported.exit_code == 0, imported.output
    same_cards(source, tmp_path / "back.toml")


def test_every_kind_comes_back_from_json(tmp_path: Path) -> None:
    body = '[deck]\nid = "walk"\ntitle = "Walk"\n'
    for number, (kind, lines) in enumerate(EXAMPLES.items()):
        body += f'\n[[card]]\nid = "c{number}"\nkind = "{kind}"\n{lines}\n'
    source = tmp_path / "walk.toml"
    source.write_text(body, encoding="utf-8")
    assert (
        run("export", str(source), "--format", "json", "-o", str(tmp_path / "c.json")).exit_code
        == 0
    )
    result = run("import", str(tmp_path / "c.json"), "--deck", str(tmp_path / "back.toml"))
    assert result.exit_code == 0, result.output
    same_cards(source, tmp_path / "back.toml")


def test_bad_cards_in_a_json_file_are_named_by_number(tmp_path: Path) -> None:
    cards = [
        {"kind": "text", "prompt": "Capital of Peru?", "answers": ["Lima"]},
        {"kind": "riddle", "prompt": "What?", "answers": ["x"]},
        {"kind": "text", "prompt": "", "answers": ["x"]},
        "not a card",
        {"kind": "order", "prompt": "Order", "answers": []},
        {"kind": "text", "prompt": "Q?", "answers": ["a"], "explanation": 3},
    ]
    path = tmp_path / "cards.json"
    path.write_text(json.dumps(cards), encoding="utf-8")
    result = run("import", str(path), "--deck", str(tmp_path / "d.toml"))
    assert result.exit_code == 1
    for number, message in [(2, "unknown kind 'riddle'"), (3, "the prompt is missing"),
                            (4, "a card must be a JSON object"), (5, "the answer is missing"),
                            (6, "'explanation' must be a string")]:  # fmt: skip
        assert f"cards.json:{number}: {message}" in result.output
    assert "Added 1 card(s)" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [("{", "not JSON quiz can read"), ('{"cards": []}', "is a list of cards"), ("\xff", "")],
)
def test_a_file_that_is_not_a_json_list_is_one_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "cards.json"
    path.write_bytes(text.encode("latin-1"))
    result = run("import", str(path), "--deck", str(tmp_path / "d.toml"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert message in result.output
    assert not (tmp_path / "d.toml").exists()


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=6)
    ),
    max_leaves=20,
)
_cards = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.sampled_from(["text", "choice", "truefalse", "order", "cloze", "match", "x"]),
        "prompt": st.text(max_size=20) | _json,
        "answers": st.lists(st.text(max_size=10), max_size=3) | _json,
        "pairs": st.lists(st.lists(st.text(max_size=5), max_size=3), max_size=3) | _json,
        "choices": _json,
        "tags": _json,
        "source": _json,
        "id": _json,
    },
)


@settings(max_examples=200)
@given(item=_cards | _json)
def test_any_json_card_is_a_draft_or_a_reason(item: object) -> None:
    draft, message = card_draft(item)
    assert (draft is None) == bool(message)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04rest", "a zip file (an Anki package?), not CSV"),
        (b' [{"a": 1}]', "JSON, not CSV"),
    ],
)
def test_a_csv_that_is_another_format_says_what_to_do(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "cards.csv"
    path.write_bytes(content)
    result = run("import", str(path), "--deck", str(tmp_path / "d.toml"))
    assert result.exit_code == 1 and message in result.output
