"""Anki packages (``.apkg``) read as quiz cards: basic notes become flip cards (the student rates
the answer, as in Anki), type-in-the-answer notes text cards, cloze notes cloze cards, tags are
kept, HTML becomes plain text, and media is named in a warning.

A package is a zip holding an SQLite collection: ``collection.anki21`` or the older
``collection.anki2`` (readable here), or ``collection.anki21b`` (compressed, newer
Anki; quiz asks for an export made for older versions). The collection is copied
out of the zip under a size limit and opened read-only; its notes' fields are
split on Anki's field separator, and each note type says whether a note is a
cloze. Notes that quiz exported itself (note types "quiz …") get their accepted
answers, explanation and source back.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from quizdeck.decks.authoring import CardDraft, source_value
from quizdeck.interchange.anki_text import plain, quiz_cloze
from quizdeck.interchange.csv_cards import CsvError, CsvRows, RowError
from quizdeck.model import Kind, delimited

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
_READABLE = ("collection.anki21", "collection.anki2")
_FIELD_SEPARATOR = "\x1f"


def read_apkg(path: Path, shown: str | None = None) -> CsvRows:
    """The notes of an Anki package as card drafts, numbered from 1 in the package's order."""
    name = shown or str(path)
    result = CsvRows()
    with _collection(path, name) as (db, media):
        models = _note_types(db, name)
        rows = db.execute("SELECT mid, flds, tags FROM notes ORDER BY id LIMIT ?", (MAX_NOTES,))
        for number, (mid, fields, tags) in enumerate(rows, start=1):
            if len(str(fields)) > NOTE_LIMIT:
                result.errors.append(RowError(name, number, _TOO_LARGE))
                continue
            model = models.get(str(mid), {})
            draft = note_draft(model, str(fields).split(_FIELD_SEPARATOR), str(tags))
            if draft is None:
                result.errors.append(RowError(name, number, "the note has no question text"))
            else:
                result.drafts.append((number, draft))
    if media:
        result.warnings.append(
            f"{name}: {media} media file(s) (images, sounds) were not imported: quiz cards are text"
        )
    return result


def note_draft(model: Mapping[str, Any], fields: list[str], tags: str) -> CardDraft | None:
    """One note as a card draft: by its note type's field names when quiz wrote it, else the
    first field as the question and the second as the answer."""
    names = [
        str(field.get("name", "")) for field in model.get("flds", []) if isinstance(field, dict)
    ]
    values = {
        name: plain(value, from_html=True) for name, value in zip(names, fields, strict=False)
    }
    texts = [plain(value, from_html=True) for value in fields]
    first = texts[0] if texts else ""
    if not first.strip():
        return None
    tag_list = [tag for tag in tags.split() if tag]
    cloze = quiz_cloze(first) if model.get("type") == 1 else None
    ours = str(model.get("name", "")).startswith("quiz ")
    if cloze is not None:
        extra = " ".join(text for text in texts[1:] if text.strip())
        if ours:
            extra = values.get("Explanation", "")
        source = source_value(values.get("Source", "")) if ours else None
        return CardDraft(
            kind=Kind.CLOZE, prompt=cloze, explanation=extra, source=source, tags=tag_list
        )
    if ours and model.get("name") == "quiz flip":
        return CardDraft(kind=Kind.FLIP, prompt=first, answer=values.get("Answer") or None,
                         explanation=values.get("Explanation", ""), tags=tag_list,
                         source=source_value(values.get("Source", "")))  # fmt: skip
    raw_answer = dict(zip(names, fields, strict=False)).get("Answer", "")
    if ours and raw_answer.startswith("<ol>"):
        items = [plain(item, from_html=True) for *_, item in delimited(raw_answer, "<li>", "</li>")]
        return CardDraft(kind=Kind.ORDER, prompt=first, answer=items, tags=tag_list,
                         explanation=values.get("Explanation", ""),
                         source=source_value(values.get("Source", "")))  # fmt: skip
    if ours and "Answer" in values:
        raw_accepted = dict(zip(names, fields, strict=False)).get("Accepted", "")
        if raw_accepted.startswith("<ul>"):  # answers with a comma: one item each
            parts = [plain(item, from_html=True)
                     for *_, item in delimited(raw_accepted, "<li>", "</li>")]  # fmt: skip
        else:
            parts = values.get("Accepted", "").split(",")
        accepted = [part.strip() for part in parts if part.strip()]
        return CardDraft(
            kind=Kind.TEXT,
            prompt=first,
            answer=values["Answer"] or None,
            accept=accepted,
            explanation=values.get("Explanation", ""),
            source=source_value(values.get("Source", "")),
            tags=tag_list,
        )
    answer = texts[1] if len(texts) > 1 and texts[1].strip() else None
    kind = Kind.TEXT if types_answer(model) else Kind.FLIP
    return CardDraft(kind=kind, prompt=first, answer=answer, tags=tag_list)


def types_answer(model: Mapping[str, Any]) -> bool:
    """Whether a note type has the student type the answer (Anki's ``{{type:Back}}``): its notes
    become text cards. Others, Anki's Basic first, let the student judge: flip cards."""
    templates = model.get("tmpls", [])
    return isinstance(templates, list) and any(
        "{{type:" in str(template.get("qfmt", ""))
        for template in templates
        if isinstance(template, dict)
    )


@contextmanager
def _collection(path: Path, name: str) -> Iterator[tuple[sqlite3.Connection, int]]:
    """The package's collection opened read-only from a temporary copy, and its media count."""
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
            raise CsvError(
                f"{name}: made by a newer Anki in a compressed format; in Anki export it again "
                "with 'Support older Anki versions' ticked"
                if "collection.anki21b" in archive.namelist()
                else f"{name}: not an Anki package (it holds no collection)"
            )
        info = archive.getinfo(member)
        if info.file_size > COLLECTION_LIMIT:
            raise CsvError(
                f"{name}: the collection is larger than quiz reads ({info.file_size:,} bytes)"
            )
        copy = Path(folder) / "collection.sqlite3"
        try:
            _copy_member(archive, info, copy, name)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise CsvError(f"{name}: not an Anki package ({str(error)[:60]})") from None
        except (NotImplementedError, RuntimeError) as error:  # compression method, encryption
            raise CsvError(f"{name}: not an Anki package ({str(error)[:60]})") from None
        media = sum(1 for item in archive.namelist() if item.isdigit())
        db = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        budget = _StepBudget(db)
        try:
            db.execute("PRAGMA trusted_schema = OFF")
            db.execute("PRAGMA temp_store = MEMORY")  # a hostile sort never spills to the disk
            _refuse_active_schema(db, name)
            db.execute("SELECT count(*) FROM notes").fetchone()
            yield db, media
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


def _note_types(db: sqlite3.Connection, name: str) -> dict[str, dict[str, Any]]:
    """Note types by id, from the collection's ``col.models`` JSON."""
    try:
        row = db.execute("SELECT models FROM col").fetchone()
        models = json.loads(row[0]) if row and row[0] else {}
    except (sqlite3.DatabaseError, ValueError, RecursionError):
        raise CsvError(f"{name}: the package's note types cannot be read") from None
    if not isinstance(models, dict):
        return {}
    return {str(key): value for key, value in models.items() if isinstance(value, dict)}
