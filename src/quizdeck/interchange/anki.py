"""Decks as an Anki package (``.apkg``), written with ``genanki``.

One note per card. Note GUIDs come from deck id + card id and the model and
deck ids from hashes of fixed names, so importing an updated export into Anki
updates the notes instead of duplicating them. Cloze cards use an Anki cloze
model (all blanks of a card are ``c1``, so a card stays one Anki card); other
kinds use a front/back model whose front lists the options of choice,
true/false and order cards.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from quizdeck.decks.format import Deck
from quizdeck.interchange.anki_html import CONTROLS as _CONTROLS
from quizdeck.interchange.anki_html import cloze_prompt
from quizdeck.interchange.anki_html import field_text as _text
from quizdeck.interchange.media import Pictures, deck_pictures, img_tag
from quizdeck.kinds import kind_of
from quizdeck.model import Card

FIELDS = ("Prompt", "Answer", "Accepted", "Choices", "Explanation", "Source", "Tags", "Deck")

_CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black;
        background-color: white; max-width: 40em; margin: auto; }
.choices { margin-top: 1em; }
.answer { font-weight: bold; }
.extra { margin-top: 0.8em; font-size: 16px; }
.muted { color: #666; }
"""

_DETAILS = """\
{{#Accepted}}<div class="extra muted">Also accepted: {{Accepted}}</div>{{/Accepted}}
{{#Explanation}}<div class="extra">{{Explanation}}</div>{{/Explanation}}
{{#Source}}<div class="extra muted">Source: {{Source}}</div>{{/Source}}
{{#Tags}}<div class="extra muted">Tags: {{Tags}}</div>{{/Tags}}"""

_FRONT = """\
<div class="prompt">{{Prompt}}</div>
{{#Choices}}<div class="choices">{{Choices}}</div>{{/Choices}}"""

_BACK = f"""\
{{{{FrontSide}}}}
<hr id="answer">
<div class="answer">{{{{Answer}}}}</div>
{_DETAILS}"""

_TYPED_FRONT = """\
<div class="prompt">{{Prompt}}</div>
{{type:Answer}}"""

_TYPED_BACK = f"""\
<div class="prompt">{{{{Prompt}}}}</div>
{{{{type:Answer}}}}
<hr id="answer">
<div class="answer">{{{{Answer}}}}</div>
{_DETAILS}"""

_CLOZE_BACK = f"""\
{{{{cloze:Prompt}}}}
{_DETAILS}"""


def stable_id(name: str) -> int:
    """An Anki model or deck id derived from ``name``, in the range Anki expects."""
    digest = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


def _models() -> dict[str, Any]:
    import genanki

    fields = [{"name": name} for name in FIELDS]
    basic = genanki.Model(
        stable_id("quizdeck model: basic v1"),
        "quiz card",
        fields=fields,
        templates=[{"name": "Card", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
    )
    cloze = genanki.Model(
        stable_id("quizdeck model: cloze v1"),
        "quiz cloze",
        fields=fields,
        templates=[{"name": "Cloze", "qfmt": "{{cloze:Prompt}}", "afmt": _CLOZE_BACK}],
        css=_CSS,
        model_type=genanki.Model.CLOZE,
    )
    typed = genanki.Model(
        stable_id("quizdeck model: typed v1"),
        "quiz typed answer",
        fields=fields,
        templates=[{"name": "Card", "qfmt": _TYPED_FRONT, "afmt": _TYPED_BACK}],
        css=_CSS,
    )
    # A flip card is Anki's Basic note: the front, then the back the student rates themselves.
    # Its own note type only tells quiz, importing it back, that the note is a flip card.
    flip = genanki.Model(
        stable_id("quizdeck model: flip v1"),
        "quiz flip",
        fields=fields,
        templates=[{"name": "Card", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
    )
    return {"basic": basic, "cloze": cloze, "typed": typed, "flip": flip}


def anki_deck_name(title: str) -> str:
    """A deck title as an Anki deck name: ``::`` would make sub-decks, so it becomes `` - ``."""
    name = _CONTROLS.sub("", title).replace("::", " - ").strip()
    return name or "quiz"


def note_fields(card: Card) -> list[str]:
    """The values of a card's note, in the order of ``FIELDS``."""
    card_kind = kind_of(card)
    answer, accepted, options = card_kind.anki_fields(card)
    cloze = card_kind.anki_model == "cloze"
    prompt = cloze_prompt(card.prompt, together=card.any_order) if cloze else _text(card.prompt)
    return [
        prompt,
        answer,
        accepted,
        options,
        _text(card.explanation if card.explanation != card.correction else ""),
        _text(card.source),
        _text(", ".join(card.tags)),
        _text(card.deck_id),
    ]


def anki_tags(card: Card) -> list[str]:
    """The card's tags as Anki tags (no spaces), plus the deck id."""
    tags = [
        re.sub(r"\s+", "_", _CONTROLS.sub("", tag).strip()) for tag in (*card.tags, card.deck_id)
    ]
    return list(dict.fromkeys(tag for tag in tags if tag))


def with_drawn_options(card: Card, pool: Sequence[Card]) -> Card:
    """An automatic choice card with its wrong options drawn from ``pool`` now (Anki cannot draw
    them when it asks); any other card unchanged."""
    if not card.auto_distractors:
        return card
    from dataclasses import replace

    from quizdeck.session.distractors import auto_options

    return replace(card, choices=auto_options(card, pool))


def anki_deck_id(deck: Deck) -> int:
    """The Anki id of a quiz deck (and of its options group)."""
    return stable_id(f"quizdeck deck: {deck.id}")


def build_package(decks: Sequence[Deck], pictures: Pictures | None = None) -> Any:
    """A ``genanki.Package`` with one Anki deck per quiz deck and one note per card (with its
    picture, when ``pictures`` has it)."""
    import genanki

    models = _models()
    anki_decks = []
    pool = [card for deck in decks for card in deck.cards]
    for deck in decks:
        anki_deck = genanki.Deck(anki_deck_id(deck), anki_deck_name(deck.title))
        anki_deck.description = _text(deck.description)
        for card in deck.cards:
            model = models[kind_of(card).anki_model]
            fields = note_fields(with_drawn_options(card, pool))
            if pictures is not None and card.key in pictures.names:
                fields[0] += "<br>" + img_tag(pictures.names[card.key])
            anki_deck.add_note(
                genanki.Note(
                    model=model,
                    fields=fields,
                    tags=anki_tags(card),
                    guid=genanki.guid_for(deck.id, card.id),
                )
            )
        anki_decks.append(anki_deck)
    return genanki.Package(anki_decks)


def write_apkg(decks: Sequence[Deck], path: Path) -> list[str]:
    """Write ``decks`` as an Anki package to ``path`` (through a temporary file), with their
    pictures and options groups; returns a warning for each picture left out."""
    from quizdeck.files import replacing

    pictures = deck_pictures(decks)
    changed = kind_changes(path, decks)
    with replacing(path) as temporary:
        _write_package(build_package(decks, pictures), temporary, decks, pictures)
    return pictures.warnings + ([changed_kind_warning(changed, path)] if changed else [])


#: The most cards a warning names.
NAMED = 5


def kind_changes(previous: Path, decks: Sequence[Deck]) -> list[str]:
    """The cards (``deck/card``) whose note type differs from their note's in the package at
    ``previous`` (the file an export replaces); none when it is no package quiz can read.

    Anki updates a note on import only when its note type is the same (else it counts it as a
    conflict and keeps the old note), unless "Merge note types" is ticked. Giving note types
    ids that change would not help: the note's GUID, not its type, says which note it is, and
    new GUIDs would duplicate every note of a teacher who imported the deck before."""
    import genanki

    if not previous.is_file():
        return []
    before = _note_types_by_guid(previous)
    models = _models()
    return [
        f"{deck.id}/{card.id}"
        for deck in decks
        for card in deck.cards
        if before.get(genanki.guid_for(deck.id, card.id), models[kind_of(card).anki_model].name)
        != models[kind_of(card).anki_model].name
    ]


def changed_kind_warning(cards: Sequence[str], path: Path) -> str:
    """One line naming the cards whose kind changed since ``path`` was written, and what to do
    in Anki."""
    more = f" and {len(cards) - NAMED} more" if len(cards) > NAMED else ""
    return (
        f"{len(cards)} card(s) changed kind since {path.name} was written "
        f"({', '.join(cards[:NAMED])}{more}): Anki updates their notes only when its import "
        "window has 'Merge note types' ticked (else they stay as they were)"
    )


def _note_types_by_guid(package: Path) -> dict[str, str]:
    """The note type's name of each note (by GUID) of an Anki package; {} when it cannot be
    read."""
    from quizdeck.interchange.apkg_collection import note_types, tables
    from quizdeck.interchange.apkg_import import MAX_NOTES, package_collection
    from quizdeck.interchange.csv_cards import CsvError

    try:
        with package_collection(package, package.name) as (db, _):
            models = note_types(db, tables(db))
            rows = db.execute("SELECT guid, mid FROM notes LIMIT ?", (MAX_NOTES,)).fetchall()
    except (CsvError, sqlite3.DatabaseError, ValueError, RecursionError):
        return {}
    return {str(guid): str(models.get(str(mid), {}).get("name", "")) for guid, mid in rows}


def _write_package(package: Any, path: Path, decks: Sequence[Deck], pictures: Pictures) -> None:
    """``genanki.Package.write_to_file`` without leaving its collection file in /tmp."""
    with tempfile.TemporaryDirectory(prefix="quiz-apkg-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            timestamp = time.time()
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            add_options_groups(connection, [(anki_deck_id(deck), deck) for deck in decks])
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            pictures.write(archive)


def add_options_groups(db: sqlite3.Connection, decks: Sequence[tuple[int, Deck]]) -> None:
    """An Anki options group for each deck (by Anki deck id) whose ``[deck.study]`` sets
    something: its new cards a day, learning steps and desired retention; the deck uses it.
    The group's id is the deck's."""
    row = db.execute("SELECT dconf, decks FROM col").fetchone()
    groups, anki_decks = json.loads(row[0]), json.loads(row[1])
    default = groups.get("1", {})
    for anki_id, deck in decks:
        study = deck.study
        if study.new_per_day is None and study.retention is None and study.learning_steps is None:
            continue
        group: dict[str, Any] = json.loads(json.dumps(default))
        group.update(id=anki_id, name=f"quiz: {deck.title}"[:100], usn=-1)
        group.setdefault("new", {})
        if study.new_per_day is not None:
            group["new"]["perDay"] = study.new_per_day
        if study.learning_steps is not None:
            group["new"]["delays"] = [step.total_seconds() / 60 for step in study.learning_steps]
        if study.retention is not None:
            group["desiredRetention"] = study.retention
        groups[str(anki_id)] = group
        if str(anki_id) in anki_decks:
            anki_decks[str(anki_id)]["conf"] = anki_id
    db.execute("UPDATE col SET dconf = ?, decks = ?", (json.dumps(groups), json.dumps(anki_decks)))
