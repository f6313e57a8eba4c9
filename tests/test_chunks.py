"""A big deck file read a chunk of cards at a time gives exactly what reading it whole gives:
the same deck, cards, lines and problems, whatever its strings and tables hold; and the cards
go to the deck cache as they are read."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quizdeck.decks.chunks as chunks
from quizdeck.decks.cache import cache_file, open_cache
from quizdeck.decks.chunks import card_chunks, fast_toml
from quizdeck.decks.format import Deck, Problem
from quizdeck.decks.loading import check_deck_files
from quizdeck.decks.reader import check_deck_file
from quizdeck.model import Card

pytest.importorskip("rtoml")

HEAD = '[deck]\nid = "big"\ntitle = "Big"\ntags = ["t"]\n\n'


def card(number: int, prompt: str = "", extra: str = "") -> str:
    prompt = prompt or f'"Question {number}?"'
    return (
        f'[[card]]\nid = "c{number}"\nkind = "text"\nprompt = {prompt}\n'
        f'answer = "A{number}"\n{extra}\n'
    )


def deck(count: int, head: str = HEAD, **special: str) -> str:
    """``count`` cards after ``head``; ``special`` replaces card ``cN`` by its text."""
    return head + "".join(special.get(f"c{n}", card(n)) for n in range(count))


Result = tuple[Deck | None, list[Problem]]


@contextmanager
def chunk_size(size: int) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks, "CHUNK_CARDS", size)
        yield


def both_ways(text: str | bytes, folder: Path) -> tuple[Result, Result]:
    """``text`` read in chunks of two cards, then whole."""
    path = folder / "big.toml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    with chunk_size(2):
        chunked = check_deck_file(path)
    with chunk_size(10**9):
        whole = check_deck_file(path)
    return chunked, whole


def assert_same(chunked: Result, whole: Result) -> None:
    assert chunked[1] == whole[1]
    assert chunked[0] == whole[0]
    if chunked[0] is not None and whole[0] is not None:
        lines = [(c.id, c.line, c.tags, c.study) for c in whole[0].cards]
        assert [(c.id, c.line, c.tags, c.study) for c in chunked[0].cards] == lines


def chunked_parses(text: str) -> list[str] | None:
    """The texts parsed to read ``text`` in chunks of two cards (None: read whole)."""
    seen: list[str] = []

    def parse(piece: str) -> dict[str, Any] | None:
        seen.append(piece)
        return fast_toml(piece)

    with chunk_size(2):
        found = card_chunks(text, parse)
        if found is None:
            return None
        try:
            for _ in found.card_tables():
                pass
        except chunks.ChunkRefused:
            return None
    return seen


def test_a_big_file_is_parsed_a_chunk_at_a_time(tmp_path: Path) -> None:
    text = deck(9)
    parsed = chunked_parses(text)
    assert parsed is not None and len(parsed) == 1 + 5  # the head, then 2+2+2+2+1 cards
    assert max(piece.count("[[card]]") for piece in parsed) == 2
    assert_same(*both_ways(text, tmp_path))
    with chunk_size(2):
        read, problems = check_deck_file(tmp_path / "big.toml")
    assert problems == [] and read is not None and len(read.cards) == 9


def test_a_small_file_is_parsed_whole() -> None:
    assert chunked_parses(deck(2)) is None


@pytest.mark.parametrize(
    "prompt",
    ['"""\n[[card]]\nid = "c1"\n"""', "'''\n[[card]]\n'''", '"""x\\\n[[card]]\n"""'],
    ids=["basic", "literal", "line-ending backslash"],
)
def test_a_card_header_inside_a_multi_line_string_stays_in_it(prompt: str, tmp_path: Path) -> None:
    text = deck(7, c1=card(1, prompt))
    assert chunked_parses(text) is None  # a chunk ends inside the string: read whole
    chunked, whole = both_ways(text, tmp_path)
    assert_same(chunked, whole)
    assert chunked[0] is not None and "[[card]]" in chunked[0].cards[1].prompt
    text = deck(7, c2=card(2, prompt))
    assert chunked_parses(text) is not None  # the string is inside a chunk
    assert_same(*both_ways(text, tmp_path))


@pytest.mark.parametrize(
    "text",
    [
        deck(6, head="") + HEAD,  # [deck] after the cards
        deck(6, c3=card(3) + '[[entity]]\nnames = ["Rome", "Roma"]\n\n'),  # an entity between cards
        deck(6, c4=card(4) + "[deck.study]\nnew_per_day = 5\n\n"),
        deck(6, c4=card(4) + "[card.sub]\nx = 1\n\n"),  # a table inside a card
        deck(6, c5=card(5) + "[[card.sub]]\nx = 1\n\n"),
        deck(6, c5=card(5) + "[card]\nx = 1\n\n"),
        deck(6, head=HEAD + "[card.x]\ny = 1\n"),
        deck(6, head=HEAD + 'card = "no"\n'),
        deck(6, head=HEAD + "[other]\n"),
        deck(6, head="[[card]]\n" + HEAD.replace("[deck]", "[deck]")),
        deck(6, c3=' [[card]]\nid = "c3"\nkind = "text"\nprompt = "Q"\nanswer = "A"\n'),
        deck(6, c3='[[ card ]]\nid = "c3"\nkind = "text"\nprompt = "Q"\nanswer = "A"\n'),
        deck(6, c3="[[card]] # three\n" + card(3).split("\n", 1)[1]),
        deck(6, c2="# [[card]]\n" + card(2), c3="x = 1 # [[card]]\n" + card(3)),
    ],
    ids=[
        "deck last",
        "entity",
        "study",
        "sub-table",
        "sub-array",
        "card table",
        "card in head",
        "card key in head",
        "unknown table",
        "card before deck",
        "indented header",
        "spaced header",
        "header comment",
        "header in a comment",
    ],
)
def test_tables_anywhere_read_as_the_whole_file_reads_them(text: str, tmp_path: Path) -> None:
    assert_same(*both_ways(text, tmp_path))


def test_duplicate_ids_across_chunks_are_found_at_their_line(tmp_path: Path) -> None:
    text = deck(8, c7=card(7).replace('"c7"', '"c1"'))
    chunked, whole = both_ways(text, tmp_path)
    assert_same(chunked, whole)
    assert [problem.message for problem in chunked[1]] == [
        "duplicate card id 'c1' (first used on line 12)"
    ]
    assert chunked[1][0].line == text.splitlines().index('id = "c1"', 20) + 1


def test_duplicate_keys_and_tables_are_syntax_errors_as_in_the_whole_file(tmp_path: Path) -> None:
    for text in (
        deck(6, c4=card(4, extra='answer = "again"')),
        deck(6, c4=card(4) + HEAD),  # [deck] twice
        deck(6, c5=card(5).replace("prompt", "prompt = 1\nprompt")),
        deck(6, c5=card(5, '"unclosed')),
    ):
        chunked, whole = both_ways(text, tmp_path)
        assert_same(chunked, whole)
        assert chunked[1] and chunked[1][0].message.startswith("TOML syntax error")


def test_card_problems_in_every_chunk_are_all_reported(tmp_path: Path) -> None:
    text = deck(7, c1=card(1, "3"), c4=card(4, extra="colour = 1"), c6=card(6, '""'))
    chunked, whole = both_ways(text, tmp_path)
    assert_same(chunked, whole)
    assert len(chunked[1]) == 3 and chunked[0] is None


def test_crlf_and_a_byte_order_mark_read_as_the_whole_file(tmp_path: Path) -> None:
    text = deck(7, c3=card(3, '"""two\nlines"""'))
    crlf = text.replace("\n", "\r\n").encode("utf-8")
    for raw in (crlf, b"\xef\xbb\xbf" + crlf, b"\xef\xbb\xbf" + text.encode("utf-8")):
        chunked, whole = both_ways(raw, tmp_path)
        assert_same(chunked, whole)
        assert chunked[0] is not None and chunked[0].cards[3].prompt == "two\nlines"


def test_toml_1_1_goes_to_tomllib_in_any_chunk(tmp_path: Path) -> None:
    text = deck(7, c5=card(5, '"Q \\e"'))
    chunked, whole = both_ways(text, tmp_path)
    assert_same(chunked, whole)
    assert chunked[1] and "TOML syntax error" in chunked[1][0].message


NASTY = st.sampled_from(
    [
        '"',
        "'",
        '"""',
        "'''",
        "[[card]]",
        "\n[[card]]\n",
        "[deck]",
        "\n[deck]\n",
        "\\",
        "#",
        "\n",
        "\r\n",
        "=",
        "[",
        "]",
        "{",
        "}",
        "x",
        " ",
        "\t",
        "é",
        ",",
        'id = "c1"\n',
        "\n[[entity]]\n",
        "\n[card.x]\n",
        "\\\n",
    ]
)
VALUE = st.one_of(
    st.builds(lambda parts: '"""' + "".join(parts) + '"""', st.lists(NASTY, max_size=6)),
    st.builds(lambda parts: "'''" + "".join(parts) + "'''", st.lists(NASTY, max_size=6)),
    st.builds(lambda parts: '"' + "".join(parts) + '"', st.lists(NASTY, max_size=3)),
    st.builds(lambda parts: "'" + "".join(parts) + "'", st.lists(NASTY, max_size=3)),
    st.just('"plain"'),
)


