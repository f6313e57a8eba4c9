"""A JSON Schema (draft 2020-12) of the deck format, for editors and other tools.

It is built from the loader's own lists (``DECK_KEYS``, ``CARD_KEYS``, ``Kind``
and the slug, date and number patterns), so a key added to the loader without
a schema here fails loudly instead of drifting. The loader stays the judge: a
few rules (a choice answer must be one of the choices, ids are unique) cannot
be said in JSON Schema.
"""

from __future__ import annotations

from typing import Any

from quizdeck.decks.format import CARD_KEYS, DECK_KEYS, SLUG
from quizdeck.decks.images import MAX_IMAGE_NAME
from quizdeck.kinds import KINDS
from quizdeck.kinds.base import TEXT_SCHEMA, CardKind
from quizdeck.model import Kind
from quizdeck.settings import NEW_PER_DAY_RANGE, RETENTION_RANGE

DRAFT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]

_TEXT: Schema = TEXT_SCHEMA
_STRINGS: Schema = {"type": "array", "items": {"type": "string"}}
_STRING_OR_STRINGS: Schema = {"anyOf": [{"type": "string"}, _STRINGS]}

_DECK_PROPERTIES: dict[str, Schema] = {
    "id": {"$ref": "#/$defs/slug", "description": "Stable id of the deck, unique among decks."},
    "title": {**_TEXT, "description": "The deck's title."},
    "description": {"type": "string", "description": "What the deck is about."},
    "source": {"type": "string", "description": "The text the cards were written from."},
    "tags": {**_STRINGS, "description": "Tags every card of the deck gets."},
    "study": {
        "type": "object",
        "additionalProperties": False,
        "description": "Study settings for the deck's cards, used unless the student set their "
        "own ('quiz config set').",
        "properties": {
            "new_per_day": {
                "type": "integer",
                "minimum": NEW_PER_DAY_RANGE[0],
                "maximum": NEW_PER_DAY_RANGE[1],
                "description": "New cards of this deck introduced per day.",
            },
            "retention": {
                "type": "number",
                "minimum": RETENTION_RANGE[0],
                "maximum": RETENTION_RANGE[1],
                "description": "Desired retention: the chance of remembering a card when it "
                "comes due.",
            },
            "learning_steps": {
                "anyOf": [
                    {"type": "array", "maxItems": 10, "items": {"$ref": "#/$defs/step"}},
                    {"type": "string"},
                ],
                "description": 'Re-asks while learning, e.g. ["1m", "10m"] (s, m, h or d).',
            },
        },
    },
}

_CARD_PROPERTIES: dict[str, Schema] = {
    "id": {
        "$ref": "#/$defs/slug",
        "description": "Stable id, unique in the deck: progress is kept by deck id + card id.",
    },
    "fact": {
        "$ref": "#/$defs/slug",
        "description": "The fact the card tests; cards sharing a fact are siblings, kept apart.",
    },
    "kind": {"enum": [kind.value for kind in Kind], "description": "The kind of question."},
    "prompt": {**_TEXT, "description": "The question (cloze: the text with {{blanks}})."},
    "answer": {
        "description": "The answer: its form depends on the kind (not used by cloze cards; "
        "match: a list of [item, partner] pairs).",
    },
    "accept": {**_STRING_OR_STRINGS, "description": "More accepted answers."},
    "choices": {**_STRING_OR_STRINGS, "description": "The options of a choice card."},
    "distractors": {
        "const": "auto",
        "description": 'Choice cards: "auto" draws wrong options from the deck.',
    },
    "any_order": {
        "type": "boolean",
        "description": "Cloze cards: the blanks are a set, answered in any order.",
    },
    "correction": {
        "type": "string",
        "description": "Truefalse cards: the true fact, when the statement is false.",
    },
    "explanation": {"type": "string", "description": "Shown after the student answers."},
    "source": {
        "anyOf": [
            {"type": "string"},
            {"type": "integer"},
            {"type": "array", "items": {"type": ["integer", "string"]}},
        ],
        "description": 'Where the fact is in the deck\'s source: 3, [3, 4] or "3-4".',
    },
    "tags": {**_STRING_OR_STRINGS, "description": "Tags for choosing cards to study."},
    "image": {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_IMAGE_NAME,
        "pattern": "^[^/\\\\]",
        "description": "A picture shown with the question: a PNG, JPEG, GIF, WebP or SVG file "
        'in the deck\'s folder, e.g. "map.png" or "maps/lyon.png".',
    },
}

#: Keys that only some kinds take: refused on the others.
_KIND_KEYS = ("answer", "accept", "choices", "distractors", "any_order", "correction")


def _kind_rule(card_kind: CardKind) -> Schema:
    then: Schema = dict(card_kind.answer_schema())
    refused = [key for key in _KIND_KEYS if key not in card_kind.keys and key != "answer"]
    if refused:
        then = {"allOf": [then, {"not": {"anyOf": [{"required": [key]} for key in refused]}}]}
    return {"if": {"properties": {"kind": {"const": card_kind.kind.value}}}, "then": then}


def deck_schema() -> Schema:
    """The JSON Schema of a deck file (as TOML read into JSON, dates written as strings)."""
    deck_properties = {key: _DECK_PROPERTIES[key] for key in DECK_KEYS}
    card_properties = {key: _CARD_PROPERTIES[key] for key in CARD_KEYS}
    return {
        "$schema": DRAFT,
        "title": "quiz deck",
        "description": "A deck of quiz cards: a [deck] table and one [[card]] table per card.",
        "type": "object",
        "required": ["deck", "card"],
        "additionalProperties": False,
        "properties": {
            "deck": {"$ref": "#/$defs/deck"},
            "card": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/card"}},
            "entity": {
                "description": "The deck's glossary: each entity with all its names.",
                "type": "array",
                "items": {"$ref": "#/$defs/entity"},
            },
        },
        "$defs": {
            "slug": {"type": "string", "pattern": SLUG.pattern},
            "step": {
                "type": "string",
                "pattern": r"^\s*[0-9]{1,9}(\.[0-9]{1,6})?\s*[smhdSMHD]?\s*$",
            },
            "deck": {
                "type": "object",
                "required": ["id", "title"],
                "additionalProperties": False,
                "properties": deck_properties,
            },
            "entity": {
                "type": "object",
                "required": ["names"],
                "additionalProperties": False,
                "properties": {
                    "names": {
                        "description": "Every name of one person, group or place: the usual "
                        "one first, then other spellings, initials and translations.",
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "string", "minLength": 1},
                    }
                },
            },
            "card": {
                "type": "object",
                "required": ["id", "kind", "prompt"],
                "additionalProperties": False,
                "properties": card_properties,
                "allOf": [_kind_rule(card_kind) for card_kind in KINDS.values()],
            },
        },
    }


def schema_json() -> str:
    """The deck schema as indented JSON text."""
    import json

    return json.dumps(deck_schema(), indent=2, ensure_ascii=False)
