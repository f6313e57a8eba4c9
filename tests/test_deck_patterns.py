"""The bundled decks cannot be passed by pattern instead of knowledge (issue 23).

"Always false" must not win on the true/false cards, and "pick the longest option" must not
win on the choice cards.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]


def cards() -> list[dict[str, Any]]:
    found = []
    for path in sorted((REPO / "decks").glob("*.toml")):
        found += tomllib.loads(path.read_text(encoding="utf-8")).get("card", [])
    return found


def test_true_false_answers_are_balanced() -> None:
    statements = [card["answer"] for card in cards() if card["kind"] == "truefalse"]
    share = sum(1 for answer in statements if answer is True) / len(statements)
    assert 0.35 <= share <= 0.65, f"{share:.0%} of {len(statements)} true/false cards are true"


def test_the_right_option_is_rarely_the_longest_and_never_far_longer() -> None:
    choice = [card for card in cards() if card["kind"] == "choice"]
    longest = []
    for card in choice:
        others = [option for option in card["choices"] if option != card["answer"]]
        mean = sum(map(len, others)) / len(others)
        assert len(card["answer"]) < 1.5 * mean, card["id"]
        if len(card["answer"]) >= max(map(len, others)):
            longest.append(card["id"])
    assert len(longest) * 3 <= len(choice), longest
