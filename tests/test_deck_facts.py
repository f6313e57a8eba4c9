"""Every point the bundled decks teach is still taught: tests/deck_facts.txt lists them.

A revision may merge, reword or drop cards, but a point of the article that a card asked
must still be asked by some card (or, for the few deliberately no longer asked, still be
shown by one). Deleting a fact by accident fails here.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
FACTS = Path(__file__).with_name("deck_facts.txt")
BLANK = re.compile(r"\{\{(.*?)\}\}")


def cards() -> list[dict[str, Any]]:
    found = []
    for path in sorted((REPO / "decks").glob("*.toml")):
        found += tomllib.loads(path.read_text(encoding="utf-8")).get("card", [])
    return found


def plain(value: object) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values]


def asked(card: dict[str, Any]) -> list[str]:
    """What a student must produce, pick or judge to answer the card."""
    kind = card["kind"]
    if kind == "cloze":
        texts = []
        for blank in BLANK.findall(card["prompt"]):
            texts += blank.split(":", 1)[-1].split("|")
        return texts
    if kind == "match":
        return [f"{item} = {partner}" for item, partner in card["answer"]] + [
            part for pair in card["answer"] for part in pair
        ]
    if kind == "truefalse":
        return [card["prompt"], card.get("correction", "")]
    return plain(card["answer"]) + plain(card.get("accept", []))


def shown(card: dict[str, Any]) -> list[str]:
    texts: list[str] = []
    for key, value in card.items():
        if key in ("id", "fact", "kind", "source", "tags"):
            continue
        if key == "answer" and card["kind"] == "match":
            texts += [part for pair in value for part in pair]
        else:
            texts += plain(value)
    return texts


def points() -> list[tuple[str, str, str]]:
    rows = []
    for line in FACTS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            mode, needle, what = (part.strip() for part in line.split("|", 2))
            assert mode in ("asked", "shown"), line
            rows.append((mode, needle, what))
    return rows


def found(needle: str, texts: list[str]) -> bool:
    def norm(text: str) -> str:
        return text.replace("\u2019", "'").casefold().strip()

    if needle.startswith("="):
        return any(norm(text) == norm(needle[1:]) for text in texts)
    pattern = re.compile(r"(?<!\w)" + re.escape(norm(needle)) + r"(?!\w)")
    return any(pattern.search(norm(text)) for text in texts)


ALL = cards()


@pytest.mark.parametrize(("mode", "needle", "what"), points(), ids=lambda v: str(v)[:40])
def test_every_listed_point_is_still_taught(mode: str, needle: str, what: str) -> None:
    texts = [t for card in ALL for t in (asked(card) if mode == "asked" else shown(card))]
    assert found(needle, texts), f"no card {mode} {needle!r}: {what}"


def test_the_list_is_not_trivially_small() -> None:
    assert len(points()) >= 140
