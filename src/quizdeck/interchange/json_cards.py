"""Cards as JSON: one object per card, for scripts and other tools, and read back (a card's
picture, ``image``, with the file when it lies beside the JSON file: see ``pictures_beside``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from quizdeck.decks.authoring import CardDraft, source_value
from quizdeck.decks.images import name_problem
from quizdeck.display import inert_json
from quizdeck.interchange.csv_cards import (
    CsvError,
    CsvRows,
    RowError,
    check_row_count,
    pictures_beside,
)
from quizdeck.kinds import kind_of
from quizdeck.kinds import spec as kind_of_kind
from quizdeck.model import Card, Kind


def card_to_dict(card: Card) -> dict[str, Any]:
    """A card as plain JSON data.

    ``answers`` lists every accepted answer; for ``order`` cards the items in
    order, for ``truefalse`` ``"true"`` or ``"false"``, for ``cloze`` the first
    answer of each blank (``blanks`` has every accepted answer per blank), for
    ``match`` the partner of each item (``pairs`` has the ``[item, partner]`` pairs).
    """
    data: dict[str, Any] = {
        "deck": card.deck_id,
        "id": card.id,
        "fact": card.fact,
        "kind": card.kind.value,
        "prompt": card.prompt,
        "answers": list(card.answers),
        "choices": list(card.choices),
        "explanation": card.explanation,
        "source": card.source,
        "paragraphs": list(card.paragraphs),
        "tags": list(card.tags),
    }
    data.update(kind_of(card).json_fields(card))
    if card.auto_distractors:
        data["distractors"] = "auto"
    if card.correction:
        data["correction"] = card.correction
    if card.image:
        data["image"] = card.image
    return data


def cards_to_json(cards: Sequence[Card]) -> str:
    """A JSON array of ``cards``, indented for reading and diffing."""
    text = json.dumps([card_to_dict(card) for card in cards], ensure_ascii=False, indent=2)
    return inert_json(text)


# --- import ------------------------------------------------------------------------------

#: Keys of an exported card that become keys of the deck's card as they are.
_TEXT_KEYS = ("id", "fact", "explanation", "correction", "image")


def read_json(path: Path, shown: str | None = None) -> CsvRows:
    """Read quiz's JSON export of cards back as card drafts, numbered from 1 like rows.

    Raises ``CsvError`` when the file cannot be read or is not a list of cards.
    """
    from quizdeck.files import CSV_LIMIT, describe_read_error, read_json

    name = shown or str(path)
    try:
        data = read_json(path, CSV_LIMIT)
    except FileNotFoundError:
        raise CsvError(f"{name}: no such file") from None
    except OSError as error:
        raise CsvError(f"{name}: cannot read: {describe_read_error(error)}") from None
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise CsvError(f"{name}: not JSON quiz can read ({str(error)[:80]})") from None
    if not isinstance(data, list):
        raise CsvError(f"{name}: a JSON import is a list of cards, as 'quiz export --format json'")
    check_row_count(name, len(data))
    result = CsvRows()
    for number, item in enumerate(data, start=1):
        draft, message = card_draft(item)
        if draft is None:
            result.errors.append(RowError(name, number, message))
        else:
            result.drafts.append((number, draft))
    pictures_beside(path, name, result)
    return result


def card_draft(item: object) -> tuple[CardDraft | None, str]:
    """A card draft from one exported card, or None and why not."""
    if not isinstance(item, dict):
        return None, "a card must be a JSON object"
    try:
        kind = Kind(str(item.get("kind", "text")))
    except ValueError:
        return None, f"unknown kind '{str(item.get('kind'))[:40]}'"
    prompt = item.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        return None, "the prompt is missing"
    texts = {key: item.get(key) for key in _TEXT_KEYS}
    wrong = [
        key for key, value in texts.items() if value is not None and not isinstance(value, str)
    ]
    if wrong:
        return None, f"'{wrong[0]}' must be a string"
    if texts["image"] and (wrong_name := name_problem(texts["image"])):
        return None, wrong_name
    answer, accept = kind_of_kind(kind).json_answer(item)
    if answer is None and kind_of_kind(kind).needs_answer:
        return None, "the answer is missing"
    draft = CardDraft(
        kind=kind,
        prompt=prompt,
        answer=answer,
        accept=accept,
        choices=_strings(item.get("choices")),
        auto_distractors=item.get("distractors") == "auto",
        any_order=item.get("any_order") is True,
        correction=texts["correction"] or "",
        explanation=texts["explanation"] or "",
        source=source_value(str(item.get("source") or "")),
        tags=_strings(item.get("tags")),
        id=texts["id"] or "",
        fact=texts["fact"] or "",
        image=texts["image"] or "",
    )
    return draft, ""


def _strings(value: object) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []
