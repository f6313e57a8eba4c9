"""The deck cache: an unchanged deck is not parsed again, and the cache is never wrong or in the
way (edited, deleted or renamed decks, a corrupt or foreign cache, another version, two processes,
a cache folder that cannot be written)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import read_only
from quizdeck.decks import cache as deck_cache
from quizdeck.decks.cache import cache_file, open_cache
from quizdeck.decks.format import Deck, Problem
from quizdeck.decks.loading import bundled_decks_dir, check_deck_files
from quizdeck.decks.reader import CardSink, check_deck_file
from test_kinds import EXAMPLES

DECK = '[deck]\nid = "rivers"\ntitle = "Rivers"\n\n[[card]]\nid = "nile"\nkind = "text"\n'


def write_deck(path: Path, answer: str = "Nile") -> Path:
    path.write_text(DECK + f'prompt = "Longest river?"\nanswer = "{answer}"\n', encoding="utf-8")
    return path


def load(path: Path) -> list[str]:
    decks, problems = check_deck_files([path], cached=True)
    assert not problems, problems
    return [answer for deck in decks for card in deck.cards for answer in card.answers]


def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every deck file read from TOML."""
    import quizdeck.decks.loading as deck_module

    seen: list[Path] = []

    def counting(path: Path, sink: CardSink | None = None) -> tuple[Deck | None, list[Problem]]:
        seen.append(path)
        return check_deck_file(path, sink)

    monkeypatch.setattr(deck_module, "_read", counting)  # imports the reader when it reads
    return seen


def test_an_unchanged_deck_is_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_deck(tmp_path / "rivers.toml")
    seen = parses(monkeypatch)
    assert load(path) == ["Nile"] and load(path) == ["Nile"]
    assert seen == [path]
    assert cache_file().is_file()


def test_the_cached_deck_equals_the_deck_read_from_toml(tmp_path: Path) -> None:
    body = '[deck]\nid = "walk"\ntitle = "Walk"\ntags = ["t"]\nsource = "s.txt"\n'
    for number, (kind, lines) in enumerate(EXAMPLES.items()):
        body += f'\n[[card]]\nid = "c{number}"\nkind = "{kind}"\n{lines}\nsource = [1, 2]\n'
    walk = tmp_path / "walk.toml"
    walk.write_text(body, encoding="utf-8")
    for path in [walk, *sorted(bundled_decks_dir().glob("*.toml"))]:
        fresh, _ = check_deck_file(path)
        check_deck_files([path], cached=True)
        with open_cache() as cache:
            cached = cache.get(path)
        assert fresh is not None and cached == fresh
        assert [(c.path, c.line) for c in cached.cards] == [(c.path, c.line) for c in fresh.cards]


def test_an_edit_of_the_same_size_and_time_is_seen(tmp_path: Path) -> None:
    path = write_deck(tmp_path / "rivers.toml", "Nile")
    assert load(path) == ["Nile"]
    stat = path.stat()
    write_deck(path, "Nilo")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # a new time: hash checked
    assert load(path) == ["Nilo"]
    write_deck(path, "Niel")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # same size and time as cached
    # size and time match the cache's row: trusted without reading (as make and rsync do)
    assert load(path) in (["Nilo"], ["Niel"])
    write_deck(path, "Congo")
    assert load(path) == ["Congo"]


def test_a_deck_with_problems_is_never_cached(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(DECK, encoding="utf-8")  # no prompt, no answer
    for _ in range(2):
        decks, problems = check_deck_files([path], cached=True)
        assert decks == [] and problems


def test_deleted_and_renamed_decks(tmp_path: Path) -> None:
    path = write_deck(tmp_path / "rivers.toml")
    assert load(path) == ["Nile"]
    moved = path.rename(tmp_path / "other.toml")
    assert load(moved) == ["Nile"]
    moved.unlink()
    decks, problems = check_deck_files([moved], cached=True)
    assert decks == [] and "no such file" in problems[0].message


@pytest.mark.parametrize("content", [b"garbage, not sqlite" * 100, b""])
def test_a_corrupt_cache_is_rebuilt_without_a_word(tmp_path: Path, content: bytes) -> None:
    path = write_deck(tmp_path / "rivers.toml")
    cache_file().parent.mkdir(parents=True, exist_ok=True)
    cache_file().write_bytes(content)
    assert load(path) == ["Nile"] and load(path) == ["Nile"]
    with open_cache() as cache:
        assert cache.get(path) is not None


def test_a_foreign_sqlite_file_or_a_bad_row_is_not_trusted(tmp_path: Path) -> None:
    import sqlite3

    path = write_deck(tmp_path / "rivers.toml")
    cache_file().parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(cache_file()) as db:
        db.execute("CREATE TABLE decks (path TEXT, other TEXT)")
    assert load(path) == ["Nile"]
    load(path)
    with sqlite3.connect(cache_file()) as db:
        db.execute("UPDATE decks SET meta = '[1, 2'")
    assert load(path) == ["Nile"]
    load(path)
    with sqlite3.connect(cache_file()) as db:
        db.execute("UPDATE cards SET data = '[1, 2'")
    assert load(path) == ["Nile"]
    with open_cache() as cache:
        deck = cache.get(path)
    assert deck is not None and deck.card("nile") is not None
    with sqlite3.connect(cache_file()) as db:
        db.execute("DELETE FROM cards")
    assert [card.id for card in deck.cards] == ["nile"]


def test_another_version_of_quiz_does_not_reuse_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_deck(tmp_path / "rivers.toml")
    load(path)
    monkeypatch.setattr(deck_cache, "CACHE_FORMAT", 99)
    seen = parses(monkeypatch)
    assert load(path) == ["Nile"] and seen == [path]


def test_two_processes_loading_at_once(tmp_path: Path) -> None:
    for number in range(20):
        write_deck(tmp_path / f"deck{number}.toml").write_text(
            DECK.replace("rivers", f"r{number}") + 'prompt = "Q?"\nanswer = "A"\n', encoding="utf-8"
        )
    code = (
        "import sys; from pathlib import Path\n"
        "from quizdeck.decks.loading import check_deck_files\n"
        "paths = sorted(Path(sys.argv[1]).glob('*.toml'))\n"
        "for _ in range(5):\n"
        "    decks, problems = check_deck_files(paths, cached=True)\n"
        "    assert len(decks) == 20 and not problems, problems\n"
    )
    runs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)]) for _ in range(3)]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0]


