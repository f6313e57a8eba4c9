"""The class report's findings from the teacher trial (issue 27): answer times, answers given at
one pinned instant, the roster, and what a student who has not started shows."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TextIO, cast

from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.loading import find_card, load_decks
from quizdeck.model import Mode, Rating
from quizdeck.store import Store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
CARD = "biden-who"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def report_json(*args: str) -> dict[str, Any]:
    result = run("report", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def export_of(store: Store, path: Path, profile: str) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        store.export(handle, "json", profile=profile, now=NOW + timedelta(hours=1))
    return path


def test_answers_at_one_pinned_instant_stay_apart_and_their_time_counts(tmp_path: Path) -> None:
    """With QUIZ_NOW pinned every answer of a session has one timestamp: a re-asked card's
    answers were merged into one, and the time column read nothing."""
    card = find_card(load_decks(["people"]), "people", CARD)
    with Store.open(tmp_path / "ann.sqlite3") as store:
        for correct in (False, False, True):  # asked, asked again, asked again: one instant
            store.record_review(
                card, mode=Mode.START, given="x", correct=correct, score=float(correct),
                rating=Rating.GOOD if correct else Rating.AGAIN, duration_ms=40_000, now=NOW,
            )  # fmt: skip
        path = export_of(store, tmp_path / "ann.json", "ann")
    (row,) = report_json(str(path), str(path))["students"]  # the same file twice: still 3
    assert (row["reviews"], row["correct"]) == (3, 1)
    assert row["minutes"] == 2.0


def test_an_answer_time_is_bounded_and_a_bad_one_is_no_time(tmp_path: Path) -> None:
    def review(minute: int, duration: object) -> dict[str, Any]:
        return {"deck": "d", "card": f"c{minute}", "time": f"2026-01-01T10:{minute:02d}:00Z",
                "correct": True, "duration_ms": duration}  # fmt: skip

    durations: list[object] = [60_000, 10**12, -5, "9", True, None, float("nan")]
    data = {"format": "quiz-progress", "version": 1, "profile": "bo",
            "exported_at": "2026-01-02T00:00:00Z", "cards": [],
            "reviews": [review(n, d) for n, d in enumerate(durations)]}  # fmt: skip
    path = tmp_path / "bo.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    (row,) = report_json(str(path))["students"]
    assert row["reviews"] == len(durations)
    assert row["minutes"] == 6.0  # one minute, and a question left open counts 5 minutes


def test_plain_mode_records_how_long_an_answer_took(tmp_path: Path) -> None:
    """The engine times ``ask`` on its monotonic clock, for the plain asker too."""
    from quizdeck.session.engine import Session
    from quizdeck.ui.plain import PlainAsker

    ticks = [0.0]
    typed = io.StringIO("Biden\n")

    class SlowStudent:
        def readline(self, size: int = -1) -> str:
            ticks[0] += 7.5  # the student thinks for seven and a half seconds
            return typed.readline(size)

    card = find_card(load_decks(["people"]), "people", CARD)
    with Store.open(tmp_path / "p.sqlite3") as store:
        asker = PlainAsker(stdin=cast(TextIO, SlowStudent()), echo=lambda _line: None)
        Session(asker, store, clock=lambda: ticks[0], now=lambda: NOW).run([card])
        path = export_of(store, tmp_path / "p.json", "p")
    (review,) = json.loads(path.read_text(encoding="utf-8"))["reviews"]
    assert review["duration_ms"] == 7500


def test_the_time_column_shows_seconds_and_minutes() -> None:
    from quizdeck.report.render import spent

    assert [spent(s) for s in (0, 6, 59.4, 60, 150, 3600)] == [
        "-", "6 s", "59 s", "1 min", "2 min", "60 min",
    ]  # fmt: skip


def write(folder: Path, name: str, reviews: list[dict[str, Any]]) -> Path:
    data = {"format": "quiz-progress", "version": 1, "profile": name,
            "exported_at": "2026-01-02T00:00:00Z", "reviews": reviews, "cards": []}  # fmt: skip
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_student_who_has_not_started_has_no_accuracy(tmp_path: Path) -> None:
    """Finding 9: the CSV showed 0.0, as if every answer had been wrong."""
    answered = {"deck": "d", "card": "c", "time": "2026-01-01T10:00:00Z", "correct": False}
    files = [str(write(tmp_path, "ann", [answered])), str(write(tmp_path, "idle", []))]
    rows = {row["student"]: row for row in report_json(*files)["students"]}
    assert rows["ann"]["accuracy"] == 0.0 and rows["idle"]["accuracy"] is None
    table = list(csv.DictReader(io.StringIO(run("report", *files, "--format", "csv").stdout)))
    accuracy = {row["student"]: row["accuracy"] for row in table}
    assert accuracy == {"ann": "0.0", "idle": ""}


def test_an_empty_cloze_answer_is_no_wrong_answer(tmp_path: Path) -> None:
    """Finding 9: blanks left empty were listed as the wrong answer "|"."""

    def cloze(minute: int, given: str, student: str = "") -> dict[str, Any]:
        return {"deck": "d", "card": "cloze", "time": f"2026-01-01T10:{minute:02d}:00Z",
                "correct": False, "given": given}  # fmt: skip

    files = [
        write(tmp_path, "ann", [cloze(1, " | "), cloze(2, "Paris | ")]),
        write(tmp_path, "bob", [cloze(3, "|"), cloze(4, " |  | ")]),
    ]
    (card,) = report_json(*map(str, files))["cards"]
    assert card["wrong_answers"] == [{"answer": "Paris | …", "students": 1}]
    table = run("report", *map(str, files)).output
    assert "d/cloze: Paris | … (1)" in table and "d/cloze: |" not in table


def roster_report(tmp_path: Path, roster: bytes, *profiles: str) -> dict[str, dict[str, Any]]:
    answered = {"deck": "d", "card": "c", "time": "2026-01-01T10:00:00Z", "correct": True}
    files = [str(write(tmp_path, profile, [answered])) for profile in profiles]
    path = tmp_path / "class.csv"
    path.write_bytes(roster)
    return {row["student"]: row for row in report_json(*files, "--roster", str(path))["students"]}


def test_a_roster_saved_by_excel_or_notepad_matches_its_students(tmp_path: Path) -> None:
    """Finding 7: a byte-order mark made the first name "\\ufeffann", who never matched."""
    for encoded in ("ann\nbob\n".encode("utf-8-sig"), "ann\r\nbob\r\n".encode("utf-16")):
        rows = roster_report(tmp_path, encoded, "ann", "bob")
        assert set(rows) == {"ann", "bob"}
        assert all(row["handed_in"] for row in rows.values())


def test_a_roster_matches_profiles_whatever_their_case(tmp_path: Path) -> None:
    rows = roster_report(tmp_path, b"Ann\nBOB\ncy\n", "ann", "Bob")
    assert {name: row["handed_in"] for name, row in rows.items()} == {
        "Ann": True, "BOB": True, "cy": False,
    }  # fmt: skip


def test_a_roster_of_names_and_profiles_shows_the_real_names(tmp_path: Path) -> None:
    roster = 'name,profile\nChloé Moreau,chloe\n"Martin, Léo",LEO\nZoé Petit,zoe\n'
    rows = roster_report(tmp_path, roster.encode("utf-8-sig"), "chloe", "leo", "sam")
    assert rows["Chloé Moreau"]["profile"] == "chloe" and rows["Chloé Moreau"]["handed_in"]
    assert rows["Martin, Léo"]["profile"] == "leo" and rows["Martin, Léo"]["reviews"] == 1
    assert rows["Zoé Petit"]["handed_in"] is False
    assert rows["sam"]["handed_in"] and rows["sam"]["profile"] == "sam"  # not on the roster
    semicolons = roster_report(tmp_path, "Chloé Moreau;chloe\n".encode(), "chloe")
    assert set(semicolons) == {"Chloé Moreau"}


def test_a_roster_that_is_not_text_is_one_clear_line(tmp_path: Path) -> None:
    answered = {"deck": "d", "card": "c", "time": "2026-01-01T10:00:00Z", "correct": True}
    path = tmp_path / "class.xlsx"
    path.write_bytes(b"PK\x03\x04\xff\xfe\x00garbage")
    result = run("report", str(write(tmp_path, "ann", [answered])), "--roster", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}: not a text file") and "Traceback" not in (
        result.output
    )
    assert len(result.stderr.splitlines()) == 1
