"""quiz report --format html: one self-contained page with the report's tables and charts."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from quizdeck.cli import main
from quizdeck.report.exports import Review
from quizdeck.report.html import student_card_tallies

HOSTILE_STUDENT = '<script>alert("hi")</script>'
HOSTILE_DECK = '"><img src=x onerror=alert(1)>'
HOSTILE_ANSWER = '</td><a href="http://evil.example/">click</a>'
HOSTILE_PROMPT = "<b>Who</b> & <i>when</i>?"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def review(deck: str, card: str, correct: bool, minute: int, given: str = "") -> dict[str, Any]:
    time = f"2026-01-0{1 + minute // 60}T10:{minute % 60:02d}:00Z"
    return {"deck": deck, "card": card, "time": time, "mode": "start", "given": given,
            "correct": correct}  # fmt: skip


def write_export(folder: Path, profile: str, reviews: list[dict[str, Any]], name: str) -> Path:
    data = {"format": "quiz-progress", "version": 1, "profile": profile,
            "exported_at": "2026-01-10T00:00:00Z", "reviews": reviews, "cards": []}  # fmt: skip
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def class_files(tmp_path: Path) -> list[Path]:
    """Ann and Bob on deck "geo" (cards "capital" and "river"), in one week."""
    ann = [review("geo", "capital", False, 1, "Basra"), review("geo", "capital", True, 2),
           review("geo", "river", True, 3), review("geo", "river", True, 200)]  # fmt: skip
    bob = [review("geo", "capital", False, 4, "Basra"), review("geo", "capital", False, 5, "Mosul")]
    return [write_export(tmp_path, "ann", ann, "ann"), write_export(tmp_path, "bob", bob, "bob")]


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    deck = tmp_path / "geo.toml"
    deck.write_text(
        '[deck]\nid = "geo"\ntitle = "Geography"\n\n'
        '[[card]]\nid = "capital"\nkind = "text"\nprompt = "Which city is the capital?"\n'
        'answer = "Baghdad"\n\n'
        f'[[card]]\nid = "river"\nkind = "text"\nprompt = {json.dumps(HOSTILE_PROMPT)}\n'
        'answer = "Tigris"\n',
        encoding="utf-8",
    )
    return deck


class Page(HTMLParser):
    """The parts of a page the tests look at: tags, attributes, headings, tables, text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[str, str]] = []
        self.tables_per_section: list[int] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._heading: str | None = None
        self._in_style = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("h1", "h2"):
            self._heading = tag
            self.headings.append((tag, ""))
        elif tag == "section":
            self.tables_per_section.append(0)
        elif tag == "table":
            self.tables_per_section[-1] += 1
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self._heading = None
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
        else:
            self.text.append(data)
        if self._heading:
            tag, before = self.headings[-1]
            self.headings[-1] = (tag, before + data)


def html_report(tmp_path: Path, *args: str) -> tuple[str, Result]:
    out = tmp_path / "class.html"
    result = run("report", *args, "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8"), result


def test_the_page_has_a_heading_and_one_table_per_section(
    class_files: list[Path], deck_file: Path, tmp_path: Path
) -> None:
    page_text, result = html_report(tmp_path, *map(str, class_files), "--decks", str(deck_file))
    assert f"Wrote the class report to {tmp_path / 'class.html'}" in result.stderr
    assert result.stdout == ""
    page = Page(page_text)
    assert page_text.startswith("<!DOCTYPE html>")
    assert page.headings == [
        ("h1", "Class report"),
        ("h2", "Students (flagged first)"),
        ("h2", "Hardest questions (of 2 answered)"),
        ("h2", "Who gets which question right"),
        ("h2", "Week by week (the class)"),
        ("h2", "Each student"),
    ]
    # then a section per student (ann, bob) in "Each student", each with its deck
    assert page.tables_per_section == [1, 1, 1, 1, 0, 1, 1]
    text = " ".join(" ".join(page.text).split())
    assert "Which city is the capital?" in text
    assert "Basra (2)" in text and "Mosul (1)" in text  # the common wrong answers
    assert "2026-W01" in text and "2026-W53" not in text


def test_the_charts_show_their_numbers(class_files: list[Path], tmp_path: Path) -> None:
    page_text, _ = html_report(tmp_path, *map(str, class_files))
    page = Page(page_text)
    fills = [attrs["style"] for tag, attrs in page.tags if attrs.get("class") == "fill"]
    # first tries: ann 2 of 3 (her second "capital" was a re-ask), bob 0 of 1; questions:
    # capital 25 %, river 100 %; one week: 6 answers; then ann's and bob's sections
    assert fills == ["width: 66.7%", "width: 0.0%", "width: 25.0%", "width: 100.0%",
                     "width: 100.0%", "width: 66.7%", "width: 0.0%"]  # fmt: skip
    cells = [attrs for tag, attrs in page.tags if tag == "td" and "title" in attrs]
    assert [cell["title"] for cell in cells] == ["1 of 2 right", "2 of 2 right", "0 of 2 right"]
    assert page_text.count('<td class="muted">-</td>') >= 1  # bob never answered "river"


