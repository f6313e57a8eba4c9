"""A deck of long texts, and a check that quiz showed them whole at a terminal's width.

Used by the plain-mode width tests and the real-terminal one (issue 26, findings 4 and 9):
nothing quiz prints may be cut, run past the width or break a word across lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from quizdeck.decks.loading import load_decks
from quizdeck.kinds import question_text
from quizdeck.model import Card, Kind
from quizdeck.ui.table import display_width
from quizdeck.ui.text import MAX_WIDTH

DECK = """\
[deck]
id = "wide"
title = "Wide"

[[card]]
id = "assembly"
kind = "text"
prompt = "Which assembly, meeting in the old city beside the river after the long winter, \
chose the magistrates who would govern the settlements along the northern frontier for the \
following decade?"
answer = "Senate"
explanation = "The council of elders, gathered every spring after the thaw, named the \
magistrates for ten years at a time and answered to nobody but the assembled households of \
the valley."

[[card]]
id = "pinned"
kind = "choice"
prompt = "Why were the militiamen of the northern frontier said to be pinned on easy ground \
for the whole of that summer?"
answer = "Because the supply roads behind them had been cut by the spring floods and could \
not be repaired before autumn"
choices = [
    "Because the supply roads behind them had been cut by the spring floods and could not be \
repaired before autumn",
    "Because the enemy cavalry had already occupied every ford along the river for several \
weeks",
    "Because their commanders had quarrelled over the division of the plunder from the \
previous campaign season",
]

[[card]]
id = "campaign"
kind = "order"
prompt = "Put these events of the long campaign in the order in which they happened, the \
earliest first and the latest last."
answer = [
    "The militiamen gathered in the market square of the old city and elected their captains",
    "The column marched north along the river road until the floods closed the crossings",
    "The garrison of the frontier fort surrendered after a siege of eleven weeks",
    "The council of elders recalled the surviving companies before the first snow",
]

[[card]]
id = "offices"
kind = "match"
prompt = "Match each office of the old city with the duty its holder carried out for the \
assembled households."
answer = [
    ["The keeper of the granaries", "rationed the grain through the winter months"],
    ["The warden of the river crossings", "collected the tolls from every passing boat"],
    ["The herald of the council", "read the decisions aloud in the market square"],
]

[[card]]
id = "thaw"
kind = "cloze"
prompt = "Every autumn before the frost the {{shepherds}} of the high pastures drove their \
flocks down to the lowland markets, where they stayed for {{number:7}} weeks before \
returning to the hills."
"""

#: What a session is answered with: "?" (not known) for every question and blank.
NOT_KNOWN = "?\n" * 40


def write_deck(folder: Path) -> Path:
    path = folder / "wide.toml"
    path.write_text(DECK, encoding="utf-8")
    return path


def shown_texts(path: Path) -> list[str]:
    """Each piece of deck text a session shows: questions, options, items, partners,
    explanations."""
    cards: list[Card] = [card for deck in load_decks([str(path)]) for card in deck.cards]
    texts: list[str] = []
    for card in cards:
        texts.append(question_text(card))
        texts.extend(card.choices)
        if card.kind is Kind.ORDER:
            texts.extend(card.answers)
        for item, partner in card.pairs:
            texts.extend((item, partner))
        if card.explanation:
            texts.append(card.explanation)
    return texts


def _has_run(tokens: Sequence[str], words: Sequence[str]) -> bool:
    """Whether ``words`` appear one after the other in ``tokens``."""
    first = words[0]
    return any(
        tokens[start : start + len(words)] == list(words)
        for start, token in enumerate(tokens)
        if token == first
    )


def assert_whole(lines: Iterable[str], texts: Iterable[str], columns: int) -> None:
    """No line is wider than quiz wraps to at ``columns``, and every text is there word for
    word: none cut, none broken across lines."""
    lines = [line.rstrip() for line in lines]
    widest = min(columns - 1, MAX_WIDTH)
    for line in lines:
        assert display_width(line) <= widest, f"wider than {widest} columns: {line!r}"
    tokens = " ".join(lines).split()
    for text in texts:
        assert _has_run(tokens, text.split()), f"not shown whole: {text!r}\n" + "\n".join(lines)
