"""Anki packages (``.apkg``) read as quiz cards: basic notes become flip cards (the student rates
the answer, as in Anki), type-in-the-answer notes text cards, cloze notes cloze cards, a note
with a reverse card ("Basic (and reversed card)") two sibling cards, tags are kept, HTML
becomes plain text, and a note's first picture comes with its card (see ``interchange.media``;
other media are named in a warning). When the package holds several Anki decks, each card is
tagged with its deck's name (``History::Revolution``), so decks never merge unseen.

A package is a zip holding an SQLite collection: ``collection.anki21b`` (zstd-compressed, what
current Anki exports, beside a stub ``collection.anki2`` that only says "Please update"),
``collection.anki21`` or the older ``collection.anki2``. The collection is copied (or
decompressed) out of the zip under a size limit and opened read-only, with the same checks
whatever its format; its notes' fields are split on Anki's field separator, and each note type
says whether a note is a cloze. Notes that quiz exported itself (note types "quiz …") get their
accepted answers, explanation and source back.
"""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from zstandard import ZstdError

from quizdeck.decks.authoring import CardDraft, slugify
from quizdeck.interchange.apkg_collection import TooLarge, deck_names, note_types, tables
from quizdeck.interchange.apkg_collection import unpack_zstd as _unpack_zstd
from quizdeck.interchange.csv_cards import CsvError, CsvRows, RowError
from quizdeck.interchange.media import Found, media_map, picture_names, take_picture
from quizdeck.interchange.note_drafts import note_draft
from quizdeck.model import Kind

#: The largest collection quiz copies out of a package (bytes, uncompressed).
COLLECTION_LIMIT = 256 * 1024 * 1024
#: The largest package file quiz opens (bytes).
PACKAGE_LIMIT = 512 * 1024 * 1024
#: The most notes read from one package.
MAX_NOTES = 100_000
#: The longest note read (characters, all fields): as for a CSV cell, longer is no flashcard.
NOTE_LIMIT = 256 * 1024
_TOO_LARGE = f"the note is larger than quiz imports ({NOTE_LIMIT // 1024} KiB)"
#: The most SQLite steps (virtual machine instructions) reading a collection may take: a few
#: seconds, far more than any real collection of ``MAX_NOTES`` needs.
STEP_LIMIT = 1_000_000_000
#: The collections quiz reads, the newest first: a package from current Anki holds
#: ``collection.anki21b`` and a stub ``collection.anki2`` that must never be read.
_READABLE = ("collection.anki21b", "collection.anki21", "collection.anki2")
#: The start of the only note of the stub collection current Anki writes beside its own.
_STUB = "Please update to the latest Anki version"
_NEWER = (
    "made by a newer Anki in a format quiz cannot read; in Anki export it again with "
    "'Support older Anki versions' ticked"
)
_FIELD_SEPARATOR = "\x1f"


def read_apkg(path: Path, shown: str | None = None) -> CsvRows:
    """The notes of an Anki package as card drafts, numbered from 1 in the package's order,
    tagged with their Anki deck's name when there are several decks."""
    result, decks = read_apkg_decks(path, shown)
    tag_decks(result, decks)
    return result


