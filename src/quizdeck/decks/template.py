"""The text of a new deck file: a schema line, the [deck] table, one real example card and a
commented-out example of every other kind."""

from __future__ import annotations

from quizdeck.decks.authoring import SCHEMA_FILE, AuthoringError
from quizdeck.decks.format import SLUG

_EXAMPLES = """\
# More kinds of card. To use one, remove the "# " in front of its lines and change it.
#
# [[card]]
# id = "person-example"
# kind = "person"                  # the family name alone is also accepted
# prompt = "Who wrote 'Pride and Prejudice'?"
# answer = "Jane Austen"
#
# [[card]]
# id = "number-example"
# kind = "number"                  # digits or words ("forty-eight") are accepted
# prompt = "How many member states does the European Union have?"
# answer = 27
#
# [[card]]
# id = "year-example"
# kind = "year"
# prompt = "In what year did the Berlin Wall fall?"
# answer = 1989
#
# [[card]]
# id = "date-example"
# kind = "date"                    # "YYYY", "YYYY-MM" or "YYYY-MM-DD"; students answer in any form
# prompt = "On what date did Apollo 11 land on the Moon?"
# answer = "1969-07-20"
#
# [[card]]
# id = "choice-example"
# kind = "choice"
# prompt = "Which planet is closest to the Sun?"
# answer = "Mercury"
# choices = ["Mercury", "Venus", "Mars", "Earth"]
#
# [[card]]
# id = "choice-auto-example"
# kind = "choice"
# prompt = "Which river flows through Baghdad?"
# answer = "Tigris"
# distractors = "auto"             # wrong options are drawn from the answers of the deck
#
# [[card]]
# id = "truefalse-example"
# kind = "truefalse"
# prompt = "True or false: the Great Wall of China is visible from the Moon with the naked eye."
# answer = false
# correction = "It is far too narrow to be seen from the Moon."
#
# [[card]]
# id = "order-example"
# kind = "order"                   # the items in the right order; the student puts them back
# prompt = "Put these planets in order, nearest the Sun first."
# answer = ["Mercury", "Venus", "Earth", "Mars"]
#
# [[card]]
# id = "cloze-example"
# kind = "cloze"                   # blanks: {{answer}}, {{answer|variant}}, {{year:1989}}
# prompt = "The Berlin Wall fell in {{year:1989}}, and Germany reunified in {{year:1990}}."
#
# [[card]]
# id = "match-example"
# kind = "match"                   # [item, partner] pairs; the partners are shuffled
# prompt = "Match each capital with its country."
# answer = [["Lima", "Peru"], ["Quito", "Ecuador"], ["La Paz", "Bolivia"]]
"""


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
    return head + card + _EXAMPLES
