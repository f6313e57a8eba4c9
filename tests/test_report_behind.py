"""Who is behind, and on what (issue 27): first tries, mastered and overdue cards, flags with the
flagged students first, names in a human order, deck titles, options picked, the whole grid."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.report.students import (
    FALLING_DAYS,
    FALLING_DROP,
    FALLING_TRIES,
    falling,
    human_key,
)

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZ_NOW", NOW.isoformat())


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def report_json(*args: str) -> dict[str, Any]:
    result = run("report", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def answer(
    card: str, correct: bool, when: datetime, given: str = "", deck: str = "d"
) -> dict[str, Any]:
    return {"deck": deck, "card": card, "time": when.isoformat(), "correct": correct,
            "given": given}  # fmt: skip


def state(card: str, stability: float, due: datetime, **more: Any) -> dict[str, Any]:
    return {"deck": "d", "card": card, "stability": stability, "due": due.isoformat(), **more}


def write(folder: Path, name: str, reviews: list[dict[str, Any]],
          cards: list[dict[str, Any]] | None = None) -> Path:  # fmt: skip
    data = {"format": "quiz-progress", "version": 1, "profile": name,
            "exported_at": (NOW - timedelta(hours=1)).isoformat(), "reviews": reviews,
            "cards": cards or []}  # fmt: skip
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_names_sort_as_people_sort_them() -> None:
    names = ["zoë", "Émile", "bob", "Eddy", "adam", "Fay", "Zack"]
    assert sorted(names, key=human_key) == ["adam", "bob", "Eddy", "Émile", "Fay", "Zack", "zoë"]


def test_first_try_accuracy_leaves_re_asks_out(tmp_path: Path) -> None:
    """A strong student misses one card and is asked it again and again within the sitting:
    every answer counted, she showed 42 %; her first tries are 5 of 6."""
    day = NOW - timedelta(days=1)
    reviews = [answer(f"c{n}", True, day + timedelta(minutes=n)) for n in range(5)]
    reviews += [answer("hard", False, day + timedelta(minutes=10 + n)) for n in range(7)]
    reviews += [answer("hard", True, day + timedelta(minutes=30))]
    reviews += [answer("hard", True, day - timedelta(days=2))]  # an earlier sitting
    (row,) = report_json(str(write(tmp_path, "ann", reviews)))["students"]
    assert (row["reviews"], row["correct"]) == (14, 7)
    assert (row["first_tries"], row["first_try_accuracy"]) == (7, round(6 / 7, 4))
    assert row["accuracy"] == 0.5
    assert [(day["first_tries"], day["right"]) for day in row["days"]] == [(1, 1), (6, 5)]


def test_mastered_overdue_and_days_idle_come_from_the_newest_export(tmp_path: Path) -> None:
    cards = [state("a", 30.0, NOW + timedelta(days=20)), state("b", 21.0, NOW),
             state("c", 20.9, NOW - timedelta(days=3)), state("d", 2.0, NOW - timedelta(hours=5)),
             state("e", 1.0, NOW - timedelta(days=9), suspended=True)]  # fmt: skip
    reviews = [answer("a", True, NOW - timedelta(days=2, hours=1))]
    (row,) = report_json(str(write(tmp_path, "ann", reviews, cards)))["students"]
    assert row["mastered"] == 2  # 21 days or more
    assert row["overdue"] == 1  # due over a day ago: "d" is due today, "e" is suspended
    assert row["days_idle"] == 2 and row["flags"] == []


def test_the_flags_and_the_flagged_students_first(tmp_path: Path) -> None:
    recent = NOW - timedelta(days=1)
    steady = [answer(f"c{n}", True, recent - timedelta(minutes=n)) for n in range(3)]
    tries = FALLING_TRIES + 5
    falling_reviews = [  # all right the week before, then 60 %: down 40 points
        answer(f"c{n}", n < tries or n % 5 < 3,
               NOW - timedelta(days=13 - n // tries * 7, minutes=n))
        for n in range(2 * tries)
    ]  # fmt: skip
    overdue = [state(f"o{n}", 3.0, NOW - timedelta(days=4)) for n in range(10)]
    files = [
        write(tmp_path, "Zoé", steady),
        write(tmp_path, "amir", steady),
        write(tmp_path, "Bea", [answer("c", True, NOW - timedelta(days=7, minutes=1))]),
        write(tmp_path, "carl", steady, overdue),
        write(tmp_path, "dee", falling_reviews),
        write(tmp_path, "eve", []),
    ]
    roster = tmp_path / "class.txt"
    roster.write_text("amir\nBea\ncarl\ndee\neve\nfinn\nZoé\n", encoding="utf-8")
    args = [*map(str, files), "--roster", str(roster)]
    data = report_json(*args)
    flags = [(row["student"], row["flags"]) for row in data["students"]]
    assert flags == [
        ("Bea", ["inactive"]), ("carl", ["backlog"]), ("dee", ["falling"]),
        ("eve", ["not started"]), ("finn", ["no file"]), ("amir", []), ("Zoé", []),
    ]  # fmt: skip
    order = [name for name, _ in flags]
    table = run("report", *args).output.split("Students (flagged first)", 1)[1]
    lines = table.splitlines()[2 : 2 + len(order)]
    assert [line.split()[0] for line in lines] == order
    assert "inactive" in lines[0] and "7 days ago" in lines[0] and "no file handed in" in lines[4]
    assert "Flags: inactive 7+ days; backlog 10+ overdue" in table
    rows = list(csv.DictReader(io.StringIO(run("report", *args, "--format", "csv").stdout)))
    assert [(row["student"], row["flags"]) for row in rows][:2] == [("Bea", "inactive"),
                                                                   ("carl", "backlog")]  # fmt: skip
    page = tmp_path / "class.html"
    assert run("report", *args, "--format", "html", "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    students = html.split("<h2>Students", 1)[1].split("</table>", 1)[0]
    assert [students.index(f"<td>{name}</td>") for name in order] == sorted(
        students.index(f"<td>{name}</td>") for name in order
    )
    assert '<span class="flag">falling</span>' in students


def test_falling_needs_two_full_weeks_and_a_clear_drop() -> None:
    def week(ago: int, right: int, wrong: int) -> list[tuple[datetime, bool]]:
        moment = NOW - timedelta(days=ago)
        return [(moment, True)] * right + [(moment, False)] * wrong

    tries = FALLING_TRIES
    wrong = math.ceil(FALLING_DROP * tries)
    assert falling(week(10, tries, 0) + week(2, tries - wrong, wrong), NOW)
    assert not falling(week(10, tries, 0) + week(2, tries - wrong + 1, wrong - 1), NOW)
    assert not falling(week(10, tries - 1, 0) + week(2, 0, tries), NOW)  # too few before
    assert not falling(week(20, tries, 0) + week(2, 0, tries), NOW)  # not the week before
    assert FALLING_DAYS == 7


def test_deck_titles_options_picked_and_wrong_answers_per_student(tmp_path: Path) -> None:
    deck = tmp_path / "geo.toml"
    deck.write_text(
        '[deck]\nid = "geo"\ntitle = "Rivers and capitals"\n\n'
        '[[card]]\nid = "ocean"\nkind = "choice"\nprompt = "Largest ocean?"\n'
        'answer = "Pacific"\nchoices = ["Atlantic", "Pacific", "Indian"]\n\n'
        '[[card]]\nid = "flat"\nkind = "truefalse"\nprompt = "The earth is flat."\n'
        "answer = false\n",
        encoding="utf-8",
    )
    day = NOW - timedelta(days=1)

    def picks(*given: str) -> list[dict[str, Any]]:
        return [answer("ocean", text == "Pacific", day + timedelta(minutes=n), text, "geo")
                for n, text in enumerate(given)]  # fmt: skip

    files = [
        write(tmp_path, "ann", picks("Atlantic", "Atlantic", "Atlantic", "Pacific")),
        write(tmp_path, "bob", picks("Atlantic", "Pacific")),
        write(tmp_path, "cy", [*picks("Indian"), answer("flat", True, day, "false", "geo")]),
    ]
    data = report_json(*map(str, files), "--decks", str(deck))
    ocean = next(card for card in data["cards"] if card["card"] == "ocean")
    assert ocean["deck_title"] == "Rivers and capitals"
    assert ocean["options"] == [
        {"option": "Atlantic", "right": False, "students": 2},
        {"option": "Pacific", "right": True, "students": 2},
        {"option": "Indian", "right": False, "students": 1},
    ]
    assert ocean["wrong_answers"] == [{"answer": "Atlantic", "students": 2},
                                      {"answer": "Indian", "students": 1}]  # fmt: skip
    flat = next(card for card in data["cards"] if card["card"] == "flat")
    assert [(o["option"], o["right"], o["students"]) for o in flat["options"]] == [
        ("true", False, 0), ("false", True, 1),
    ]  # fmt: skip
    assert data["student_decks"][0]["deck_title"] == "Rivers and capitals"
    table = run("report", *map(str, files), "--decks", str(deck)).output
    assert "Rivers and capitals" in table
    assert "geo/ocean: Atlantic (2); ✓ Pacific (2); Indian (1)" in table
    cards = run("report", *map(str, files), "--decks", str(deck), "--format", "csv",
                "--rows", "cards").stdout  # fmt: skip
    row = next(row for row in csv.DictReader(io.StringIO(cards)) if row["card"] == "ocean")
    assert row["options"] == "Atlantic (2) | ✓ Pacific (2) | Indian (1)"


def test_the_grid_covers_every_question_with_readable_headings(tmp_path: Path) -> None:
    deck = tmp_path / "many.toml"
    deck.write_text(
        '[deck]\nid = "many"\ntitle = "Many"\n\n'
        + "\n".join(
            f'[[card]]\nid = "q{n}"\nkind = "text"\nprompt = "Question number {n}, a long one '
            f'that goes on and on about the subject?"\nanswer = "a{n}"\n'
            for n in range(15)
        ),
        encoding="utf-8",
    )
    day = NOW - timedelta(days=1)
    reviews = [answer(f"q{n}", n % 3 > 0, day + timedelta(minutes=n), deck="many")
               for n in range(15)]  # fmt: skip
    page = tmp_path / "class.html"
    result = run("report", str(write(tmp_path, "ann", reviews)), "--decks", str(deck),
                 "--top", "3", "--format", "html", "-o", str(page))  # fmt: skip
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    grid = html.split("<h2>Who gets which question right", 1)[1].split("</table>", 1)[0]
    headings = grid.split("<tbody>", 1)[0]
    assert headings.count('class="question"') == 15
    assert "<span>…7, a long one that goes on and on abou…</span>" in headings  # opening left out
    assert 'title="Question number 7, a long one that goes on and on about the subject? ' in (
        headings
    )
    questions = html.split("<h2>Hardest questions", 1)[1].split("</table>", 1)[0]
    assert questions.count("<tr>") == 4  # the header and the top 3


def test_each_student_has_a_section_with_a_trend_line(tmp_path: Path) -> None:
    reviews = [answer("a", n % 2 == 0, NOW - timedelta(days=5 - n), "Paris") for n in range(4)]
    files = [write(tmp_path, "ann", reviews), write(tmp_path, "bob", reviews[:1])]
    page = tmp_path / "class.html"
    assert run("report", *map(str, files), "--format", "html", "-o", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    sections = html.split("<h2>Each student</h2>", 1)[1]
    assert sections.count('<section class="student') == 2
    ann = sections.split("<h3>ann</h3>", 1)[1].split("</section>", 1)[0]
    assert ann.count("<svg") == 1 and ann.count("<circle") == 4 and "<polyline" in ann
    assert "Missed most on a first try" in ann and "Paris" in ann
    bob = sections.split("<h3>bob</h3>", 1)[1].split("</section>", 1)[0]
    assert "<polyline" not in bob and bob.count("<circle") == 1  # one day: a dot, no line
    students = html.split("<h2>Students", 1)[1].split("</table>", 1)[0]
    assert students.count("<svg") == 2