#: What may come between two cards.
BETWEEN = ["", "", "# note\n", "#[[card]]\n", "\n", HEAD, "[[entity]]\n"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prompts=st.lists(VALUE, min_size=3, max_size=9),
    between=st.lists(
        st.sampled_from(["", "", "# note\n", "#[[card]]\n", "\n", HEAD, "[[entity]]\n"]),
        min_size=9,
        max_size=9,
    ),
    same_id=st.booleans(),
    crlf=st.booleans(),
)
def test_generated_decks_read_the_same_in_chunks_and_whole(
    prompts: list[str], between: list[str], same_id: bool, crlf: bool
) -> None:
    text = HEAD + "".join(
        card(1 if same_id and number == 2 else number, prompt) + between[number]
        for number, prompt in enumerate(prompts)
    )
    if crlf:
        text = text.replace("\n", "\r\n")
    with tempfile.TemporaryDirectory() as folder:
        assert_same(*both_ways(text.encode("utf-8"), Path(folder)))


# --- streamed to the deck cache ------------------------------------------------------------


def cached_read(path: Path) -> tuple[list[Deck], list[Problem]]:
    with chunk_size(2):
        return check_deck_files([path], cached=True)


def stored_keys() -> list[str]:
    with sqlite3.connect(cache_file()) as db:
        return [key for (key,) in db.execute("SELECT DISTINCT key FROM cards")]


