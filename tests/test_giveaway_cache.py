"""Each deck's give-away table is kept in the deck cache: after an edit to one deck, a session
reads the other decks' tables, not their cards."""

from __future__ import annotations

import sqlite3
from array import array
from pathlib import Path

import pytest

from quizdeck.decks import shown
from quizdeck.decks.cache import cache_file, open_cache
from quizdeck.decks.cache_forms import store_records, stored_columns, stored_records
from quizdeck.decks.cache_rows import CachedCards
from quizdeck.decks.deck_columns import INTS, DeckColumns
from quizdeck.decks.deck_forms import form_table
from quizdeck.decks.loading import check_deck_files
from quizdeck.decks.scope import Scope
from quizdeck.model import Card, Kind

GUILD = """[deck]
id = "guild"
title = "Guild"

[[card]]
id = "founded"
kind = "year"
prompt = "In what year was the guild founded?"
answer = 1987

[[card]]
id = "leader"
kind = "person"
prompt = "Who led the guild?"
answer = "Orla Venn"
"""


def town(question: str) -> str:
    return f"""[deck]
id = "town"
title = "Town"

[[card]]
id = "hall"
kind = "text"
prompt = "Where did the council of 1987 meet?"
answer = "the harbour hall"

[[card]]
id = "other"
kind = "text"
prompt = "{question}"
answer = "a mill"
"""


def _apart(paths: list[Path]) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    decks, problems = check_deck_files(paths, cached=True)
    assert not problems
    return set(Scope.of_decks(decks).apart().pairs())


def test_an_edit_to_one_deck_reads_no_card_of_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guild, town_file = tmp_path / "guild.toml", tmp_path / "town.toml"
    guild.write_text(GUILD, encoding="utf-8")
    town_file.write_text(town("What did the mill grind?"), encoding="utf-8")
    first = _apart([guild, town_file])
    assert first == {(("guild", "founded"), ("town", "hall"))}

    read: list[str] = []
    every_card = CachedCards.every_card

    def counted(self: CachedCards) -> object:
        read.append(self.deck_id)
        return every_card(self)

    monkeypatch.setattr(CachedCards, "every_card", counted)
    town_file.write_text(town("What did Venn's mill grind?"), encoding="utf-8")
    assert _apart([guild, town_file]) == first | {(("guild", "leader"), ("town", "other"))}
    assert read == ["town"]  # the guild's table came from the deck cache


def test_an_edit_works_out_only_the_pairs_of_decks_with_the_edited_deck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guild, town_file, third = tmp_path / "guild.toml", tmp_path / "town.toml", tmp_path / "c.toml"
    guild.write_text(GUILD, encoding="utf-8")
    town_file.write_text(town("What did Venn's mill grind?"), encoding="utf-8")
    third.write_text(town("Who sold flour in 1987?").replace('"town"', '"third"'), "utf-8")
    paths = [guild, town_file, third]
    _apart(paths)
    worked_out: list[tuple[str, list[str]]] = []
    records_of = shown.records_of

    def counted(shower: DeckColumns, owners: list[DeckColumns], read: shown.Read) -> object:
        worked_out.append((shower.deck_id, [owner.deck_id for owner in owners]))
        return records_of(shower, owners, read)

    monkeypatch.setattr(shown, "records_of", counted)
    town_file.write_text(town("What did Orla's mill grind in 1987?"), encoding="utf-8")
    found = _apart(paths)
    # The town's answers did not change: what the other decks show of them is kept.
    assert worked_out == [("town", ["guild", "town", "third"])]
    decks, _problems = check_deck_files(paths)  # read again, no deck cache
    assert found == set(Scope.of_cards([c for d in decks for c in d.cards]).apart().pairs())
    assert (("guild", "founded"), ("town", "other")) in found  # the edit shows 1987

    worked_out.clear()
    town_file.write_text(town("Who ran the guild?").replace("a mill", "Orla Venn"), "utf-8")
    found = _apart(paths)
    assert sorted(worked_out) == [("guild", ["town"]), ("third", ["town"]),
                                  ("town", ["guild", "town", "third"])]  # fmt: skip
    decks, _problems = check_deck_files(paths)
    assert found == set(Scope.of_cards([c for d in decks for c in d.cards]).apart().pairs())


