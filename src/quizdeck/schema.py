"""A JSON Schema (draft 2020-12) of the deck format, for editors and other tools.

It is built from the loader's own lists (``DECK_KEYS``, ``CARD_KEYS``, ``Kind``
and the slug, date and number patterns), so a key added to the loader without
a schema here fails loudly instead of drifting. The loader stays the judge: a
few rules (a choice answer must be one of the choices, ids are unique) cannot
be said in JSON Schema.
"""

from __future__ import annotations

from typing import Any

from quizdeck.cards import Kind
from quizdeck.deck import CARD_KEYS, DECK_KEYS, ISO_DATE, NUMBER, SLUG

DRAFT = "https://json-schema.org/draft/2020-12/schema"
Schema = dict[str, Any]

_TEXT: Schema = {"type": "string", "pattern": r"\S"}
_STRINGS: Schema = {"type": "array", "items": {"type": "string"}}
_STRING_OR_STRINGS: Schema = {"anyOf": [{"type": "string"}, _STRINGS]}

_DECK_PROPERTIES: dict[str, Schema] = {
    "id": {"$ref": "#/$defs/slug", "description": "Stable id of the deck, unique among decks."},
    "title": {**_TEXT, "description": "The deck's title."},
    "description": {"type": "string", "description": "What the deck is about."},
    "source": {"type": "string", "description": "The text the cards were written from."},
    "tags": {**_STRINGS, "description": "Tags every card of the deck gets."},
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
        "description": "The answer: its form depends on the kind (not used by cloze cards).",
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
}

_YEAR: Schema = {
    "anyOf": [
        {"type": "integer", "minimum": 1, "maximum": 9999},
        {"type": "string", "pattern": r"^\s*\d{1,4}\s*$"},
    ]
}
_NUMBER: Schema = {
    "anyOf": [
        {"type": "integer"},
        {"type": "number"},
        {"type": "string", "pattern": NUMBER.pattern},
    ]
}
_DATE: Schema = {
    "anyOf": [
        {"type": "string", "pattern": ISO_DATE.pattern},
        {"type": "integer", "minimum": 1, "maximum": 9999},
    ]
}
_TRUE_FALSE: Schema = {
    "anyOf": [
        {"type": "boolean"},
        {"type": "string", "pattern": r"^\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\s*$"},
    ]
}
_NOT_CHOICE = {"not": {"anyOf": [{"required": ["choices"]}, {"required": ["distractors"]}]}}


def _many(value: Schema) -> Schema:
    """``value``, or a non-empty list of such values."""
    return {"anyOf": [value, {"type": "array", "items": value, "minItems": 1}]}


#: What each kind requires of a card, beyond the keys every card has.
KIND_RULES: dict[Kind, Schema] = {
    Kind.TEXT: {"properties": {"answer": _many(_TEXT)}},
    Kind.PERSON: {"properties": {"answer": _many(_TEXT)}},
    Kind.NUMBER: {"properties": {"answer": _many(_NUMBER)}},
    Kind.YEAR: {"properties": {"answer": _many(_YEAR)}},
    Kind.DATE: {"properties": {"answer": _many(_DATE)}},
    Kind.CHOICE: {
        "properties": {"answer": _many(_TEXT)},
        "anyOf": [{"required": ["choices"]}, {"required": ["distractors"]}],
    },
    Kind.TRUEFALSE: {"properties": {"answer": _TRUE_FALSE}},
    Kind.ORDER: {
        "properties": {
            "answer": {"type": "array", "items": _TEXT, "minItems": 2, "uniqueItems": True}
        }
    },
    Kind.CLOZE: {
        "properties": {"prompt": {"type": "string", "pattern": r"\{\{[^}]*[^}\s][^}]*\}\}"}},
        "not": {"required": ["answer"]},
    },
}


def _kind_rule(kind: Kind) -> Schema:
    rule = dict(KIND_RULES[kind])
    required = ["answer"] if kind is not Kind.CLOZE else []
    then: Schema = {**rule, "required": required} if required else rule
    if kind is not Kind.CHOICE:
        then = {"allOf": [then, _NOT_CHOICE]}
    return {"if": {"properties": {"kind": {"const": kind.value}}}, "then": then}


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
        },
        "$defs": {
            "slug": {"type": "string", "pattern": SLUG.pattern},
            "deck": {
                "type": "object",
                "required": ["id", "title"],
                "additionalProperties": False,
                "properties": deck_properties,
            },
            "card": {
                "type": "object",
                "required": ["id", "kind", "prompt"],
                "additionalProperties": False,
                "properties": card_properties,
                "allOf": [_kind_rule(kind) for kind in Kind],
            },
        },
    }


def schema_json() -> str:
    """The deck schema as indented JSON text."""
    import json

    return json.dumps(deck_schema(), indent=2, ensure_ascii=False)
