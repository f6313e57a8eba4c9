"""Tables line up as the terminal shows them: wide characters take two columns."""

from __future__ import annotations

from quizdeck.ui.table import clip, display_width, pad, table_lines


def test_width_counts_terminal_columns() -> None:
    assert display_width("Kadhimi") == 7
    assert display_width("日本") == 4  # two wide characters
    assert display_width("é") == 1 and display_width("e\u0301") == 1  # a combining accent


def test_columns_align_with_wide_characters() -> None:
    lines = table_lines(("Student", "Right"), [("日本語", 3), ("Ali", 12)], right={1})
    assert lines == ["Student  Right", "日本語       3", "Ali         12"]
    assert len({display_width(line) for line in lines}) == 1


def test_pad_and_clip() -> None:
    assert pad("日本", 6) == "日本  " and pad("7", 3, right=True) == "  7"
    assert clip("abcdef", 4) == "abc…" and clip("日本語", 5) == "日本…" and clip("ab", 4) == "ab"
