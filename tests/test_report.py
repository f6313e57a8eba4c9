"""quiz report: the class report over students' progress exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.decks.loading import find_card, load_decks
from quizdeck.model import Mode, Rating
from quizdeck.store import Store

DAY1 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
DAY2 = DAY1 + timedelta(days=1)
A, B = "biden-who", "kadhimi-former-post"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def answer(store: Store, card_id: str, correct: bool, when: datetime) -> None:
    card = find_card(load_decks(["people"]), "people", card_id)
    store.record_review(
        card, mode=Mode.START, given="x", correct=correct, score=float(correct),
        rating=Rating.GOOD if correct else Rating.AGAIN, duration_ms=1500, now=when,
    )  # fmt: skip


def export(store: Store, path: Path, profile: str, when: datetime) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        store.export(handle, "json", profile=profile, now=when)
    return path


@pytest.fixture
def exports(tmp_path: Path) -> list[Path]:
    """Alice exports on two days (the second file repeats the first); Bob once, as 'default'."""
    with Store.open(tmp_path / "alice.sqlite3") as alice:
        answer(alice, A, False, DAY1)
        answer(alice, A, True, DAY1 + timedelta(minutes=10))
        answer(alice, B, True, DAY1 + timedelta(minutes=11))
        first = export(alice, tmp_path / "alice-monday.json", "alice", DAY1 + timedelta(hours=1))
        answer(alice, A, True, DAY2)
        second = export(alice, tmp_path / "alice-tuesday.json", "alice", DAY2 + timedelta(hours=1))
    with Store.open(tmp_path / "bob.sqlite3") as bob:
        answer(bob, A, True, DAY1)
        answer(bob, A, False, DAY2)
        third = export(bob, tmp_path / "bob.json", "default", DAY2 + timedelta(hours=2))
    return [first, second, third]


def report_json(*args: str) -> dict[str, Any]:
    result = run("report", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_report_per_student_and_deck(exports: list[Path]) -> None:
    data = report_json(*map(str, exports))
    assert [row["student"] for row in data["students"]] == ["alice", "bob"]
    rows = {row["student"]: row for row in data["student_decks"]}
    assert set(rows) == {"alice", "bob"}
    alice, bob = rows["alice"], rows["bob"]
    assert (alice["deck"], alice["cards_seen"], alice["reviews"], alice["correct"]) == (
        "people", 2, 4, 3,
    )  # fmt: skip
    assert alice["accuracy"] == 0.75
    assert alice["retention"] == 1.0  # the two later answers to card A were right
    assert alice["last_activity"] == DAY2.isoformat()
    assert (bob["cards_seen"], bob["reviews"], bob["correct"]) == (1, 2, 1)
    assert bob["retention"] == 0.0


def test_hardest_cards_with_prompts(exports: list[Path]) -> None:
    data = report_json(*map(str, exports))
    hardest = data["cards"][0]
    assert (hardest["deck"], hardest["card"]) == ("people", A)
    assert (hardest["students"], hardest["reviews"], hardest["correct"]) == (2, 5, 3)
    latest = [json.loads(path.read_text())["cards"] for path in exports[1:]]
    assert hardest["lapses"] == sum(
        c["lapses"] for cards in latest for c in cards if c["card"] == A
    )
    assert hardest["prompt"].startswith("Which Western head of state")
    assert [card["card"] for card in data["cards"]] == [A, B]


def test_the_same_file_twice_counts_once(exports: list[Path]) -> None:
    once = report_json(*map(str, exports))
    twice = report_json(*map(str, exports), str(exports[1]))
    assert once["students"] == twice["students"]


def test_a_folder_stands_for_its_json_files(exports: list[Path]) -> None:
    data = report_json(str(exports[0].parent))
    assert {row["student"] for row in data["students"]} == {"alice", "bob"}


def test_table_output(exports: list[Path]) -> None:
    result = run("report", *map(str, exports))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("3 file(s), 2 student(s), 6 answers · as of ")
    header = next(line for line in lines if line.startswith("student"))
    assert header.split() == ["student", "flags", "last", "active", "first", "try", "mastered",
                              "overdue", "seen", "answers", "time"]  # fmt: skip
    assert any(line.startswith("alice ") and "67%" in line for line in lines)  # 2 of 3 first
    assert "Week by week (the class)" in result.output
    assert "Hardest cards (of 2 answered)" in result.output
    assert "Which Western head of state" in result.output
    assert "\x1b[" not in result.output


def test_csv_output(exports: list[Path]) -> None:
    students = run("report", *map(str, exports), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(students.stdout)))
    assert [row["student"] for row in rows] == ["alice", "bob"]
    assert rows[1]["first_try_accuracy"] == "0.5"
    decks = run("report", *map(str, exports), "--format", "csv", "--rows", "decks")
    rows = list(csv.DictReader(io.StringIO(decks.stdout)))
    assert [(row["student"], row["deck_title"]) for row in rows] == [
        ("alice", "Who's who: the Kadhimi assassination attempt"),
        ("bob", "Who's who: the Kadhimi assassination attempt"),
    ]
    assert rows[1]["retention"] == "0.0"
    cards = run("report", *map(str, exports), "--format", "csv", "--rows", "cards")
    rows = list(csv.DictReader(io.StringIO(cards.stdout)))
    assert rows[0]["card"] == A and rows[0]["prompt"].startswith("Which")


def test_decks_option_limits_the_report(exports: list[Path]) -> None:
    idle = report_json(*map(str, exports), "--decks", "election")
    assert [(row["reviews"], row["last_activity"], row["flags"]) for row in idle["students"]] == [
        (0, None, ["not started"]), (0, None, ["not started"]),
    ]  # fmt: skip
    assert idle["student_decks"] == []
    data = report_json(*map(str, exports), "--decks", "people")
    assert len(data["students"]) == 2 == len(data["student_decks"])


def test_unknown_prompts_are_left_empty(exports: list[Path], tmp_path: Path) -> None:
    deck = tmp_path / "other.toml"
    deck.write_text('[deck]\nid = "people"\ntitle = "P"\n\n[[card]]\nid = "z"\nkind = "text"\n'
                    'prompt = "Z?"\nanswer = "z"\n')  # fmt: skip
    data = report_json(*map(str, exports), "--decks", str(deck))
    assert {card["prompt"] for card in data["cards"]} == {""}
    table = run("report", *map(str, exports), "--decks", str(deck))
    assert "(not in the decks found)" in table.output
    assert "name the deck files with --decks FILE" in table.output


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"not json at all", "not a quiz progress export (not JSON)"),
        (b"\xff\xfe", "not a quiz progress export (not JSON)"),
        (b"time,deck\n", "not a quiz progress export (not JSON)"),
        (b'{"format": "anki"}', "not a quiz progress export"),
        (b"[1, 2]", "not a quiz progress export"),
        (b'{"format": "quiz-progress", "version": 9}', "progress export version 9 is not"),
        (b'{"format": "quiz-progress", "version": 1, "exported_at": "2026-01-01T00:00:00+00:00",'
         b' "reviews": [{"deck": "people"}]}', "malformed progress export: review 1 has no"),
        (b'{"format": "quiz-progress", "version": 1, "exported_at": "yesterday",'
         b' "reviews": []}', "malformed progress export"),
        (b'{"format": "quiz-progress", "version": 1, "exported_at": "2026-01-01T00:00:00+00:00",'
         b' "reviews": {}}', "malformed progress export"),
        (b'{"format": "quiz-progress", "version": 1, "exported_at": "2026-01-01T00:00:00+00:00",'
         b' "reviews": [], "cards": [{"deck": "p", "card": "c", "lapses": "many"}]}',
         "malformed progress export"),
        # numbers and times no study log holds: once an OverflowError that lost the report
        (b'{"format": "quiz-progress", "version": 1, "exported_at": "2026-01-01T00:00:00+00:00",'
         b' "reviews": [], "cards": [{"deck": "p", "card": "c", "lapses": Infinity}]}',
         "malformed progress export"),
        (b'{"format": "quiz-progress", "version": 1, "exported_at": "2026-01-01T00:00:00+00:00",'
         b' "reviews": [], "cards": [{"deck": "p", "card": "c", "reps": -3}]}',
         "malformed progress export"),
        (b'{"format": "quiz-progress", "version": 1, "exported_at": "2026-01-01T00:00:00+00:00",'
         b' "reviews": [], "cards": [{"deck": "p", "card": "c", "reps": ' + b"9" * 4000 + b"}]}",
         "malformed progress export"),
        (b'{"format": "quiz-progress", "version": 1, "exported_at": "0001-01-01T00:00:00+05:00",'
         b' "reviews": []}', "malformed progress export"),
        (b'{"format": "quiz-progress", "version": 1, "exported_at": "9999-12-31T23:00:00-05:00",'
         b' "reviews": []}', "malformed progress export"),
    ],
)  # fmt: skip
def test_bad_files_are_named_and_skipped(
    exports: list[Path], tmp_path: Path, content: bytes, reason: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run("report", str(bad), *map(str, exports), "--format", "json")
    assert result.exit_code == 0, result.output
    assert f"{bad}: {reason}" in result.stderr
    assert "Traceback" not in result.output
    assert {row["student"] for row in json.loads(result.stdout)["students"]} == {"alice", "bob"}


def test_nothing_usable_is_a_failure(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    result = run("report", str(bad), str(tmp_path / "missing.json"))
    assert result.exit_code == 1
    assert "notes.txt: not a quiz progress export" in result.stderr
    assert "missing.json: cannot read" in result.stderr
    assert "no progress files" in result.stderr


def test_report_needs_files() -> None:
    assert run("report").exit_code == 2


def test_hand_written_export_and_ranking(tmp_path: Path) -> None:
    """Lowest accuracy first; at equal accuracy, most lapses first."""

    def review(card: str, correct: bool, minute: int) -> dict[str, Any]:
        return {"deck": "d", "card": card, "time": f"2026-01-01T10:{minute:02d}:00+00:00",
                "mode": "practice", "given": "", "correct": correct, "score": 1.0,
                "rating": "good", "duration_ms": 1}  # fmt: skip

    data = {
        "format": "quiz-progress", "version": 1, "profile": "",
        "exported_at": "2026-01-02T00:00:00Z",
        "reviews": [review("x", False, 1), review("y", False, 2), review("z", True, 3),
                    review("y", True, 4), review("x", True, 5)],
        "cards": [{"deck": "d", "card": "x", "reps": 2, "lapses": 3},
                  {"deck": "d", "card": "y", "reps": 2, "lapses": 1}],
    }  # fmt: skip
    path = tmp_path / "carol.json"
    path.write_text(json.dumps(data))
    result = report_json(str(path))
    assert result["students"][0]["student"] == "carol"
    assert [card["card"] for card in result["cards"]] == ["x", "y", "z"]
    assert result["student_decks"][0]["retention"] == 1.0


def test_hardest_means_surely_hard_and_shows_the_common_wrong_answers(tmp_path: Path) -> None:
    """One wrong answer does not outrank a card that three students keep missing."""

    def review(card: str, correct: bool, minute: int, given: str = "") -> dict[str, Any]:
        return {"deck": "d", "card": card, "time": f"2026-01-01T10:{minute:02d}:00+00:00",
                "mode": "start", "given": given, "correct": correct}  # fmt: skip

    for number, name in enumerate(("ann", "bob", "cy")):
        reviews = [review("struggle", False, number * 10 + 1, "Baghdad"),
                   review("struggle", False, number * 10 + 2, " baghdad "),
                   review("struggle", number == 0, number * 10 + 3, "Basra")]  # fmt: skip
        if name == "ann":
            reviews.append(review("fluke", False, 50, "oops"))
        data = {"format": "quiz-progress", "version": 1, "profile": name,
                "exported_at": "2026-01-02T00:00:00Z", "reviews": reviews, "cards": []}  # fmt: skip
        (tmp_path / f"{name}.json").write_text(json.dumps(data))
    result = report_json(*(str(path) for path in sorted(tmp_path.glob("*.json"))))
    first, second = result["cards"][:2]
    assert (first["card"], second["card"]) == ("struggle", "fluke")  # fluke: 0 % on 1 answer
    assert first["struggle"] > second["struggle"] and second["accuracy"] < first["accuracy"]
    # counted per student: three students said Baghdad (twice each), two said Basra
    assert first["wrong_answers"] == [{"answer": "Baghdad", "students": 3},
                                      {"answer": "Basra", "students": 2}]  # fmt: skip
    table = CliRunner().invoke(main, ["report", *map(str, sorted(tmp_path.glob("*.json")))])
    assert "Most common wrong answers (students who gave each)" in table.output
    assert "d/struggle: Baghdad (3); Basra (2)" in table.output


def test_students_are_told_apart_by_id_and_idle_ones_are_listed(tmp_path: Path) -> None:
    def export(name: str, identity: str, reviews: list[dict[str, Any]]) -> None:
        data = {"format": "quiz-progress", "version": 1, "profile": "default",
                "student_id": identity, "exported_at": "2026-01-02T00:00:00Z",
                "reviews": reviews, "cards": []}  # fmt: skip
        (tmp_path / f"{name}.json").write_text(json.dumps(data))

    answer = {"deck": "d", "card": "c", "time": "2026-01-01T10:00:00+00:00", "correct": True}
    export("default", "aaaaaaaa-1111-4111-8111-111111111111", [answer])
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "default.json").write_text(
        (tmp_path / "default.json").read_text().replace("aaaaaaaa-1111", "bbbbbbbb-2222")
    )
    export("idle", "cccccccc-3333-4333-8333-333333333333", [])
    result = CliRunner().invoke(
        main, ["report", "--format", "json", str(tmp_path / "default.json"),
               str(tmp_path / "b" / "default.json"), str(tmp_path / "idle.json")],
    )  # fmt: skip
    data = json.loads(result.stdout)
    names = sorted(row["student"] for row in data["students"])
    assert names == ["default (aaaaaa)", "default (bbbbbb)", "idle"]
    assert "2 students are named 'default'" in result.stderr
    (idle,) = [row for row in data["students"] if row["student"] == "idle"]
    assert idle["reviews"] == 0 and idle["last_activity"] is None


def test_an_export_carries_the_profiles_lasting_id(tmp_path: Path) -> None:
    from quizdeck.store import Store

    with Store.for_profile("default") as store:
        first = store.identity()
    with Store.for_profile("default") as store:
        assert store.identity() == first and len(first) == 36
    out = tmp_path / "me.json"
    assert CliRunner().invoke(main, ["progress", "export", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["student_id"] == first


def test_roster_coverage_time_and_weeks(exports: list[Path], tmp_path: Path) -> None:
    roster = tmp_path / "class.txt"
    roster.write_text("alice\nbob\n  dora  \n\n", encoding="utf-8")
    data = report_json(*map(str, exports), "--roster", str(roster))
    rows = {row["student"]: row for row in data["students"]}
    assert rows["dora"]["handed_in"] is False and rows["dora"]["reviews"] == 0
    assert rows["dora"]["flags"] == ["no file"]
    alice = {row["student"]: row for row in data["student_decks"]}["alice"]
    assert alice["deck_cards"] > 0 and 0 < alice["coverage"] <= 1
    assert alice["minutes"] >= 0 and isinstance(alice["due_now"], int)
    assert sum(week["answers"] for week in data["weeks"]) == sum(
        row["reviews"] for row in data["students"]
    )
    table = run("report", *map(str, exports), "--roster", str(roster)).output
    assert "no file handed in" in table
    bad = run("report", *map(str, exports), "--roster", str(tmp_path / "missing.txt"))
    assert bad.exit_code == 1 and "missing.txt: cannot read" in bad.output


def test_the_html_page_stands_alone_and_escapes_student_text(tmp_path: Path) -> None:
    evil = '<script>alert(1)</script> "Bob"'
    reviews = [
        {"deck": "d", "card": "c<1>", "time": "2026-01-05T10:00:00+00:00", "correct": False,
         "given": "<img src=x onerror=alert(2)>"},
        {"deck": "d", "card": "c<1>", "time": "2026-01-12T10:00:00+00:00", "correct": True},
    ]  # fmt: skip
    data = {"format": "quiz-progress", "version": 1, "profile": evil,
            "exported_at": "2026-01-13T00:00:00Z", "reviews": reviews, "cards": []}  # fmt: skip
    (tmp_path / "bob.json").write_text(json.dumps(data))
    page = tmp_path / "class.html"
    result = run("report", str(tmp_path / "bob.json"), "--format", "html", "-o", str(page))
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    for heading in ("Students", "Hardest questions", "Who gets which question right", "Week by",
                    "Each student"):  # fmt: skip
        assert f"<h2>{heading}" in text
    assert text.count("<table") == 5
    assert "<script" not in text and "<img" not in text and "&lt;script&gt;" in text
    lowered = text.lower()
    assert "http" not in lowered and "src=" not in lowered.replace("&lt;img src=", "")
    assert "href" not in lowered and "@import" not in lowered and "url(" not in lowered
    assert "2026-W02" in text and "2026-W03" in text


def test_answers_students_claimed_right_are_listed_per_card(tmp_path: Path) -> None:
    """Three students say a refused answer was right; one only rates a right answer Hard."""
    card = find_card(load_decks(["people"]), "people", A)
    files = []
    for number, (given, claims) in enumerate(
        [("the PM of Iraq", True), ("The PM  of Iraq", True), ("the pm of iraq", True),
         ("Kadhimi", False)]
    ):  # fmt: skip
        with Store.open(tmp_path / f"s{number}.sqlite3") as store:
            recorded = store.record_review(
                card, mode=Mode.START, given=given, correct=not claims, score=float(not claims),
                rating=Rating.AGAIN if claims else Rating.GOOD, duration_ms=900, now=DAY1,
            )  # fmt: skip
            rating = Rating.GOOD if claims else Rating.HARD
            store.amend_review(recorded.review_id, correct=True, score=1.0, rating=rating, now=DAY1)
            files.append(export(store, tmp_path / f"s{number}.json", f"s{number}", DAY2))
    exported = json.loads(files[0].read_text(encoding="utf-8"))["reviews"][0]
    assert exported["claimed_right"] is True
    assert json.loads(files[3].read_text(encoding="utf-8"))["reviews"][0]["claimed_right"] is False
    data = report_json(*map(str, files))
    (result,) = [item for item in data["cards"] if item["card"] == A]
    assert result["claimed_right"] == [{"answer": "the PM of Iraq", "students": 3}]
    table = run("report", *map(str, files)).output
    assert "Answers students say were right" in table
    assert f"people/{A}: the PM of Iraq (3)" in table
    rows = list(csv.DictReader(io.StringIO(run("report", *map(str, files), "--format", "csv",
                                               "--rows", "cards").output)))  # fmt: skip
    assert rows[0]["claimed_right"] == "the PM of Iraq (3)"
