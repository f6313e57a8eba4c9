"""The medium and low findings of the December 2026 adversarial review, one test (or a few) each.

The high ones have their own files: test_paragraphs (F1, F2), test_hostile_apkg (F3, F10),
test_linear_parsers and test_regex_growth (F4 and the class), test_progress_cli (F5).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main

DECK = (
    '[deck]\nid = "{deck_id}"\ntitle = "t"\n\n'
    '[[card]]\nid = "{card_id}"\nkind = "text"\nprompt = "p"\nanswer = "a"\n'
)


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def assert_calm(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output


# --- F13: a trailing newline in an id ---------------------------------------------------------


@pytest.mark.parametrize(("deck_id", "card_id"), [("people\\n", "c1"), ("people", "c1\\n")])
def test_an_id_with_a_trailing_newline_is_refused(
    tmp_path: Path, deck_id: str, card_id: str
) -> None:
    path = tmp_path / "d.toml"
    path.write_text(DECK.format(deck_id=deck_id, card_id=card_id), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1, result.output
    assert "lowercase letters, digits and hyphens" in result.output


def test_quiz_add_refuses_an_id_with_a_trailing_newline(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(DECK.format(deck_id="d", card_id="c1"), encoding="utf-8")
    result = run("add", str(path), "--kind", "text", "--prompt", "Q?", "--answer", "a",
                 "--id", "ok\n")  # fmt: skip
    assert result.exit_code != 0
    assert 'id = "ok' not in path.read_text(encoding="utf-8")


# --- F7: a deck source holding NUL or an over-long name ---------------------------------------


@pytest.mark.parametrize("source", ["ok.txt\\u0000x", "a" * 5000])
def test_a_deck_source_with_nul_or_too_long_is_a_problem_and_no_crash(
    quiz_home: Path, source: str
) -> None:
    from quizdeck.decks.format import Deck
    from quizdeck.decks.sources import source_file

    folder = quiz_home / "decks"
    folder.mkdir(parents=True)
    path = folder / "s.toml"
    path.write_text(
        f'[deck]\nid = "s"\ntitle = "t"\nsource = "{source}"\n\n'
        '[[card]]\nid = "c"\nkind = "text"\nprompt = "p"\nanswer = "a"\nsource = 1\n',
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert result.exit_code == 1 and "s.toml:4" in result.output
    deck = Deck(id="s", title="t", cards=(), source=source.replace("\\u0000", "\0"), path=path)
    assert source_file(deck) is None
    started = run("start", "--plain", input="a\n")
    assert_calm(started)


# --- F11: lone surrogates in JSON -------------------------------------------------------------


def test_a_lone_surrogate_in_a_json_import_is_replaced(tmp_path: Path) -> None:
    source = tmp_path / "surr.json"
    source.write_text('[{"kind":"text","prompt":"Q\\ud800 lone","answers":["A"]}]')
    result = run("import", str(source), "--deck", str(tmp_path / "d.toml"))
    assert_calm(result)
    assert result.exit_code == 0, result.output
    assert "Q\ufffd lone" in (tmp_path / "d.toml").read_text(encoding="utf-8")


def test_a_lone_surrogate_in_a_progress_export_is_replaced(tmp_path: Path) -> None:
    from quizdeck.files import read_json

    export = tmp_path / "surr.json"
    export.write_text('\ufeff{"profile": "s\\ud800", "\\udc00": ["g\\udfff"]}', encoding="utf-8")
    assert read_json(export, 1 << 20) == {"profile": "s\ufffd", "\ufffd": ["g\ufffd"]}
    result = run("report", str(export))
    assert_calm(result)


# --- F6: csv.Sniffer was quadratic on a long header --------------------------------------------


def test_guessing_the_delimiter_is_linear_in_the_header() -> None:
    from growth import pumped, superlinear
    from quizdeck.interchange.csv_cards import _dialect

    assert superlinear(_dialect, pumped("prompt,answer", ',"a', "\nq,a\n")) is None


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [("prompt,answer", ","), ("prompt;answer", ";"), ("prompt\tanswer", "\t"),
     ('"a;b",answer', ","), ("prompt", ",")],
)  # fmt: skip
def test_the_delimiter_is_the_one_the_header_uses(header: str, delimiter: str) -> None:
    from quizdeck.interchange.csv_cards import _dialect

    assert _dialect(header + "\nq,a\n").delimiter == delimiter


# --- F9: -o /dev/stdout on a pipe, and on a file the shell appends to ---------------------------


def _quiz_shell(command: str, folder: Path) -> subprocess.CompletedProcess[str]:
    quiz = Path(sys.executable).parent / "quiz"
    return subprocess.run(
        command.replace("quiz ", f"{quiz} ", 1), shell=True, capture_output=True, text=True,
        cwd=folder, timeout=120, check=False,
    )  # fmt: skip


def test_output_to_dev_stdout_goes_down_a_pipe(tmp_path: Path) -> None:
    result = _quiz_shell("quiz export people --format csv -o /dev/stdout | cat", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("id,kind,prompt")


def test_output_to_dev_stdout_appends_to_the_shells_file(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text("IMPORTANT EXISTING LOG LINE\n", encoding="utf-8")
    result = _quiz_shell("quiz export people --format csv -o /dev/stdout >> log.txt", tmp_path)
    assert result.returncode == 0, result.stderr
    text = log.read_text(encoding="utf-8")
    assert text.startswith("IMPORTANT EXISTING LOG LINE\nid,kind,prompt")


# --- F12: parallel quiz add / import into one deck --------------------------------------------


@pytest.mark.slow
def test_parallel_adds_into_one_deck_keep_every_card(tmp_path: Path) -> None:
    from quizdeck.decks.reader import check_deck_file

    quiz = str(Path(sys.executable).parent / "quiz")
    deck = tmp_path / "d2.toml"
    deck.write_text(DECK.format(deck_id="d2", card_id="c0"), encoding="utf-8")
    commands = [
        [quiz, "add", str(deck), "--kind", "text", "--prompt", f"Question number {n}?",
         "--answer", f"a{n}", "--id", f"q{n}"]
        for n in range(1, 11)
    ]  # fmt: skip
    pipe = subprocess.PIPE
    adds = [subprocess.Popen(each, stdout=pipe, stderr=pipe, text=True) for each in commands]
    outputs = [add.communicate(timeout=120)[0] for add in adds]
    assert all(add.returncode == 0 for add in adds), outputs
    loaded, problems = check_deck_file(deck)
    assert loaded is not None, problems
    assert len(loaded.cards) == 11


def test_a_writer_that_finds_its_new_deck_created_meanwhile_says_so(tmp_path: Path) -> None:
    from quizdeck.decks.authoring import AuthoringError, CardDraft, append_cards
    from quizdeck.model import Kind

    deck = tmp_path / "d.toml"
    deck.write_text(DECK.format(deck_id="d", card_id="c1"), encoding="utf-8")
    before = deck.read_text(encoding="utf-8")
    draft = CardDraft(kind=Kind.TEXT, prompt="Q?", answer="a", id="c2")
    with pytest.raises(AuthoringError, match="created this deck meanwhile"):
        append_cards(deck, [draft], original=DECK.format(deck_id="d", card_id="c9"))
    assert deck.read_text(encoding="utf-8") == before


def test_appending_holds_the_lock_beside_the_deck(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    from quizdeck.decks import authoring
    from quizdeck.decks.authoring import CardDraft, append_cards
    from quizdeck.model import Kind

    deck = tmp_path / "d.toml"
    deck.write_text(DECK.format(deck_id="d", card_id="c1"), encoding="utf-8")
    held = []

    def writing(path: Path, text: str) -> None:
        handle = os.open(tmp_path / ".d.toml.lock", os.O_RDWR)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            held.append(True)
        finally:
            os.close(handle)
        path.write_text(text, encoding="utf-8")

    monkeypatch.setattr(authoring, "write_atomic", writing)
    append_cards(deck, [CardDraft(kind=Kind.TEXT, prompt="Q?", answer="a", id="c2")])
    assert held == [True]


# --- F8: escapes from report --format csv names and quiz decks paths ----------------------------

ESCAPES = "\x1b]0;owned\x07\x1b[2J\u202e"


def test_quiz_decks_shows_a_hostile_file_name_inertly(quiz_home: Path) -> None:
    folder = quiz_home / "decks"
    folder.mkdir(parents=True)
    (folder / f"deck{ESCAPES}.toml").write_text(
        DECK.format(deck_id="hostile", card_id="c1"), encoding="utf-8"
    )
    result = run("decks")
    assert result.exit_code == 0 and "hostile" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\u202e" not in result.output


def test_report_csv_on_a_terminal_is_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from quizdeck.commands import class_report

    export = tmp_path / "alice.json"
    review = {"deck": f"evil{ESCAPES}", "card": "c", "mode": "start", "given": "g",
              "correct": False, "score": 0.0, "rating": 1,
              "time": "2026-01-01T00:00:00+00:00", "duration_ms": 1000}  # fmt: skip
    progress = {"format": "quiz-progress", "version": 1, "profile": f"Alice{ESCAPES}",
                "exported_at": "2026-01-02T00:00:00+00:00", "reviews": [review]}  # fmt: skip
    export.write_text(json.dumps(progress), encoding="utf-8")
    monkeypatch.setattr(class_report, "is_terminal", lambda _stream: True)
    result = run("report", str(export), "--format", "csv")
    assert_calm(result)
    assert "Alice" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


# --- F16, F24 ------------------------------------------------------------------------------------


def test_stale_cleanup_removes_only_quizs_own_temporaries(tmp_path: Path) -> None:
    from quizdeck.files import remove_stale_temporaries

    target = tmp_path / "notes.csv"
    backup = tmp_path / ".notes.csv.backup.tmp"
    backup.write_text("my precious backup", encoding="utf-8")
    stale = tmp_path / ".notes.csv.0a1b2c3d.tmp"
    stale.write_text("left by a killed writer", encoding="utf-8")
    assert remove_stale_temporaries(target) == 1
    assert backup.exists() and not stale.exists()


@pytest.mark.parametrize("version", ["true", "1.0"])
def test_an_export_version_must_be_the_integer_1(tmp_path: Path, version: str) -> None:
    from quizdeck.report.exports import ReportError, read_export

    export = tmp_path / "v.json"
    export.write_text(
        f'{{"format": "quiz-progress", "version": {version}, "profile": "a", '
        '"exported_at": "2026-01-02T00:00:00+00:00", "reviews": []}',
        encoding="utf-8",
    )
    with pytest.raises(ReportError):
        read_export(export)


# --- F14: reads that bypassed read_limited ----------------------------------------------------


@pytest.mark.parametrize("where", ["lint-source", "add", "import-deck"])
def test_a_fifo_or_a_device_is_refused_not_read(tmp_path: Path, where: str) -> None:
    deck = tmp_path / "d.toml"
    deck.write_text(DECK.format(deck_id="d", card_id="c1"), encoding="utf-8")
    (tmp_path / "x.csv").write_text("prompt,answer\nQ?,a\n", encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    args = {
        "lint-source": ["lint", "--source", str(fifo), str(deck)],
        "add": ["add", str(fifo), "--kind", "text", "--prompt", "Q?", "--answer", "a"],
        "import-deck": ["import", str(tmp_path / "x.csv"), "--deck", "/dev/zero"],
    }[where]
    quiz = str(Path(sys.executable).parent / "quiz")
    result = subprocess.run(
        [quiz, *args], capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "not a regular file" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        # Quizlet: a comma in the first definition must not make every row split on commas.
        ("Danton\tLeader of the Cordeliers, guillotined in 1794\nMarat\tJournalist\n", "\t"),
        ("Why?\tHe had no party behind him; only the army.\n", "\t"),
        ("prompt;answer\nParis, France;yes\nLyon, France;no\n", ";"),
        ('prompt,answer\n"Rome; Italy",yes\nq,a\n', ","),
        ('prompt\tanswer\n"a\tb\nc"\tyes\nq\ta\n', "\t"),
    ],
)
def test_the_delimiter_is_the_one_every_row_uses(text: str, delimiter: str) -> None:
    from quizdeck.interchange.spreadsheet import guess_delimiter

    assert guess_delimiter(text) == delimiter


def test_a_quizlet_file_with_a_comma_in_its_first_definition_imports_every_row(
    tmp_path: Path,
) -> None:
    from quizdeck.interchange.csv_cards import read_csv

    path = tmp_path / "quizlet.txt"
    path.write_text(
        "Danton\tLeader of the Cordeliers, guillotined in 1794\nMarat\tJournalist\n",
        encoding="utf-8",
    )
    rows = read_csv(path)
    answers = [draft.answer for _line, draft in rows.drafts]
    assert answers[1] == "Journalist" and "guillotined in 1794" in str(answers[0])
