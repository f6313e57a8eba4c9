"""The compiled TOML parser is only a shortcut: whatever it accepts, tomllib accepts with the same
values, and a file it rejects is judged (and explained) by tomllib."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest
import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from quizdeck.decks.loading import bundled_decks_dir
from quizdeck.decks.reader import check_deck_file, fast_toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

pytest.importorskip("rtoml")

VALID = (bundled_decks_dir() / "people.toml").read_text(encoding="utf-8")[:3000]


def test_bundled_decks_read_the_same_with_either_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    import quizdeck.decks.reader as reader

    for path in sorted(bundled_decks_dir().glob("*.toml")):
        fast, problems = check_deck_file(path)
        monkeypatch.setattr(reader, "fast_toml", lambda text: None)
        slow, more = check_deck_file(path)
        monkeypatch.undo()
        assert fast == slow and problems == more == []
        assert fast is not None and slow is not None
        assert [c.line for c in fast.cards] == [c.line for c in slow.cards]


def test_a_syntax_error_is_still_placed_by_tomllib(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[deck]\nid = "d"\ntitle = "D"\n\n[[card]]\nid = "c\n', encoding="utf-8")
    _, problems = check_deck_file(path)
    assert [(p.line, p.message.startswith("TOML syntax error")) for p in problems] == [(6, True)]


@settings(max_examples=300, deadline=None)
@given(
    cut=st.integers(0, len(VALID)),
    insert=st.text(
        alphabet=st.sampled_from(list("[]{}=\"'#\n\r .,:1a-\\\tex0T\ufeff")), max_size=6
    ),
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


def _read_both_ways(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[tuple[object, list[object]], tuple[object, list[object]]]:
    """``check_deck_file`` on ``path`` as it is, then with tomllib alone."""
    import quizdeck.decks.reader as reader

    fast = check_deck_file(path)
    monkeypatch.setattr(reader, "fast_toml", lambda text: None)
    slow = check_deck_file(path)
    monkeypatch.undo()
    return (fast[0], list(fast[1])), (slow[0], list(slow[1]))


DECK_HEAD = '[deck]\nid = "d"\ntitle = "D"\n\n[[card]]\nid = "c"\nkind = "text"\n'

#: Texts that rtoml (TOML 1.1) reads and tomllib (TOML 1.0) refuses or reads otherwise.
BEYOND_TOML_1_0 = {
    "escape e": DECK_HEAD + 'prompt = "Q \\e"\nanswer = "A"\n',
    "escape x": DECK_HEAD + 'prompt = "Q \\x41"\nanswer = "A"\n',
    "time without seconds": DECK_HEAD + 'prompt = "Q"\nanswer = "A"\nat = 07:32\n',
    "date-time without seconds": DECK_HEAD + 'prompt = "Q"\nanswer = "A"\nat = 1979-05-27T07:32Z\n',
    "inline table over lines": DECK_HEAD
    + 'prompt = "Q"\nanswer = "A"\nx = {a = {b = 1},\n c = 2}\n',
    "inline table trailing comma": DECK_HEAD + 'prompt = "Q"\nanswer = "A"\nx = {a = 1,}\n',
}


@pytest.mark.parametrize("text", list(BEYOND_TOML_1_0.values()), ids=list(BEYOND_TOML_1_0))
def test_toml_1_1_is_judged_by_tomllib(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fast_toml(text) is None
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8")
    fast, slow = _read_both_ways(path, monkeypatch)
    assert fast == slow and fast[1]


def test_a_byte_order_mark_is_left_to_tomllib_and_read_past(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "\ufeff" + DECK_HEAD + 'prompt = "Q"\nanswer = "A"\n'
    assert fast_toml(text) is None
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8")
    fast, slow = _read_both_ways(path, monkeypatch)
    assert fast == slow and fast[1] == [] and fast[0] is not None


def test_an_offset_date_time_gets_tomllibs_timezone() -> None:
    text = 'a = "x"\nwhen = 1979-05-27T07:32:00-08:00\n'
    assert fast_toml(text) is None  # rtoml would give its own tzinfo class


def test_crlf_line_ends_give_the_same_cards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = DECK_HEAD + 'prompt = """Two\nlines"""\nanswer = \'\'\'A\nB\'\'\'\nexplanation = "E"\n'
    path = tmp_path / "deck.toml"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    fast, slow = _read_both_ways(path, monkeypatch)
    assert fast == slow and fast[1] == [] and fast[0] is not None


def test_generated_bench_decks_read_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = Path(__file__).resolve().parents[1] / "bench" / "decks.py"
    spec = importlib.util.spec_from_file_location("bench_decks", bench)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for number, text in enumerate(
        (module.deck_text(300), module.deck_text(50, module.minimal_card_toml))
    ):
        assert fast_toml(text) == tomllib.loads(text)
        path = tmp_path / f"bench-{number}.toml"
        path.write_text(text, encoding="utf-8")
        fast, slow = _read_both_ways(path, monkeypatch)
        assert fast == slow and fast[1] == []


SCALARS = (
    st.text(max_size=12)
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.dates()
    | st.datetimes()
    | st.datetimes(timezones=st.just(dt.timezone.utc))
    | st.times()
)
KEYS = st.text(alphabet=st.sampled_from(list("abz_-09 .é\"'")), min_size=1, max_size=6)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(document=st.dictionaries(KEYS, VALUES, max_size=5), crlf=st.booleans())
def test_generated_toml_reads_the_same_with_either_parser(
    document: dict[str, object], crlf: bool
) -> None:
    text = tomlkit.dumps(document)
    if crlf:
        text = text.replace("\n", "\r\n")
    fast = fast_toml(text)
    if fast is not None:
        assert repr(fast) == repr(tomllib.loads(text))
