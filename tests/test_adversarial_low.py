"""The low findings of the December 2026 adversarial review still open after the first round
(F15, F17-F23), one test (or a few) each; the rest are in test_adversarial_two."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks import authoring, cache
from quizdeck.decks.reader import check_deck_file
from quizdeck.interchange import csv_cards
from quizdeck.kinds.order import MAX_ORDER_ITEM_CHARS, MAX_ORDER_ITEMS
from quizdeck.report import exports
from quizdeck.store.database import Database


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, env=env)


def assert_one_clear_line(result: Result, code: int, *words: str) -> None:
    assert result.exit_code == code, (result.output, result.exc_info)
    assert isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    last = result.output.strip().splitlines()[-1]
    for word in words:
        assert word in last, last


# --- F15: QUIZ_* variables and options that raised tracebacks ---------------------------------


@pytest.mark.parametrize(
    "moment",
    [
        "0001-01-01T00:00",
        "0001-01-01T00:00+14:00",
        "9999-12-31T23:59:59",
        "9999-12-20T00:00",
        "9999-12-31T23:59:59-14:00",
    ],
)
def test_quiz_now_out_of_range_is_one_usage_line(moment: str) -> None:
    result = run("due", env={"QUIZ_NOW": moment})
    assert_one_clear_line(result, 2, "QUIZ_NOW", "between")


def test_quiz_home_under_an_unknown_user_is_one_usage_line() -> None:
    result = run("due", env={"QUIZ_HOME": "~nouser-quiz-test/x"})
    assert_one_clear_line(result, 2, "QUIZ_HOME", "~nouser-quiz-test")


def test_quiz_home_not_utf8_is_one_usage_line_and_creates_nothing(tmp_path: Path) -> None:
    home = str(tmp_path) + "/h\udcff\udcfe"  # what Python makes of the bytes ff fe
    result = run("due", env={"QUIZ_HOME": home})
    assert_one_clear_line(result, 2, "QUIZ_HOME", "UTF-8")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("minutes", ["nan", "inf", "-inf", "1e308", "100000"])
def test_an_exam_time_limit_that_is_not_a_sane_number_is_a_usage_error(minutes: str) -> None:
    result = run("exam", "--time-limit", minutes, "--plain", input="")
    assert_one_clear_line(result, 2, "--time-limit")


# --- F21: huge order cards ---------------------------------------------------------------------

ORDER_DECK = '[deck]\nid = "o"\ntitle = "t"\n\n[[card]]\nid = "c1"\nkind = "order"\nprompt = "p"\n'


@pytest.mark.parametrize(
    ("items", "words"),
    [
        ([f"i{n}" for n in range(MAX_ORDER_ITEMS + 1)], f"at most {MAX_ORDER_ITEMS} items"),
        (["a", "b" * (MAX_ORDER_ITEM_CHARS + 1)], f"longer than {MAX_ORDER_ITEM_CHARS}"),
    ],
)
def test_an_order_card_too_big_is_a_problem_at_its_line(
    tmp_path: Path, items: list[str], words: str
) -> None:
    deck = tmp_path / "o.toml"
    deck.write_text(ORDER_DECK + "answer = [" + ", ".join(f'"{item}"' for item in items) + "]\n")
    result = run("validate", str(deck))
    assert_one_clear_line(result, 1, "1 problem(s)")
    assert f"{deck}:9:" in result.output.splitlines()[0]
    assert words in result.output.splitlines()[0]


def test_an_order_card_at_the_caps_is_valid(tmp_path: Path) -> None:
    deck = tmp_path / "o.toml"
    items = [f"{n}" + "x" * (MAX_ORDER_ITEM_CHARS - 3) for n in range(MAX_ORDER_ITEMS)]
    deck.write_text(ORDER_DECK + "answer = [" + ", ".join(f'"{item}"' for item in items) + "]\n")
    result = run("validate", str(deck))
    assert result.exit_code == 0, result.output


# --- F23: quiz report reads at most a total budget ---------------------------------------------


def test_report_refuses_files_over_the_total_budget_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "ann.json", tmp_path / "bob.json"
    assert run("progress", "export", "-o", str(first)).exit_code == 0
    assert run("progress", "export", "-o", str(second)).exit_code == 0
    assert run("report", str(first), str(second)).exit_code == 0
    size = first.stat().st_size + second.stat().st_size
    monkeypatch.setattr(exports, "REPORT_LIMIT", size - 1)
    result = run("report", str(first), str(second))
    assert_one_clear_line(result, 1, str(second), "MiB in all", "fewer files")
    monkeypatch.setattr(exports, "REPORT_LIMIT", size)
    assert run("report", str(first), str(second)).exit_code == 0


# --- F22: a large import ------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_an_import_of_more_rows_than_one_import_takes_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setattr(csv_cards, "MAX_ROWS", 3)
    cards = tmp_path / f"cards{suffix}"
    if suffix == ".csv":
        cards.write_text("prompt,answer\n" + "".join(f"Question {n}?,a{n}\n" for n in range(4)))
    else:
        items = ",".join(f'{{"kind":"text","prompt":"Q{n}?","answers":["a"]}}' for n in range(4))
        cards.write_text(f"[{items}]")
    deck = tmp_path / "new.toml"
    result = run("import", str(cards), "--deck", str(deck))
    assert_one_clear_line(result, 1, str(cards), "4 rows", "more than the 3")
    assert not deck.exists()


def test_an_import_that_would_make_the_deck_too_large_says_so_naming_the_deck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(authoring, "DECK_LIMIT", 2000)
    cards = tmp_path / "cards.csv"
    cards.write_text("prompt,answer\n" + "".join(f"Question {n}?,a{n}\n" for n in range(40)))
    deck = tmp_path / "new.toml"
    result = run("import", str(cards), "--deck", str(deck))
    assert_one_clear_line(result, 1, "new.toml", "40 new card(s)", "larger than", "fewer cards")
    assert "has problems" not in result.output
    assert not deck.exists()


# --- F18: SIGTERM cleans up as an exception does -----------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_sigterm_while_writing_to_a_fifo_removes_the_scratch_file(tmp_path: Path) -> None:
    fifo, scratch = tmp_path / "out", tmp_path / "tmp"
    os.mkfifo(fifo)
    scratch.mkdir()
    quiz = Path(sys.executable).parent / "quiz"
    env = {**os.environ, "TMPDIR": str(scratch)}
    process = subprocess.Popen(
        [str(quiz), "export", "--format", "csv", "-o", str(fifo)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        for _ in range(1200):  # the scratch copy is written before the FIFO blocks the export
            if list(scratch.iterdir()) or process.poll() is not None:
                break
            time.sleep(0.1)
        assert list(scratch.iterdir()), process.communicate()
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in stderr
    assert list(scratch.iterdir()) == []


def test_the_sigterm_handler_lasts_only_while_quiz_runs() -> None:
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    assert run("decks").exit_code == 0
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


# --- F20: a profile database that is not a regular file in its folder --------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_profile_linked_to_a_fifo_is_refused_and_nothing_written_beside_it(
    quiz_home: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.mkfifo(outside / "fifo")
    (quiz_home / "profiles").mkdir()
    (quiz_home / "profiles" / "default.sqlite3").symlink_to(outside / "fifo")
    result = run("due")
    assert_one_clear_line(result, 1, "default.sqlite3", "not a regular file")
    assert sorted(path.name for path in outside.iterdir()) == ["fifo"]


def test_a_profile_linked_out_of_its_folder_is_refused(quiz_home: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (quiz_home / "profiles").mkdir()
    (quiz_home / "profiles" / "default.sqlite3").symlink_to(outside / "progress.sqlite3")
    result = run("due")
    assert_one_clear_line(result, 1, "default.sqlite3", "symlink out of its folder")
    assert list(outside.iterdir()) == []


def test_a_profile_linked_within_its_folder_still_works(quiz_home: Path) -> None:
    profiles = quiz_home / "profiles"
    profiles.mkdir()
    (profiles / "default.sqlite3").symlink_to("real.sqlite3")
    assert run("due").exit_code == 0
    assert (profiles / "real.sqlite3").is_file()


# --- F17: a full disk -----------------------------------------------------------------------


def test_the_deck_cache_is_not_written_when_the_disk_is_nearly_full(
    quiz_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "CACHE_RESERVE", 1 << 62)  # more than any disk has free
    assert run("decks").exit_code == 0
    assert not cache.cache_file().exists()
    monkeypatch.setattr(cache, "CACHE_RESERVE", 0)
    assert run("decks").exit_code == 0
    assert cache.cache_file().is_file()


def test_a_full_disk_creating_the_profile_says_so_and_leaves_no_stub(
    quiz_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: Database) -> None:
        self.connection.execute("CREATE TABLE stub (x)")  # SQLite has begun the file
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Database, "set_up", full)
    result = run("due")
    assert_one_clear_line(result, 1, "the disk is full")
    assert "read-only" not in result.output
    assert not (quiz_home / "profiles" / "default.sqlite3").exists()


def test_a_negative_schema_version_is_named(quiz_home: Path) -> None:
    assert run("due").exit_code == 0
    db = sqlite3.connect(quiz_home / "profiles" / "default.sqlite3")
    db.execute("PRAGMA user_version = -3")
    db.close()
    result = run("due")
    assert_one_clear_line(result, 1, "schema version -3", "edited by hand")
    assert "read-only" not in result.output


# --- F19: a byte-order mark ---------------------------------------------------------------------

BOM_DECK = (
    '\ufeff[deck]\nid = "bom"\ntitle = "t"\n\n'
    '[[card]]\nid = "c1"\nkind = "text"\nprompt = "p"\nanswer = "a"\n'
)


def test_a_deck_saved_with_a_bom_reads_and_takes_new_cards(tmp_path: Path) -> None:
    deck = tmp_path / "bom.toml"
    deck.write_text(BOM_DECK, encoding="utf-8")
    assert run("validate", str(deck)).exit_code == 0
    added = run("add", str(deck), "--kind", "text", "--prompt", "Second?", "--answer", "b")
    assert added.exit_code == 0, added.output
    result = run("show", str(deck))
    assert result.exit_code == 0, result.output
    assert "Second?" in result.output


def test_a_deck_with_a_bom_and_an_error_names_the_right_line(tmp_path: Path) -> None:
    deck = tmp_path / "bom.toml"
    deck.write_text(BOM_DECK.replace('answer = "a"', "answer = "), encoding="utf-8")
    result = run("validate", str(deck))
    assert result.exit_code == 1
    assert f"{deck}:9:" in result.output
    assert "BOM" not in result.output and "1:1" not in result.output


def test_a_progress_export_with_a_bom_is_reported_on(tmp_path: Path) -> None:
    export = tmp_path / "ann.json"
    assert run("progress", "export", "-o", str(export)).exit_code == 0
    export.write_bytes(b"\xef\xbb\xbf" + export.read_bytes())
    assert run("report", str(export)).exit_code == 0


# --- F19: what an .apkg round trip lost -----------------------------------------------------------


def test_an_accepted_answer_with_a_comma_survives_an_apkg_round_trip(tmp_path: Path) -> None:
    deck = tmp_path / "acc.toml"
    deck.write_text(
        '[deck]\nid = "acc"\ntitle = "t"\n\n[[card]]\nid = "c1"\nkind = "text"\n'
        'prompt = "Say it?"\nanswer = "a b"\naccept = ["c, d", "e"]\n',
        encoding="utf-8",
    )
    package = tmp_path / "acc.apkg"
    assert run("export", str(deck), "--format", "apkg", "-o", str(package)).exit_code == 0
    back = tmp_path / "back.toml"
    result = run("import", str(package), "--deck", str(back))
    assert result.exit_code == 0, result.output
    checked, problems = check_deck_file(back)
    assert checked is not None, problems
    assert checked.cards[0].answers == ("a b", "c, d", "e")