def read_apkg_decks(path: Path, shown: str | None = None) -> tuple[CsvRows, dict[int, str]]:
    """The notes of an Anki package as card drafts (see :func:`read_apkg`), and the name of the
    Anki deck of each (``History::Revolution``) by its number ("" when the package says none)."""
    name = shown or str(path)
    result = CsvRows()
    deck_of: dict[int, str] = {}
    with package_collection(path, name) as (db, archive):
        media, found = media_map(archive), Found()
        names = tables(db)
        models = _note_types(db, names, name)
        decks = deck_names(db, names) if "cards" in names else {}
        for number, (model, fields, tags, deck, reversed_) in enumerate(
            _notes(db, names, models), start=1
        ):
            if len(fields) > NOTE_LIMIT:
                result.errors.append(RowError(name, number, _TOO_LARGE))
                continue
            if number == 1 and fields.startswith(_STUB):
                raise CsvError(f"{name}: {_NEWER}")
            draft = note_draft(model, fields.split(_FIELD_SEPARATOR), tags)
            if draft is None:
                result.errors.append(RowError(name, number, "the note has no question text"))
                continue
            draft.image = _picture(archive, media, fields, found)
            deck_of[number] = _deck_name(decks.get(deck, "") if deck is not None else "")
            result.drafts.append((number, draft))
            if reversed_ and draft.kind is Kind.FLIP and isinstance(draft.answer, str):
                draft.fact = slugify(draft.prompt)
                back = CardDraft(kind=Kind.FLIP, prompt=draft.answer, answer=draft.prompt,
                                 tags=list(draft.tags), fact=draft.fact,
                                 image=draft.image)  # fmt: skip
                result.drafts.append((number, back))
        studies = _studies(db, names)
    result.pictures = found.files
    by_name = {_deck_name(decks.get(deck, "")): study for deck, study in studies.items()}
    result.studies = {name: by_name.get(name, {}) for name in sorted(set(deck_of.values()))}
    result.warnings += [f"{name}: {warning}" for warning in found.warnings]
    if len(media) > len(found.renamed):
        left = len(media) - len(found.renamed)
        result.warnings.append(f"{name}: {left} media file(s) (sounds, or pictures beyond a "
                               "note's first) were not imported")  # fmt: skip
    return result, deck_of


def _studies(db: sqlite3.Connection, names: set[str]) -> dict[int, dict[str, Any]]:
    """The decks' options groups as study settings (see ``options_groups``); none when they
    cannot be read (the notes still import)."""
    import struct

    from quizdeck.interchange.options_groups import deck_studies

    try:
        return deck_studies(db, names)
    except (sqlite3.DatabaseError, ValueError, RecursionError, struct.error):
        return {}


def _deck_name(name: str) -> str:
    """An Anki deck name as quiz keeps it: no control characters, at most 200 characters."""
    from quizdeck.interchange.anki_html import CONTROLS

    return " ".join(CONTROLS.sub("", name).split())[:200]


def _picture(archive: zipfile.ZipFile, media: dict[str, str], fields: str, found: Found) -> str:
    """The name (as quiz writes it) of the first picture a note shows, "" for none."""
    for picture in picture_names(fields) if "<img" in fields.lower() else ():
        safe = take_picture(archive, media, picture, found)
        if safe:
            return safe
    return ""


def _notes(
    db: sqlite3.Connection, names: set[str], models: Mapping[str, dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], str, str, int | None, bool]]:
    """Each note: its note type, fields, tags, the deck of its first card and whether it has a
    second card of another template (a reverse card)."""
    if "cards" in names:
        query = (
            "SELECT mid, flds, tags,"
            " (SELECT did FROM cards WHERE nid = notes.id ORDER BY ord LIMIT 1),"
            " EXISTS (SELECT 1 FROM cards WHERE nid = notes.id AND ord > 0)"
            " FROM notes ORDER BY id LIMIT ?"
        )
    else:
        query = "SELECT mid, flds, tags, NULL, 0 FROM notes ORDER BY id LIMIT ?"
    for mid, fields, tags, deck, reverse in db.execute(query, (MAX_NOTES,)):
        model = models.get(str(mid), {})
        two_sided = bool(reverse) and model.get("type") != 1
        yield model, str(fields), str(tags), deck if isinstance(deck, int) else None, two_sided


def tag_decks(result: CsvRows, deck_of: Mapping[int, str]) -> None:
    """Tag each card with its Anki deck's name when the package holds several decks, and say
    so: they go into one deck file."""
    decks = sorted({deck for deck in deck_of.values() if deck})
    if len(decks) < 2:
        return
    for number, draft in result.drafts:
        if deck_of.get(number):
            draft.tags.append(deck_of[number])
    result.warnings.append(
        f"{len(decks)} Anki decks ({', '.join(decks)}) go into one deck file: each card is "
        "tagged with its Anki deck's name (--deck-per-anki-deck makes a deck file of each)"
    )