def test_student_card_tallies_count_each_students_answers() -> None:
    from datetime import datetime, timezone

    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    reviews = [
        Review("ann", "d", "c", moment, "start", True),
        Review("ann", "d", "c", moment, "start", False),
        Review("bob", "d", "c", moment, "start", True),
        Review("bob", "d", "other", moment, "start", False),
    ]
    assert student_card_tallies(reviews, [("d", "c")]) == {
        ("ann", "d", "c"): [2, 1],
        ("bob", "d", "c"): [1, 1],
    }


def test_student_and_deck_text_is_escaped(deck_file: Path, tmp_path: Path) -> None:
    reviews = [review(HOSTILE_DECK, "c\x1b[31m", False, 1, HOSTILE_ANSWER),
               review("geo", "river", False, 2, "\u202eevil")]  # fmt: skip
    path = write_export(tmp_path, HOSTILE_STUDENT, reviews, "x")
    page_text, _ = html_report(tmp_path, str(path))
    with_prompts, _ = html_report(tmp_path, str(path), "--decks", str(deck_file))
    for text_of_page in (page_text, with_prompts):
        page = Page(text_of_page)
        assert not {tag for tag, _attrs in page.tags} & {"script", "img", "a", "b", "i"}
        assert "\x1b" not in text_of_page and "\u202e" not in text_of_page
    text = "".join(Page(page_text).text)
    for hostile in (HOSTILE_STUDENT, HOSTILE_DECK, HOSTILE_ANSWER):
        assert hostile in text  # shown as text, letter for letter
    assert "c\\x1b[31m" in text and "\\u202eevil" in text  # control characters shown
    assert HOSTILE_PROMPT in "".join(Page(with_prompts).text)
    assert "&lt;script&gt;" in page_text


def test_nothing_outside_the_page_is_referenced(
    class_files: list[Path], deck_file: Path, tmp_path: Path
) -> None:
    page_text, _ = html_report(tmp_path, *map(str, class_files), "--decks", str(deck_file))
    page = Page(page_text)
    allowed = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "section",
               "div", "table", "thead", "tbody", "tr", "th", "td", "span", "ol", "ul", "li",
               "svg", "line", "polyline", "circle"}  # fmt: skip
    assert {tag for tag, _attrs in page.tags} <= allowed
    for _tag, attrs in page.tags:
        assert not set(attrs) & {"src", "href", "srcset", "action", "data", "poster"}
        assert "url(" not in (attrs.get("style") or "")
    css = "".join(page.styles)
    assert "url(" not in css and "@import" not in css
    assert "http" not in page_text and "//" not in css


def test_the_file_is_replaced_atomically(
    class_files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "class.html"
    out.write_text("the old report", encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("quizdeck.files.os.replace", fail)
    result = run("report", *map(str, class_files), "--format", "html", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: cannot write {out}: No space left on device"
    assert out.read_text(encoding="utf-8") == "the old report"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ann.json", "bob.json",
                                                                "class.html"]  # fmt: skip
    monkeypatch.undo()
    assert run("report", *map(str, class_files), "--format", "html", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_unwritable_output_is_one_clear_line(class_files: list[Path], tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "class.html"
    result = run("report", *map(str, class_files), "--format", "html", "-o", str(missing))
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {missing}: No such file or directory\n"
    folder = run("report", *map(str, class_files), "--format", "html", "-o", str(tmp_path))
    assert folder.exit_code == 2 and "is a directory" in folder.stderr
    assert "Traceback" not in result.output + folder.output


def test_other_formats_also_write_to_a_file(class_files: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "class.txt"
    assert run("report", *map(str, class_files), "-o", str(out)).exit_code == 0
    table = out.read_text(encoding="utf-8")
    assert "Students" in table and "\x1b" not in table
    out_json = tmp_path / "class.out"
    assert (
        run("report", *map(str, class_files), "--format", "json", "-o", str(out_json)).exit_code
        == 0
    )
    assert {row["student"] for row in json.loads(out_json.read_text())["students"]} == {
        "ann",
        "bob",
    }
    printed = run("report", *map(str, class_files), "--format", "html", "-o", "-")
    assert printed.exit_code == 0 and printed.stdout.startswith("<!DOCTYPE html>")
