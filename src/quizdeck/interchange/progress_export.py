"""Writing a profile's progress out: the review log as CSV, or the log and card states as JSON.

The rows come straight from the database; states and ratings are written by name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from quizdeck.display import inert_json
from quizdeck.interchange.spreadsheet import CsvWriter
from quizdeck.model import Rating
from quizdeck.store.rows import RATING_NAMES, REVIEW_FIELDS, STATE_NAMES, readable_row

EXPORT_FORMAT = "quiz-progress"
EXPORT_VERSION = 1


@readable_row("card")
def card_export(row: Sequence[Any]) -> dict[str, Any]:
    """A stored card row as a flat dict for the progress export (state by name)."""
    deck, card, state, step, stability, difficulty, due, last, *rest = row
    reps, lapses, suspended, buried, content_hash, leech, first_seen = rest
    return {
        "deck": deck,
        "card": card,
        "state": STATE_NAMES[state],
        "step": step,
        "stability": stability,
        "difficulty": difficulty,
        "due": due,
        "last_review": last,
        "reps": reps,
        "lapses": lapses,
        "suspended": bool(suspended),
        "buried_until": buried,
        "leech": bool(leech),
        "first_seen": first_seen,
        "content_hash": content_hash,
    }


#: The columns of a review in the export: the stored ones, and whether the student said
#: "I was right" (an amended review rated Good: the only amendment that sets Good).
EXPORT_FIELDS = (*REVIEW_FIELDS, "claimed_right")


@readable_row("review")
def review_export(row: Sequence[Any]) -> dict[str, Any]:
    """A review row as :meth:`ReviewRow.to_dict` gives it, straight from the stored text, and
    ``claimed_right``."""
    rid, when, deck, card, mode, given, correct, score, rating, duration, before, amended = row
    return {
        "id": rid,
        "time": when,
        "deck": deck,
        "card": card,
        "mode": mode,
        "given": given,
        "correct": bool(correct),
        "score": score,
        "rating": RATING_NAMES[rating],
        "duration_ms": duration,
        "state_before": STATE_NAMES[before],
        "amended_at": amended,
        "claimed_right": amended is not None and rating == Rating.GOOD,
    }


def write_csv(out: TextIO, reviews: Iterable[dict[str, Any]]) -> int:
    writer = CsvWriter(out, EXPORT_FIELDS)
    writer.header()
    count = 0
    for review in reviews:
        writer.row({k: _csv_value(v) for k, v in review.items()})
        count += 1
    return count


def _csv_value(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_json(
    out: TextIO,
    header: dict[str, Any],
    reviews: Iterable[dict[str, Any]],
    cards: Iterable[dict[str, Any]],
) -> int:
    """Stream one JSON object, one review or card per line, so a big log is never all in memory."""
    out.write(inert_json(json.dumps(header, ensure_ascii=False))[:-1])
    count = 0
    for name, items in (("reviews", reviews), ("cards", cards)):
        out.write(f', "{name}": [')
        for index, item in enumerate(items):
            out.write(
                ("," if index else "") + "\n  " + inert_json(json.dumps(item, ensure_ascii=False))
            )
            count += name == "reviews"
        out.write("\n]")
    out.write("}\n")
    return count
