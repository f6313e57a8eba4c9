"""What an Anki collection says about its notes, in both of Anki's layouts: note types and deck
names from the ``col`` row's JSON (``collection.anki2``/``anki21``, schema 11), or from the
``notetypes``, ``fields``, ``templates`` and ``decks`` tables (``collection.anki21b``, schema 18,
whose settings are protocol-buffer messages); and the zstd-compressed collection unpacked."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from quizdeck.interchange.protobuf import proto_field

#: Anki's separator between the levels of a deck name in schema 18 ("History\x1fRevolution").
_LEVELS = "\x1f"


class TooLarge(Exception):
    """The unpacked collection would be larger than the limit."""


def unpack_zstd(archive: zipfile.ZipFile, info: zipfile.ZipInfo, copy: Path, limit: int) -> None:
    """Decompress a zstd member into ``copy``, raising ``TooLarge`` before writing more than
    ``limit`` bytes (the frame's stated size is never trusted)."""
    import zstandard

    with (
        archive.open(info) as source,
        zstandard.ZstdDecompressor().stream_reader(source) as reader,
        copy.open("wb") as target,
    ):
        while chunk := reader.read(1 << 20):
            if target.tell() + len(chunk) > limit:
                raise TooLarge
            target.write(chunk)


def tables(db: sqlite3.Connection) -> set[str]:
    """The names of the collection's tables."""
    return {str(row[0]) for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def note_types(db: sqlite3.Connection, names: set[str]) -> dict[str, dict[str, Any]]:
    """Note types by id as schema 11 writes them (``name``, ``type`` 1 for cloze, ``flds`` and
    ``tmpls`` with their ``name`` and ``qfmt``), whichever layout the collection has."""
    if {"notetypes", "fields", "templates"} <= names:
        return _schema18_note_types(db)
    row = db.execute("SELECT models FROM col").fetchone()
    models = json.loads(row[0]) if row and row[0] else {}
    if not isinstance(models, dict):
        return {}
    return {str(key): value for key, value in models.items() if isinstance(value, dict)}


def _schema18_note_types(db: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    types: dict[str, dict[str, Any]] = {}
    for ntid, name, config in db.execute("SELECT id, name, config FROM notetypes"):
        kind = proto_field(_bytes(config), 1)  # NotetypeConfig.kind: 1 is a cloze
        types[str(ntid)] = {"name": str(name), "type": kind, "flds": [], "tmpls": []}
    for ntid, name in db.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        if str(ntid) in types:
            types[str(ntid)]["flds"].append({"name": str(name)})
    for ntid, name, config in db.execute(
        "SELECT ntid, name, config FROM templates ORDER BY ntid, ord"
    ):
        if str(ntid) in types:
            front = proto_field(_bytes(config), 1)  # CardTemplateConfig.q_format
            qfmt = front.decode("utf-8", "replace") if isinstance(front, bytes) else ""
            types[str(ntid)]["tmpls"].append({"name": str(name), "qfmt": qfmt})
    return types


def deck_names(db: sqlite3.Connection, names: set[str]) -> dict[int, str]:
    """Deck names by id, levels joined with ``::`` as Anki shows them."""
    if "decks" in names:
        rows = db.execute("SELECT id, name FROM decks").fetchall()
        return {int(key): str(name).replace(_LEVELS, "::") for key, name in rows}
    row = db.execute("SELECT decks FROM col").fetchone() if _has_column(db, "decks") else None
    decks = json.loads(row[0]) if row and row[0] else {}
    if not isinstance(decks, dict):
        return {}
    return {
        int(key): str(value.get("name", ""))
        for key, value in decks.items()
        if str(key).lstrip("-").isdigit() and isinstance(value, dict)
    }


def _has_column(db: sqlite3.Connection, column: str) -> bool:
    return any(row[1] == column for row in db.execute("PRAGMA table_info(col)"))


def _bytes(value: object) -> bytes:
    return value if isinstance(value, bytes) else b""
