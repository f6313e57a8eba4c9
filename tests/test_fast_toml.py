"""The compiled TOML parser is only a shortcut: whatever it accepts, tomllib accepts with the same
values, and a file it rejects is judged (and explained) by tomllib."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizdeck.deck import bundled_decks_dir, check_deck_file
from quizdeck.deck_reader import fast_toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

pytest.importorskip("rtoml")

VALID = (bundled_decks_dir() / "people.toml").read_text(encoding="utf-8")[:3000]


def test_bundled_decks_read_the_same_with_either_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import quizdeck.deck_reader as reader

    for path in sorted(bundled_decks_dir().glob("*.toml")):
        fast, problems = check_deck_file(path)
        monkeypatch.setattr(reader, "fast_toml", lambda text: None)
        slow, more = check_deck_file(path)
        monkeypatch.undo()
        assert fast == slow and problems == more == []
        assert fast is not None and [c.line for c in fast.cards] == [c.line for c in slow.cards]


def test_a_syntax_error_is_still_placed_by_tomllib(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[deck]\nid = "d"\ntitle = "D"\n\n[[card]]\nid = "c\n', encoding="utf-8")
    _, problems = check_deck_file(path)
    assert [(p.line, p.message.startswith("TOML syntax error")) for p in problems] == [(6, True)]


@settings(max_examples=300, deadline=None)
@given(
    cut=st.integers(0, len(VALID)),
    insert=st.text(alphabet=st.sampled_from(list("[]{}=\"'#\n .,:1a-\\\t")), max_size=6),
    drop=st.integers(0, 4),
)
def test_whatever_the_fast_parser_accepts_tomllib_reads_the_same(
    cut: int, insert: str, drop: int
) -> None:
    text = VALID[:cut] + insert + VALID[cut + drop :]
    fast = fast_toml(text)
    if fast is None:
        return
    assert tomllib.loads(text) == fast
