"""The look of quiz's prompts: one prompt_toolkit style (prompt_toolkit itself leaves colour
out under NO_COLOR)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prompt_toolkit.styles import Style


def style() -> Style:
    """The style of every prompt quiz draws."""
    from prompt_toolkit.styles import Style

    return Style.from_dict(
        {
            "question": "bold",
            "instruction": "fg:ansibrightblack",
            "picked": "bold reverse",
            "answer": "fg:ansicyan bold",
            "note": "fg:ansiyellow",
            "countdown": "fg:ansibrightblack",
        }
    )
