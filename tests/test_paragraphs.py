"""A card's ``source`` names paragraphs: read in linear time, with a cap on how many.

Adversarial review F1 (an exponential regex hung every command on "paragraphs 1, 2, …, 60 of
the article") and F2 (100,000 ranges of 1-1000 filled 3 GB).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from growth import pumped, superlinear
from quizdeck.cli import main
from quizdeck.model import MAX_PARAGRAPHS, SourceError, parse_paragraphs

#: The regex the parser replaced, kept here to check the parser reads what it read.
OLD = re.compile(
    r"\s*(?:¶|paragraphs?|paras?\.?|p\.)?\s*\d+(?:\s*[-–]\s*\d+)?"
    r"(?:\s*(?:,|and|&)\s*¶?\s*\d+(?:\s*[-–]\s*\d+)?)*\s*",
    re.IGNORECASE,
)


def old_parse(source: str) -> tuple[int, ...]:
    """What the regex read, with the parser's deliberate difference: a number of more than
    nine digits makes the source free text (it would not fit a paragraph number)."""
    if not OLD.fullmatch(source):
        return ()
    if any(len(run) > 9 for run in re.findall(r"\d+", source)):
        return ()
    numbers: list[int] = []
    for start, end in re.findall(r"(\d+)(?:\s*[-–]\s*(\d+))?", source):
        first = int(start)
        last = int(end) if end else first
        if last < first or last - first > 1000:
            last = first
        numbers.extend(range(first, last + 1))
    return tuple(numbers)


SOURCE_TEXT = st.lists(
    st.sampled_from(
        ["1", "23", "٣", " ", "\t", ",", "and", "AND", "&", "¶", "-", "–", "paragraph", "Paras.",
         "p.", "p", "of", "x", "1-3", "5 – 9", "chapter"]
    ),
    max_size=12,
).map("".join)  # fmt: skip


@given(SOURCE_TEXT)
def test_the_parser_reads_what_the_regex_read(source: str) -> None:
    assert parse_paragraphs(source) == old_parse(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [("7", (7,)), ("¶3, 5-6", (3, 5, 6)), ("paragraphs 2 and 4 & 6", (2, 4, 6)),
     ("p.7", (7,)), ("Para. 1–2", (1, 2)), ("chapter 3", ()), ("1, 2, x", ()), ("", ())],
)  # fmt: skip
def test_sources_name_paragraphs(source: str, expected: tuple[int, ...]) -> None:
    assert parse_paragraphs(source) == expected


@pytest.mark.parametrize(
    "make",
    [
        pumped("paragraphs ", "1, ", "of the article"),
        pumped("", "1 ,", "x"),
        pumped("¶", " ¶ 1 and", "!"),
        pumped("", " ", "x"),
        pumped("", "1-", "x"),
    ],
)
def test_reading_a_source_is_linear(make: object) -> None:
    assert callable(make)
    assert superlinear(parse_paragraphs, make) is None


def test_a_near_miss_list_of_sixty_is_free_text() -> None:
    source = "paragraphs " + ", ".join(str(n) for n in range(1, 61)) + " of the article"
    assert parse_paragraphs(source) == ()


def test_a_source_may_name_only_so_many_paragraphs() -> None:
    assert len(parse_paragraphs(f"1-{MAX_PARAGRAPHS}")) == MAX_PARAGRAPHS
    for source in [
        ", ".join(["1-1000"] * 100_000),
        list(range(MAX_PARAGRAPHS + 1)),
        "1-500, 1-501",
    ]:
        with pytest.raises(SourceError, match=f"at most {MAX_PARAGRAPHS}"):
            parse_paragraphs(source)


def test_a_number_too_long_for_int_is_free_text() -> None:
    assert parse_paragraphs("9" * 5000) == ()


def test_validate_names_the_line_of_a_source_with_too_many_paragraphs(tmp_path: Path) -> None:
    deck = tmp_path / "bomb.toml"
    source = ", ".join(["1-1000"] * 20_000)
    deck.write_text(
        '[deck]\nid = "bomb"\ntitle = "t"\n\n[[card]]\nid = "c1"\nkind = "text"\n'
        f'prompt = "p"\nanswer = "a"\nsource = "{source}"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(deck)])
    assert result.exit_code == 1
    assert "bomb.toml:10" in result.output
    assert f"at most {MAX_PARAGRAPHS} paragraphs" in result.output
    assert "Traceback" not in result.output