def test_a_table_comes_back_from_the_cache_as_it_was_kept() -> None:
    cards = [
        Card(deck_id="d", id="a", kind=Kind.PERSON, prompt="Who's there?", answers=("Orla Venn",)),
        Card(deck_id="d", id="b", kind=Kind.DATE, prompt="When?", answers=("2021-11-07",)),
        Card(
            deck_id="d",
            id="c",
            kind=Kind.CHOICE,
            prompt="Who?",
            answers=("Venn",),
            choices=("Venn", "Glass"),
            explanation="Seven Nov. 2021",
            fact="f",
        ),
    ]
    table = form_table("d", cards)
    with open_cache() as cache:
        cache.put_forms("k", table)
        assert cache.forms("k") is None  # kept only beside a cached deck
        db = sqlite3.connect(cache_file())
        db.execute("INSERT INTO decks (key) VALUES ('k')")
        db.commit()
        cache.put_forms("k", table)
        assert cache.forms("k") == table


def _ints(*values: int) -> bytes:
    return array(INTS, values).tobytes()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("format", 0),
        ("ids", "[1, 2, 3]"),
        ("ids", "not json"),
        ("facts", '["", ""]'),
        ("owners", _ints(7, 7, 7)),
        ("owners", b"\x01\x02\x03"),
        ("ends", _ints(0, 3)),
        ("ends", _ints(1)),
        ("whole", b""),
        ("own_places", _ints(6, 6, 6, 6, 6, 6)),
        ("own_ends", _ints()),
        ("vocabulary", "é"),
        ("lines", "é\n\n"),
        ("lines", "a\nb\nc\nd"),
        ("longest", "2"),
        ("deck", None),
        ("keys", ""),
    ],
)
def test_a_table_the_cache_garbled_is_worked_out_again(column: str, value: object) -> None:
    cards = [Card(deck_id="d", id=f"c{n}", kind=Kind.PERSON, prompt="Who?",
                  answers=("Orla Venn",)) for n in range(3)]  # fmt: skip
    with open_cache() as cache:
        db = sqlite3.connect(cache_file())
        db.execute("INSERT INTO decks (key) VALUES ('k')")
        db.commit()
        cache.put_forms("k", form_table("d", cards))
        assert stored_columns(cache.connection, "k") is not None
        db.execute(f"UPDATE form_columns SET {column} = ?", (value,))
        db.commit()
        assert stored_columns(cache.connection, "k") is None
        assert cache.forms("k") is None


@pytest.mark.parametrize(
    "data",
    ["[]", "not json", '[["1"], [[5]]]', '[["1"], [[-1]]]', '[["1"], [["0"]]]', '[[1], [[0]]]',
     '[["1"], [[0]], [[1]]]', '[["1", "2"], [[0]]]', '[["1"], [0]]'],
)  # fmt: skip
def test_a_record_the_cache_garbled_is_worked_out_again(data: str) -> None:
    with open_cache() as cache:
        db = cache.connection
        store_records(db, {"a>b": {"1": [0, 2]}})
        assert stored_records(db, {"a>b": 3}) == {}  # kept only beside cached decks
        assert db is not None
        db.execute("INSERT INTO decks (key) VALUES ('a'), ('b')")
        store_records(db, {"a>b": {"1": [0, 2]}})
        assert stored_records(db, {"a>b": 3}) == {"a>b": {"1": [0, 2]}}
        db.execute("UPDATE shown SET data = ?", (data,))
        assert stored_records(db, {"a>b": 3}) == {}