@contextmanager
def package_collection(
    path: Path, name: str
) -> Iterator[tuple[sqlite3.Connection, zipfile.ZipFile]]:
    """The package's collection opened read-only from a temporary copy, and the package."""
    try:
        if not path.exists():
            raise CsvError(f"{name}: no such file")
        if not path.is_file():  # never a FIFO or a device: reading one could hang
            raise CsvError(f"{name}: not a regular file")
        if path.stat().st_size > PACKAGE_LIMIT:
            raise CsvError(f"{name}: larger than quiz reads ({PACKAGE_LIMIT // 2**20} MiB)")
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise CsvError(f"{name}: no such file") from None
    except (OSError, zipfile.BadZipFile) as error:
        raise CsvError(f"{name}: not an Anki package ({str(error)[:60]})") from None
    with archive, tempfile.TemporaryDirectory(prefix="quiz-apkg-") as folder:
        member = next((item for item in _READABLE if item in archive.namelist()), None)
        if member is None:
            raise CsvError(f"{name}: not an Anki package (it holds no collection)")
        info = archive.getinfo(member)
        if info.file_size > COLLECTION_LIMIT:
            raise CsvError(
                f"{name}: the collection is larger than quiz reads ({info.file_size:,} bytes)"
            )
        copy = Path(folder) / "collection.sqlite3"
        try:
            if member.endswith("b"):
                _unpack_zstd(archive, info, copy, COLLECTION_LIMIT)
            else:
                _copy_member(archive, info, copy, name)
        except TooLarge:
            raise CsvError(f"{name}: the collection is larger than quiz reads") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ZstdError) as error:
            raise CsvError(f"{name}: not an Anki package ({str(error)[:60]})") from None
        except (NotImplementedError, RuntimeError) as error:  # compression method, encryption
            raise CsvError(f"{name}: not an Anki package ({str(error)[:60]})") from None
        db = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        budget = _StepBudget(db)
        try:
            db.execute("PRAGMA trusted_schema = OFF")
            db.execute("PRAGMA temp_store = MEMORY")  # a hostile sort never spills to the disk
            _refuse_active_schema(db, name)
            db.execute("SELECT count(*) FROM notes").fetchone()
            yield db, archive
        except sqlite3.DatabaseError as error:
            if budget.spent:
                raise CsvError(f"{name}: too much work to read; is it an Anki package?") from None
            raise CsvError(f"{name}: the package's collection cannot be read ({error})") from None
        finally:
            db.close()


def _copy_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, copy: Path, name: str) -> None:
    """Copy the collection out of the zip, refusing more than ``COLLECTION_LIMIT`` bytes."""
    with archive.open(info) as source, copy.open("wb") as target:
        while chunk := source.read(1 << 20):
            if target.tell() + len(chunk) > COLLECTION_LIMIT:
                raise CsvError(f"{name}: the collection is larger than quiz reads")
            target.write(chunk)


#: What a collection may hold: tables and indexes. Views and triggers run queries the package's
#: author wrote (an endless ``notes``), and virtual tables run code quiz does not control.
_ALLOWED_OBJECTS = {"table": "CREATE TABLE", "index": "CREATE INDEX"}


def _refuse_active_schema(db: sqlite3.Connection, name: str) -> None:
    """Raise unless the collection holds only stored tables and their indexes."""
    for kind, rootpage, sql in db.execute("SELECT type, rootpage, sql FROM sqlite_master"):
        statement = " ".join(str(sql or "").upper().replace("UNIQUE ", "").split()[:2])
        if kind in _ALLOWED_OBJECTS and rootpage and statement in ("", _ALLOWED_OBJECTS[kind]):
            continue
        what = "virtual table" if kind == "table" else str(kind)[:20]
        raise CsvError(f"{name}: not read: its collection holds a {what}, which Anki never writes")


class _StepBudget:
    """Stops any query on ``db`` after ``STEP_LIMIT`` SQLite steps; ``spent`` says it did."""

    BATCH = 1000

    def __init__(self, db: sqlite3.Connection) -> None:
        self.left = max(1, STEP_LIMIT // self.BATCH)
        self.spent = False
        db.set_progress_handler(self.step, self.BATCH)

    def step(self) -> int:
        self.left -= 1
        self.spent = self.left <= 0
        return int(self.spent)


def _note_types(db: sqlite3.Connection, names: set[str], name: str) -> dict[str, dict[str, Any]]:
    """Note types by id, from ``col.models`` or (schema 18) the note type tables."""
    try:
        return note_types(db, names)
    except (sqlite3.DatabaseError, ValueError, RecursionError):
        raise CsvError(f"{name}: the package's note types cannot be read") from None
