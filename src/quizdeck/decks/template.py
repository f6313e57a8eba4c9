"""The text of a new deck file: a schema line, the [deck] table, one real example card and a
commented-out example of every other kind."""

from __future__ import annotations

from quizdeck.decks.authoring import SCHEMA_FILE, AuthoringError
from quizdeck.decks.format import SLUG
from quizdeck.kinds import KINDS
from quizdeck.model import Kind

#: The kind of the one real example card of a new deck.
REAL_EXAMPLE = Kind.TEXT


def _examples() -> str:
    """A commented-out example card of every kind but the real one, from the kinds' own."""
    lines = [
        '# More kinds of card. To use one, remove the "# " in front of its lines and change it.'
    ]
    for kind, card_kind in KINDS.items():
        for number, example in enumerate((card_kind.example, *card_kind.more_examples)):
            if kind is REAL_EXAMPLE and number == 0:
                continue
            suffix = "" if number == 0 else f"-{number + 1}"
            lines += ["#", "# [[card]]", f'# id = "{kind.value}-example{suffix}"']
            lines.append(_commented(f'# kind = "{kind.value}"', example.note))
            lines += [f"# {line}" for line in example.toml.splitlines()]
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def _commented(line: str, comment: str) -> str:
    """``line`` with ``comment`` lined up with the comments of the template."""
    return f"{line.ljust(34)} # {comment}" if comment else line


def default_title(deck_id: str) -> str:
    """A readable title for a deck id: ``roman-history`` → ``Roman history``."""
    words = deck_id.replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def new_deck_text(deck_id: str, title: str, *, example: bool = True) -> str:
    """The text of a new deck file: a schema line, the [deck] table and, with ``example``,
    one real example card and a commented-out example of every other kind."""
    if not SLUG.fullmatch(deck_id):
        raise AuthoringError([f"deck id '{deck_id}' must be lowercase letters, digits and hyphens"])
    head = "\n".join(
        [
            f"#:schema ./{SCHEMA_FILE}",
            "# A quiz deck. The line above lets editors check this file as you type; create",
            f"# the schema file next to it with: quiz schema -o {SCHEMA_FILE}",
            "# Check the deck with `quiz validate FILE`; add cards with `quiz add FILE`.",
            "",
            "[deck]",
            _commented(
                f"id = {_toml_string(deck_id)}", "never change it once students have started"
            ),
            f"title = {_toml_string(title)}",
            _commented('# description = "What the deck is about."', ""),
            _commented('# source = "article.txt"', "the text the cards were written from"),
            _commented('# tags = ["history"]', "tags every card of the deck gets"),
            "",
        ]
    )
    if not example:
        return head
    card = """
# One [[card]] table per card. A card's id is where students' progress is kept:
# keep ids stable. This example card is real (a deck needs at least one card):
# change it or delete it once you have cards of your own.

[[card]]
id = "example-capital"
kind = "text"                      # graded leniently: case, accents, small typos
prompt = "What is the capital of France?"
answer = "Paris"
accept = ["Paris, France"]         # more accepted answers (optional)
explanation = "Paris has been the capital since the 10th century, with short breaks."
source = 1                         # where the fact is in the source: 3, [3, 4] or "3-4"
tags = ["example"]

"""
    return head + card + _examples()