def test_a_cache_folder_that_cannot_be_written(tmp_path: Path) -> None:
    path = write_deck(tmp_path / "rivers.toml")
    folder = cache_file().parent
    folder.mkdir(parents=True, exist_ok=True)
    with read_only(folder):
        assert load(path) == ["Nile"] and load(path) == ["Nile"]
    assert not cache_file().exists()


def test_a_cache_file_that_is_a_link_is_not_replaced(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE kept (x)")
    cache_file().parent.mkdir(parents=True, exist_ok=True)
    cache_file().symlink_to(other)
    deck = write_deck(tmp_path / "r.toml")
    assert load(deck) == ["Nile"] and load(deck) == ["Nile"]
    with sqlite3.connect(other) as db:  # never written through the link
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master")]
    assert tables == ["kept"]
    cache_file().unlink()
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    cache_file().parent.mkdir(parents=True, exist_ok=True)
    cache_file().symlink_to(target)
    path = write_deck(tmp_path / "rivers.toml")
    assert load(path) == ["Nile"]
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_cache_file_in_an_older_format_is_replaced(tmp_path: Path) -> None:
    import sqlite3

    path = write_deck(tmp_path / "rivers.toml")
    cache = cache_file()
    cache.parent.mkdir(parents=True, exist_ok=True)
    old = sqlite3.connect(cache)
    old.execute(
        "CREATE TABLE decks (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
        "sha256 TEXT, version TEXT, key TEXT, meta TEXT, count INTEGER, written INTEGER)"
    )
    old.execute(
        "CREATE TABLE cards (key TEXT, position INTEGER, id TEXT, fact TEXT, content_hash TEXT, "
        "tags TEXT, data TEXT, PRIMARY KEY (key, position)) WITHOUT ROWID"
    )
    old.commit()
    old.close()
    assert load(path) == ["Nile"]
    assert load(path) == ["Nile"]
    db = sqlite3.connect(cache)
    assert db.execute("PRAGMA user_version").fetchone()[0] == deck_cache.CACHE_FORMAT
    assert db.execute("SELECT count(*) FROM cards").fetchone()[0] == 1
    assert (
        "PRIMARY KEY (key, id)"
        in db.execute("SELECT sql FROM sqlite_master WHERE name = 'cards'").fetchone()[0]
    )
    db.close()


def test_a_cache_locked_by_another_quiz_is_left_alone(tmp_path: Path) -> None:
    import sqlite3

    path = write_deck(tmp_path / "rivers.toml")
    assert load(path) == ["Nile"]
    cache = cache_file()
    other = sqlite3.connect(cache, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another quiz in the middle of writing it
    other.execute("INSERT INTO decks (path) VALUES ('written by the other quiz')")
    try:
        assert load(path) == ["Nile"]  # read from the deck file instead
    finally:
        other.execute("COMMIT")
        other.close()
    rows = sqlite3.connect(cache).execute("SELECT count(*) FROM decks").fetchone()[0]
    assert rows == 2  # the file was not replaced under the other quiz


def test_the_code_stamp_follows_content_not_file_times(tmp_path: Path) -> None:
    """A reinstall writes the same modules with new times: the cache (and every profile's index
    of its decks) stays; an edit to a module that reads decks starts afresh."""
    names = ("model.py", "decks/reader.py")
    (tmp_path / "decks").mkdir()
    for name in names:
        (tmp_path / name).write_text(f"# {name}\n", encoding="utf-8")
    before = deck_cache.code_hash(tmp_path, names)
    deck_cache.code_hash.cache_clear()
    stat = (tmp_path / "model.py").stat()
    os.utime(tmp_path / "model.py", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert deck_cache.code_hash(tmp_path, names) == before
    deck_cache.code_hash.cache_clear()
    (tmp_path / "decks" / "reader.py").write_text("# changed\n", encoding="utf-8")
    assert deck_cache.code_hash(tmp_path, names) != before
    deck_cache.code_hash.cache_clear()
    assert deck_cache.code_version().startswith(f"{deck_cache.CACHE_FORMAT}:")
