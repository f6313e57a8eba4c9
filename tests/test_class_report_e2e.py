"""A 30-student class made with the store's own code: the teacher reads which questions to teach
again and who has not started, in the terminal and in the HTML page."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.decks.reader import check_deck_file
from quizdeck.model import Mode, Rating
from quizdeck.store import Store

DECK = """\
[deck]
id = "capitals"
title = "Capitals"

[[card]]
id = "peru"
kind = "text"
prompt = "Capital of Peru?"
answer = "Lima"

[[card]]
id = "bolivia"
kind = "text"
prompt = "Seat of government of Bolivia?"
answer = "La Paz"

[[card]]
id = "chile"
kind = "text"
prompt = "Capital of Chile?"
answer = "Santiago"
"""
START = datetime(2026, 2, 2, 9, tzinfo=timezone.utc)


@pytest.fixture
def classroom(tmp_path: Path) -> tuple[Path, Path, list[Path]]:
    deck_path = tmp_path / "capitals.toml"
    deck_path.write_text(DECK, encoding="utf-8")
    deck, _ = check_deck_file(deck_path)
    assert deck is not None
    rng = random.Random(30)
    exports = []
    for number in range(30):
        name = f"student{number:02d}"
        with Store.for_profile(name) as store:
            for day in range(3 if number < 27 else 0):  # three students never start
                for card in deck.cards:
                    wrong = card.id == "bolivia" and rng.random() < 0.8
                    given = "Sucre" if wrong else card.answers[0]
                    when = START + timedelta(days=day, minutes=number)
                    recorded = store.record_review(
                        card, mode=Mode.START, given=given, correct=not wrong,
                        score=float(not wrong), rating=Rating.AGAIN if wrong else Rating.GOOD,
                        duration_ms=4000, now=when,
                    )  # fmt: skip
                    if wrong and number % 3 == 0:  # "I was right": Sucre is a capital too
                        store.amend_review(
                            recorded.review_id,
                            correct=True,
                            score=1.0,
                            rating=Rating.GOOD,
                            now=when,
                        )
        out = tmp_path / f"{name}.json"
        result = CliRunner().invoke(main, ["progress", "export", "--profile", name, "-o", str(out)])
        assert result.exit_code == 0, result.output
        exports.append(out)
    roster = tmp_path / "class.txt"
    names = [f"student{number:02d}" for number in range(30)] + ["late-lucy"]
    roster.write_text("\n".join(names) + "\n", encoding="utf-8")
    return deck_path, roster, exports


def test_the_teacher_sees_what_to_reteach_and_who_has_not_started(
    classroom: tuple[Path, Path, list[Path]], tmp_path: Path
) -> None:
    deck_path, roster, exports = classroom
    args = ["report", *map(str, exports), "--decks", str(deck_path), "--roster", str(roster)]
    table = CliRunner().invoke(main, args)
    assert table.exit_code == 0, table.output
    text = table.output
    hardest = text.split("Hardest cards", 1)[1].splitlines()
    assert "Capitals  bolivia" in hardest[2]  # the first row under the header
    assert "capitals/bolivia: Sucre (" in text
    for name in ("student27", "student28", "student29"):
        assert any(line.startswith(name) and "not started" in line for line in text.splitlines())
    assert any(line.startswith("late-lucy") and "no file handed in" in line
               for line in text.splitlines())  # fmt: skip
    page = tmp_path / "class.html"
    html = CliRunner().invoke(main, [*args, "--format", "html", "-o", str(page)])
    assert html.exit_code == 0, html.output
    content = page.read_text(encoding="utf-8")
    teach = content.split("<h2>Hardest questions", 1)[1].split("<h2>", 1)[0]
    assert teach.index("bolivia") < teach.index("peru")
    assert "Sucre" in teach and "late-lucy" in content and "not started" in content


def test_the_class_teaches_the_grader(
    classroom: tuple[Path, Path, list[Path]], tmp_path: Path
) -> None:
    """Students who said "I was right" are listed per card with how many said so; the teacher
    accepts the answer with quiz accept, and from then on the grader takes it."""
    from quizdeck.kinds import grade

    deck_path, _roster, exports = classroom
    args = ["report", *map(str, exports), "--decks", str(deck_path), "--format", "json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    (bolivia,) = [card for card in json.loads(result.stdout)["cards"] if card["card"] == "bolivia"]
    (claim,) = bolivia["claimed_right"]
    assert claim["answer"] == "Sucre" and 3 <= claim["students"] <= 10
    accepted = CliRunner().invoke(main, ["accept", str(deck_path), "bolivia", claim["answer"]])
    assert accepted.exit_code == 0, accepted.output
    deck, _ = check_deck_file(deck_path)
    assert deck is not None
    (card,) = [card for card in deck.cards if card.id == "bolivia"]
    assert grade(card, "Sucre").correct and grade(card, "La Paz").correct
    assert not grade(card, "Lima").correct


@pytest.fixture(scope="module")
def flagged_class(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], str]:
    """bench/classroom.py's class of 30 (made with the store's own code): the report's
    arguments, and the moment to make it as of."""
    import runpy

    build = runpy.run_path(str(Path(__file__).parents[1] / "bench" / "classroom.py"))
    folder = tmp_path_factory.mktemp("class")
    classroom = build["build_class"](folder)
    args = ["report", *map(str, classroom.exports), "--decks", str(classroom.deck),
            "--roster", str(classroom.roster)]  # fmt: skip
    return args, build["NOW"].isoformat()


def test_a_class_of_30_shows_the_flagged_students_first_in_every_format(
    flagged_class: tuple[list[str], str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv
    import io
    import json

    args, now = flagged_class
    monkeypatch.setenv("QUIZ_NOW", now)

    def output(fmt: str) -> str:
        result = CliRunner().invoke(main, [*args, "--format", fmt])
        assert result.exit_code == 0, result.output
        return result.stdout

    students = json.loads(output("json"))["students"]
    assert len(students) == 30
    flags = {row["student"]: row["flags"] for row in students}
    assert flags["Émile Durand"] == flags["ethan Girard"] == ["inactive", "backlog"]
    assert flags["Hugo Lefèvre"] == flags["Jade Lambert"] == ["backlog"]
    assert flags["Nathan Robin"] == flags["Noah Dubois"] == ["falling"]
    assert flags["Mila Garnier"] == flags["Tom Perrin"] == flags["Lou Henry"] == ["not started"]
    assert flags["Victor Lucas"] == ["no file"] and flags["Chloé Moreau"] == []
    order = [row["student"] for row in students]
    flagged = [name for name in order if flags[name]]
    assert order[: len(flagged)] == flagged and 10 <= len(flagged) < 20
    assert order.index("Émile Durand") < order.index("ethan Girard") < order.index("Hugo Lefèvre")

    table = output("table").split("Students (flagged first)", 1)[1].splitlines()[2:32]
    assert [order.index(next(n for n in order if line.startswith(n))) for line in table] == list(
        range(30)
    )
    rows = list(csv.DictReader(io.StringIO(output("csv"))))
    assert [row["student"] for row in rows] == order
    assert [row["flags"] for row in rows[:2]] == ["inactive; backlog"] * 2
    page = tmp_path / "class.html"
    result = CliRunner().invoke(main, [*args, "--format", "html", "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    listed = html.split("<h2>Students", 1)[1].split("</table>", 1)[0]
    places = [listed.index(f"<td>{name}</td>") for name in order]
    assert places == sorted(places)
    sections = html.split("<h2>Each student</h2>", 1)[1]
    places = [sections.index(f"<h3>{name}</h3>") for name in order]
    assert places == sorted(places)
    assert sections.count('<section class="student flagged">') == len(flagged)
