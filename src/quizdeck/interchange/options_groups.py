"""An Anki deck's options group read back as the deck's ``[deck.study]``: new cards a day,
learning steps and desired retention, each only where it differs from Anki's defaults (a value
the teacher chose, not one Anki filled in). Both of Anki's layouts: the ``dconf`` JSON of the
``col`` row (schema 11), or the ``deck_config`` table's protocol-buffer messages (schema 18).
A value quiz would refuse in a deck (out of its bounds) is left out."""

from __future__ import annotations

import json
import sqlite3
import struct
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

from quizdeck.interchange import protobuf
from quizdeck.settings import NEW_PER_DAY_RANGE, RETENTION_RANGE, SETTINGS, parse_steps

#: Anki's defaults: new cards a day, learning steps (minutes), desired retention.
ANKI_NEW_PER_DAY = 20
ANKI_STEPS = (1.0, 10.0)
ANKI_RETENTION = 0.9

#: A deck's ``[deck.study]`` values as TOML holds them (``learning_steps`` as ``["2m"]``).
Study = dict[str, Any]


def deck_studies(db: sqlite3.Connection, names: set[str]) -> dict[int, Study]:
    """The study values of each Anki deck (by its id) whose options differ from Anki's
    defaults; decks on default options are left out."""
    if {"deck_config", "decks"} <= names:
        groups = {key: _proto_group(config) for key, config in _rows(db, "deck_config")}
        decks = {key: _proto_group_id(kind) for key, kind in _rows(db, "decks", "kind")}
    else:
        row = db.execute("SELECT dconf, decks FROM col").fetchone()
        groups = {int(key): _json_group(value) for key, value in _objects(row[0] if row else "")}
        decks = {int(key): value.get("conf") for key, value in _objects(row[1] if row else "")}
    studies = {}
    for deck, group in decks.items():
        study = groups.get(group) if isinstance(group, int) else None
        if study:
            studies[deck] = study
    return studies


def study_table(study: Mapping[str, Any]) -> str:
    """``study`` as the ``[deck.study]`` table of a deck file."""
    lines = ["[deck.study]"]
    for key, value in study.items():
        lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _rows(db: sqlite3.Connection, table: str, column: str = "config") -> Iterator[tuple[int, Any]]:
    for key, value in db.execute(f"SELECT id, {column} FROM {table}"):
        if isinstance(key, int):
            yield key, value


def _objects(text: object) -> Iterator[tuple[str, dict[str, Any]]]:
    """The JSON objects of a ``col`` column (``{"id": {...}}``) whose keys are numbers."""
    try:
        found = json.loads(str(text or "{}"))
    except ValueError:
        return
    if isinstance(found, dict):
        for key, value in found.items():
            if str(key).lstrip("-").isdigit() and isinstance(value, dict):
                yield str(key), value


def _json_group(group: Mapping[str, Any]) -> Study:
    new = group.get("new") if isinstance(group.get("new"), dict) else {}
    assert isinstance(new, dict)
    return _study(new.get("perDay"), new.get("delays"), group.get("desiredRetention"))


def _proto_group(config: object) -> Study:
    """A schema-18 ``DeckConfig.Config``: learn steps (field 1, packed floats), new cards a day
    (field 9; left out when 0, as proto3 leaves out zeros) and desired retention (field 37)."""
    fields = dict(protobuf.fields(config if isinstance(config, bytes) else b""))
    steps, retention = fields.get(1, b""), fields.get(37)
    delays = (
        list(struct.unpack(f"<{len(steps) // 4}f", steps[: len(steps) // 4 * 4]))
        if isinstance(steps, bytes)
        else None
    )
    return _study(
        fields.get(9, 0),
        delays,
        struct.unpack("<f", retention)[0] if isinstance(retention, bytes) else None,
    )


def _proto_group_id(kind: object) -> int | None:
    """The options group of a schema-18 deck: its ``kind``'s normal deck (field 1), whose
    field 1 is the group's id (a filtered deck has none)."""
    normal = dict(protobuf.fields(kind if isinstance(kind, bytes) else b"")).get(1)
    group = dict(protobuf.fields(normal)).get(1) if isinstance(normal, bytes) else None
    return group if isinstance(group, int) else None


def _study(new_per_day: object, delays: object, retention: object) -> Study:
    """The values that differ from Anki's defaults and that a deck may hold."""
    study: Study = {}
    low, high = NEW_PER_DAY_RANGE
    per_day = new_per_day if isinstance(new_per_day, int) else ANKI_NEW_PER_DAY
    if per_day != ANKI_NEW_PER_DAY and low <= per_day <= high:
        study["new_per_day"] = per_day
    rounded = round(retention, 4) if isinstance(retention, (int, float)) else ANKI_RETENTION
    if rounded != ANKI_RETENTION and RETENTION_RANGE[0] <= rounded <= RETENTION_RANGE[1]:
        study["retention"] = float(rounded)
    minutes = _minutes(delays)
    steps = _steps(minutes) if minutes is not None and minutes != ANKI_STEPS else None
    if steps is not None:
        study["learning_steps"] = steps
    return study


def _minutes(delays: object) -> tuple[float, ...] | None:
    if isinstance(delays, list) and all(isinstance(step, (int, float)) for step in delays):
        return tuple(float(step) for step in delays)
    return None


def _steps(minutes: tuple[float, ...]) -> list[str] | None:
    """Anki's steps in minutes as a deck writes them (``["2m", "30m"]``); None when quiz
    would refuse them."""
    written = [
        SETTINGS["learning_steps"].format((timedelta(minutes=step),)) for step in minutes[:11]
    ]
    try:
        parse_steps(" ".join(written))
    except ValueError:
        return None
    return written
