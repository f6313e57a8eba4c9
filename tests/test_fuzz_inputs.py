"""Fuzzing every file quiz reads from other people, beyond decks: CSV files for
`quiz import`, progress exports for `quiz report`, and answers typed in plain mode.

Each property: no traceback, a message naming the file where there is a problem,
nothing written on failure, and output a terminal cannot be steered by.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizdeck.cli import main

pytestmark = pytest.mark.slow  # deselect with: pytest -m 'not slow'

EXAMPLES = int(os.environ.get("QUIZ_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: Text with the characters that break parsers: quotes, separators, newlines, controls.
NASTY = st.text(
    alphabet=st.sampled_from(list(",;\t\"'\n\r=+-@|\\{}[]:x1é\x1b\x9b\u202e²٣ ")),
    max_size=40,
)


def run_in(folder: Path, *args: str, stdin: str = "") -> Result:
    old = Path.cwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(main, list(args), input=stdin)
    finally:
        os.chdir(old)


def assert_calm(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output
    assert not UNSAFE.findall(result.output), result.output


@FUZZ
@given(
    header=st.lists(st.sampled_from(["prompt", "answer", "kind", "accept", "tags", "x", ""])),
    rows=st.lists(st.lists(NASTY, max_size=6), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_import_of_any_csv_is_calm(
    header: list[str], rows: list[list[str]], delimiter: str
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        lines = [delimiter.join(header), *(delimiter.join(row) for row in rows)]
        (folder / "cards.csv").write_text("\n".join(lines), encoding="utf-8")
        result = run_in(folder, "import", "cards.csv", "--deck", "out.toml")
        assert_calm(result)
        if result.exit_code != 0:
            assert "cards.csv" in result.output
        if (folder / "out.toml").exists():
            assert run_in(folder, "validate", "out.toml").exit_code == 0


JSON_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | NASTY
    | st.sampled_from(["2026-01-01T00:00:00+00:00", "0001-01-01T00:00:00+05:00", "9999-12-31"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(NASTY, children, max_size=3),
    max_leaves=10,
)

REVIEW = st.fixed_dictionaries(
    {},
    optional={
        "deck": JSON_VALUE | st.just("people"),
        "card": JSON_VALUE | st.just("c"),
        "time": JSON_VALUE,
        "correct": JSON_VALUE | st.booleans(),
        "mode": JSON_VALUE,
    },
)


@FUZZ
@given(
    profile=JSON_VALUE,
    exported_at=JSON_VALUE,
    reviews=st.lists(REVIEW | JSON_VALUE, max_size=4),
    cards=st.lists(
        st.dictionaries(st.sampled_from(["deck", "card", "reps", "lapses"]), JSON_VALUE)
    ),
)
def test_report_of_any_progress_file_is_calm(
    profile: Any, exported_at: Any, reviews: list[Any], cards: list[Any]
) -> None:
    data = {
        "format": "quiz-progress",
        "version": 1,
        "profile": profile,
        "exported_at": exported_at,
        "reviews": reviews,
        "cards": cards,
    }
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "student.json").write_text(json.dumps(data), encoding="utf-8")
        for fmt in ("table", "csv", "json"):
            result = run_in(folder, "report", "student.json", "--format", fmt)
            assert_calm(result)
            if result.exit_code != 0:
                assert "student.json" in result.output


@FUZZ
@given(answers=st.lists(NASTY | st.text(max_size=30), min_size=1, max_size=12))
def test_any_typed_answers_in_plain_mode_are_calm(answers: list[str]) -> None:
    lines = "\n".join(answer.replace("\n", " ").replace("\r", " ") for answer in answers)
    with tempfile.TemporaryDirectory() as name:
        result = run_in(Path(name), "practice", "--plain", "--count", "8", stdin=lines + "\n")
        assert_calm(result)


SETTING_NAMES = [
    "desired_retention", "new_per_day", "reviews_per_day", "learning_steps", "relearning_steps",
    "maximum_interval", "day_starts_at_hour", "leech_threshold", "leech_action", "colour",
]  # fmt: skip
VALUE = (
    NASTY
    | st.from_regex(r"[0-9]{1,30}(\.[0-9]{0,5})?[smhd]?( [0-9]{1,25}[smhd])?", fullmatch=True)
    | st.sampled_from(["nan", "inf", "-inf", "1e999", "-0", "0", "9" * 5000])
)


@FUZZ
@given(key=st.sampled_from(SETTING_NAMES), value=VALUE)
def test_any_config_value_is_calm(key: str, value: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        old = os.environ.get("QUIZ_HOME")
        os.environ["QUIZ_HOME"] = name
        try:
            result = run_in(Path(name), "config", "set", "--", key, value)
            assert_calm(result)
            assert_calm(run_in(Path(name), "config", "get"))
            assert_calm(run_in(Path(name), "due"))
        finally:
            if old is not None:
                os.environ["QUIZ_HOME"] = old


@FUZZ
@given(
    home=NASTY,
    profile=NASTY | st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,70}", fullmatch=True),
    sources=NASTY,
)
def test_any_quiz_variables_are_calm(home: str, profile: str, sources: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        env = {
            "QUIZ_HOME": str(Path(name) / home.replace("\x00", "")) if home else name,
            "QUIZ_PROFILE": profile.replace("\x00", ""),
            "QUIZ_SOURCES": sources.replace("\x00", ""),
        }
        for args in (["due"], ["decks"], ["history"], ["practice", "--plain", "--count", "1"]):
            old = Path.cwd()
            os.chdir(name)
            try:
                result = CliRunner().invoke(main, args, env=env, input="x\n")
            finally:
                os.chdir(old)
            assert_calm(result)


# --- The inputs of the December 2026 review: sources, Anki text and packages, CSV headers ------

#: Fragments the review pumped into its attacks: near-miss paragraph lists, unclosed braces and
#: clozes, quotes that never close. Drawn several at once and repeated, so the text is long.
ADVERSARIAL = st.builds(
    lambda parts, times: "".join(parts) * times,
    st.lists(
        st.sampled_from(["1, ", "1-1000, ", "¶ ", " and ", "{{", "}}", "{{c1::", "::", ',"a',
                         "<li>", "(", "[", " in a", "\t", "\\", "x", "9" * 12]),
        min_size=1, max_size=4,
    ),
    st.integers(min_value=1, max_value=3000),
)  # fmt: skip


@FUZZ
@given(source=ADVERSARIAL | NASTY, prompt=ADVERSARIAL | NASTY)
def test_any_card_source_or_anki_text_imports_calmly(source: str, prompt: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        rows = [["#separator:tab"], ["#html:true"], [prompt.replace("\t", " ") or "Q", "a", ""]]
        (folder / "anki.txt").write_text("\n".join("\t".join(r) for r in rows), encoding="utf-8")
        assert_calm(run_in(folder, "import", "anki.txt", "--deck", "a.toml"))
        with (folder / "cards.csv").open("w", encoding="utf-8", newline="") as handle:
            import csv

            csv.writer(handle).writerows([["prompt", "answer", "source"], ["Q?", "a", source]])
        result = run_in(folder, "import", "cards.csv", "--deck", "c.toml")
        assert_calm(result)
        if (folder / "c.toml").exists():
            assert_calm(run_in(folder, "validate", "c.toml"))


@FUZZ
@given(header=ADVERSARIAL | NASTY)
def test_any_csv_header_is_calm(header: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "h.csv").write_text(f"{header}\nq,a\n", encoding="utf-8")
        result = run_in(folder, "import", "h.csv", "--deck", "h.toml")
        assert_calm(result)


@FUZZ
@given(fields=st.lists(ADVERSARIAL | NASTY, min_size=1, max_size=3), cloze=st.booleans())
def test_any_anki_package_note_is_calm(fields: list[str], cloze: bool) -> None:
    import genanki

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        model = genanki.CLOZE_MODEL if cloze else genanki.BASIC_MODEL
        values = [*(field[:200_000] for field in fields), "", ""][:2]
        deck = genanki.Deck(2059400111, "Fuzz")
        deck.add_note(genanki.Note(model=model, fields=values))
        genanki.Package(deck).write_to_file(str(folder / "f.apkg"))
        assert_calm(run_in(folder, "import", "f.apkg", "--deck", "f.toml"))