def test_a_big_deck_goes_to_the_cache_and_comes_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(deck(9, head=HEAD + "[deck.study]\nnew_per_day = 3\n\n"), encoding="utf-8")
    fresh, _ = check_deck_file(path)
    decks, problems = cached_read(path)
    assert problems == [] and fresh is not None
    assert decks == [fresh]
    assert [(c.line, c.study) for c in decks[0].cards] == [(c.line, c.study) for c in fresh.cards]
    with open_cache() as cache:
        again = cache.get(path)
    assert again == fresh and len(stored_keys()) == 1


def test_a_problem_in_a_later_chunk_leaves_nothing_in_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(deck(9, c8=card(8, "8")), encoding="utf-8")
    decks, problems = cached_read(path)
    line = path.read_text().splitlines().index("prompt = 8") + 1
    assert decks == [] and [(p.line, p.message) for p in problems] == [
        (line, "'prompt' must be a string, not an integer")
    ]
    assert stored_keys() == []
    with open_cache() as cache:
        assert cache.get(path) is None


class Recorder:
    """A sink that records what it is given."""

    def __init__(self) -> None:
        self.taken: list[list[str]] = []
        self.discarded = 0

    def take(self, cards: Sequence[Card]) -> None:
        self.taken.append([card.id for card in cards])

    def discard(self) -> None:
        self.discarded += 1
        self.taken = []


def test_the_sink_gets_the_cards_a_chunk_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(deck(5), encoding="utf-8")
    sink = Recorder()
    with chunk_size(2):
        read, problems = check_deck_file(path, sink)
    assert problems == [] and read is not None and len(read.cards) == 0
    assert sink.taken == [["c0", "c1"], ["c2", "c3"], ["c4"]] and sink.discarded == 0


def test_a_chunk_refused_late_starts_the_sink_again(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(deck(5, c4=card(4) + HEAD.replace("[deck]", "[more]")), encoding="utf-8")
    sink = Recorder()
    with chunk_size(2):
        _, problems = check_deck_file(path, sink)
    assert sink.discarded == 1 and sink.taken == []  # the whole file has a problem
    assert [p.message for p in problems] == ["unknown table or key 'more'"]
    path.write_text(
        deck(5, c4=card(4) + '[[entity]]\nnames = ["Rome", "Roma"]\n'), encoding="utf-8"
    )
    sink = Recorder()
    with chunk_size(2):
        read, problems = check_deck_file(path, sink)
    assert problems == [] and read is not None and read.glossary == (("Rome", "Roma"),)
    assert sink.discarded == 1 and sink.taken == [[f"c{n}" for n in range(5)]]


def test_a_cache_locked_by_another_quiz_still_gives_the_deck(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(deck(5), encoding="utf-8")
    cached_read(tmp_path / "missing.toml")  # creates the cache file
    other = sqlite3.connect(cache_file(), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        decks, problems = cached_read(path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert problems == [] and [card.id for card in decks[0].cards] == [f"c{n}" for n in range(5)]
    assert stored_keys() == []


def test_every_card_of_a_cached_deck_is_held_only_by_its_caller(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(deck(5), encoding="utf-8")
    decks, _ = cached_read(path)
    cards = decks[0].cards
    every = cards.every_card()  # type: ignore[attr-defined]
    assert len(every) == 5 and every._cards is None  # its length is known without reading
    assert [card.id for card in every] == [f"c{n}" for n in range(5)]
    assert cards._cards is None  # type: ignore[attr-defined]
