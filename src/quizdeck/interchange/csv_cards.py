"""Cards as CSV, for spreadsheets: export, and import rows as new cards.

Columns, in this order on export::

    id, kind, prompt, answer, accept, choices, explanation, source, tags,
    distractors, any_order, correction, fact, image, deck

Lists (several answers, the items of an ``order`` card, the pairs of a ``match``
card written ``item = partner``, ``accept``, ``choices``, ``tags``) are written
in one cell joined by `` | ``; a bar inside an item is written ``\\|`` (and
an ``=`` inside a pair ``\\=``). On import only ``prompt`` and ``answer`` are
required (``answer`` may be empty for cloze cards); ``kind`` defaults to
``text`` (``choice`` when the row has choices or distractors, ``flip`` when the answer is a
sentence or a long definition no string check can judge: see ``kinds.flip.is_sentence``;
else its answer is read as an Anki type-in note's: see ``note_drafts.typed_answer``), a
missing ``id``
becomes a slug of the prompt, ``source`` is a paragraph number, numbers
separated by commas, or text, and ``deck`` is informational (rows go into the
deck they are imported into). A picture (``image``) lying beside the imported file comes with
its card (see :func:`pictures_beside`). Rows count as a spreadsheet shows them: the header is
row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizdeck.decks.authoring import CardDraft, source_value, split_list
from quizdeck.decks.images import name_problem
from quizdeck.display import did_you_mean
from quizdeck.files import CSV_LIMIT, describe_read_error, read_limited
from quizdeck.interchange.anki_text import AnkiHeader, plain, quiz_cloze, read_header
from quizdeck.interchange.note_drafts import typed_answer
from quizdeck.interchange.spreadsheet import CsvWriter, guess_delimiter, unguard_cell
from quizdeck.kinds import kind_of, spec
from quizdeck.kinds.flip import is_sentence
from quizdeck.kinds.typed import join_list
from quizdeck.model import Card, Kind

COLUMNS = (
    "id", "kind", "prompt", "answer", "accept", "choices", "explanation", "source", "tags",
    "distractors", "any_order", "correction", "fact", "image", "deck",
)  # fmt: skip
REQUIRED = ("prompt", "answer")
KIND_NAMES = tuple(kind.value for kind in Kind)


class CsvError(Exception):
    """A CSV file that cannot be read at all (not its rows): the message names the file."""


@dataclass(frozen=True)
class RowError:
    """A row that cannot become a card."""

    path: str
    row: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.row}: {self.message}"


#: The most rows (cards) one import reads: checking and writing the deck takes time and memory
#: in step with them, and a deck of many more would be larger than quiz reads.
MAX_ROWS = 100_000


def check_row_count(name: str, count: int) -> None:
    """Raise ``CsvError`` when a file of ``count`` rows has more than :data:`MAX_ROWS`."""
    if count > MAX_ROWS:
        raise CsvError(
            f"{name}: {count} rows, more than the {MAX_ROWS} one import takes; "
            "split the file and import the parts one by one"
        )


@dataclass
class CsvRows:
    """The rows of a CSV file read as card drafts, and the rows that could not be."""

    drafts: list[tuple[int, CardDraft]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Pictures the drafts name (an Anki package's): name -> bytes, written beside the deck.
    pictures: dict[str, bytes] = field(default_factory=dict)
    #: The study settings of an Anki package's decks that hold notes, as ``[deck.study]``
    #: values ({} for a deck on Anki's default options), by deck name.
    studies: dict[str, dict[str, Any]] = field(default_factory=dict)


# --- export ------------------------------------------------------------------------------


def card_row(card: Card) -> dict[str, str]:
    """One card as a CSV row that ``read_csv`` turns back into the same card."""
    answer, accept = kind_of(card).csv_answer(card)
    return {
        "id": card.id,
        "kind": card.kind.value,
        "prompt": card.prompt,
        "answer": answer,
        "accept": accept,
        "choices": join_list(card.choices),
        "explanation": card.explanation,
        "source": card.source,
        "tags": join_list(card.tags),
        "distractors": "auto" if card.auto_distractors else "",
        "any_order": "true" if card.any_order else "",
        "correction": card.correction,
        "deck": card.deck_id,
        "fact": card.fact,
        "image": card.image,
    }


def cards_to_csv(cards: Sequence[Card]) -> str:
    """A CSV table of ``cards`` with a header row (no trailing newline)."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer, COLUMNS)
    writer.header()
    for card in cards:
        writer.row(card_row(card))
    return buffer.getvalue().rstrip("\n")


# --- import ------------------------------------------------------------------------------


def read_csv(path: Path, shown: str | None = None, columns: Sequence[str] = ()) -> CsvRows:
    """Read the rows of a CSV file as card drafts; rows that cannot be are ``errors``.

    The first row names the columns, unless ``columns`` names them, the file is
    Anki's plain-text export (``#separator:tab`` and such first lines), or the
    first row names no column at all and has two or three cells: then they are
    read as prompt, answer (and tags), with a warning. Raises ``CsvError`` when
    the file cannot be read or its header is not usable. ``shown`` is the file
    name used in messages (default: ``path`` as given).
    """
    name = shown or str(path)
    text = _read_text(path, name)
    anki = read_header(text)
    skipped = anki.lines if anki else 0
    body = "\n".join(text.splitlines()[skipped:]) if anki else text
    try:
        records = list(csv.reader(io.StringIO(body), dialect=_dialect(body, anki)))
    except csv.Error as error:
        raise CsvError(f"{name}: not a CSV file quiz can read ({error})") from None
    check_row_count(name, len(records) - 1)  # - the header
    while records and not any(cell.strip() for cell in records[0]):
        records.pop(0)
        skipped += 1
    if not records:
        raise CsvError(f"{name}: the file is empty (it needs a header row: prompt,answer,...)")
    result = CsvRows()
    header, first = _layout(records, name, columns, anki, result)
    for row, cells in enumerate(records[first:], start=first + 1 + skipped):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            message = f"the row has {len(cells)} cells but the header has {len(header)} columns"
            result.errors.append(RowError(name, row, message))
            continue
        cells = [unguard_cell(cell) for cell in cells]
        values = dict(zip(header, [*cells, *[""] * (len(header) - len(cells))], strict=True))
        draft, message = row_draft(_from_anki(values, anki) if anki else values)
        if draft is None:
            result.errors.append(RowError(name, row, message))
        else:
            result.drafts.append((row, draft))
    pictures_beside(path, name, result)
    return result


def pictures_beside(path: Path, name: str, result: CsvRows) -> None:
    """Keep in ``result.pictures`` each picture the drafts name that lies beside the imported
    file ``path`` (checked as ``quiz validate`` checks a deck's), so it is written beside the
    deck file; a picture not found there is named in a warning."""
    from quizdeck.decks.images import read_picture

    for row, draft in result.drafts:
        if not draft.image or draft.image in result.pictures:
            continue
        try:
            result.pictures[draft.image] = read_picture(path.parent, draft.image)
        except ValueError as error:
            what = str(error).removeprefix(f"picture '{draft.image}' ")
            what = f"is not beside {path.name}" if what.startswith("not found") else what
            result.warnings.append(
                f"{name}:{row}: picture '{draft.image}' {what}; the card keeps the name: "
                "put the picture beside the deck file"
            )


def _layout(
    records: Sequence[Sequence[str]],
    name: str,
    columns: Sequence[str],
    anki: AnkiHeader | None,
    result: CsvRows,
) -> tuple[list[str], int]:
    """The column names, and the index of the first row of cards."""
    if anki:
        return anki.columns(max(len(cells) for cells in records)), 0
    if columns:
        return _header(columns, name, result, given=True), 0
    first = [_column(cell) for cell in records[0]]
    if not any(column in COLUMNS for column in first) and 2 <= len(records[0]) <= 3:
        header = ["prompt", "answer", "tags"][: len(records[0])]
        result.warnings.append(
            f"{name}: no header row: reading the columns as {', '.join(header)} "
            "(name them with --columns)"
        )
        return header, 0
    return _header(records[0], name, result), 1


def _from_anki(values: dict[str, str], anki: AnkiHeader) -> dict[str, str]:
    """A row of Anki's plain-text export as quiz's columns: plain text, tags, cloze cards."""
    cells = {key: plain(value, from_html=anki.html) for key, value in values.items() if key}
    cells["tags"] = join_list(cells.get("tags", "").split())
    note_type = cells.pop("notetype", "")
    cloze = quiz_cloze(cells.get("prompt", ""))
    if cloze is not None:
        extra = cells.get("answer", "")
        cells.update(prompt=cloze, kind="cloze", answer="", explanation=extra)
    elif "type in" in note_type.casefold():  # read as an .apkg's type-in note is
        kind, answer, extra = typed_answer(cells.get("answer", "").strip())
        explanation = "\n".join(text for text in (extra, cells.get("explanation", "")) if text)
        cells.update(kind=kind.value, answer=answer, explanation=explanation)
    elif note_type:  # Basic and its like: the student judges, as in Anki
        cells["kind"] = "flip"
    return cells


def _read_text(path: Path, name: str) -> str:
    try:
        raw = read_limited(path, CSV_LIMIT)
        _refuse_other_formats(raw, name)
        return raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise CsvError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise CsvError(f"{name}: is a directory, not a CSV file") from None
    except OSError as error:
        raise CsvError(f"{name}: cannot read: {describe_read_error(error)}") from None
    except UnicodeDecodeError as error:
        raise CsvError(
            f"{name}: not UTF-8 text (byte {error.start}); save the spreadsheet as 'CSV UTF-8'"
        ) from None


def _refuse_other_formats(raw: bytes, name: str) -> None:
    """A clear message for a file that is plainly not CSV: a zip (an Anki package) or JSON."""
    if raw.startswith(b"PK\x03\x04"):
        raise CsvError(
            f"{name}: a zip file (an Anki package?), not CSV: if it is one, name it .apkg "
            "and import it again"
        )
    if raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        raise CsvError(f"{name}: JSON, not CSV: name the file .json to import quiz's JSON export")


class _Excel(csv.excel):
    """Excel's CSV dialect (``""`` inside a quoted cell is one quote) with its delimiter."""


def _dialect(text: str, anki: AnkiHeader | None = None) -> type[csv.Dialect]:
    """Commas, or the semicolons or tabs some spreadsheets write (and Quizlet's tabs), guessed
    from the first rows.

    Only the delimiter is guessed (see :func:`guess_delimiter`); quoting stays Excel's, where
    ``""`` in a quoted cell is a quote.
    """
    if anki and anki.separator:
        return type("_Anki", (_Excel,), {"delimiter": anki.separator})
    delimiter = guess_delimiter(text)
    if delimiter is None:
        return csv.excel
    return type("_Sniffed", (_Excel,), {"delimiter": delimiter})


#: Other tools' names for quiz's columns (Quizlet's term/definition, Anki's front/back...).
ALIASES = {
    "question": "prompt", "front": "prompt", "term": "prompt",
    "back": "answer", "definition": "answer", "answers": "answer", "tag": "tags",
}  # fmt: skip


def _column(cell: str) -> str:
    name = cell.strip().lower()
    return ALIASES.get(name, name)


def _header(cells: Sequence[str], name: str, result: CsvRows, *, given: bool = False) -> list[str]:
    """Column names from a header row (or ``--columns``); unknown ones are ignored with a
    warning, and named in the error when a required column is missing."""
    header = [_column(cell) for cell in cells]
    where = "--columns" if given else f"{name}:1"
    unknown = [column for column in header if column and column not in COLUMNS]
    repeated = sorted({column for column in header if column and header.count(column) > 1})
    if repeated:
        raise CsvError(f"{where}: column '{repeated[0]}' appears twice")
    hints = "; ".join(f"'{column}'{did_you_mean(column, COLUMNS)}" for column in unknown)
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        unknown_note = f"; unknown column(s) {hints}" if unknown else ""
        raise CsvError(
            f"{where}: missing column '{missing[0]}' (the first row must name the columns, "
            f"with at least {' and '.join(REQUIRED)}{unknown_note})"
        )
    if unknown:
        result.warnings.append(f"{where}: column(s) left out: {hints}")
    return [column if column in COLUMNS else "" for column in header]


def row_draft(values: dict[str, str]) -> tuple[CardDraft | None, str]:
    """A card draft from one row's cells by column, or None and why not."""
    cell = {key: value.strip() for key, value in values.items() if key}
    kind, message = _row_kind(cell)
    if kind is None:
        return None, message
    if kind is Kind.TEXT and not cell.get("kind"):
        kind = _guessed_typed(cell)
    distractors = cell.get("distractors", "").lower()
    if distractors not in ("", "auto"):
        return None, f"distractors can only be 'auto', not '{cell['distractors']}'"
    draft = CardDraft(
        kind=kind,
        prompt=values.get("prompt", "").strip(),
        answer=spec(kind).answer_value(split_list(cell.get("answer", ""))),
        accept=split_list(cell.get("accept", "")),
        choices=split_list(cell.get("choices", "")),
        auto_distractors=distractors == "auto",
        any_order=cell.get("any_order", "").lower() in ("true", "yes", "1"),
        correction=cell.get("correction", ""),
        explanation=cell.get("explanation", ""),
        source=source_value(cell.get("source", "")),
        tags=split_list(cell.get("tags", "")),
        id=cell.get("id", ""),
        fact=cell.get("fact", ""),
        image=cell.get("image", ""),
    )
    if draft.image and (wrong := name_problem(draft.image)):
        return None, wrong
    if not draft.prompt:
        return None, "the prompt is empty"
    if draft.answer is None and spec(kind).needs_answer:
        return None, "the answer is empty"
    return draft, ""


def _guessed_typed(cell: dict[str, str]) -> Kind:
    """A row without a kind whose one answer is typed: read as an Anki type-in note's back is
    (see ``note_drafts.typed_answer``), its extra in brackets put before the explanation."""
    answers = split_list(cell.get("answer", ""))
    if len(answers) != 1:
        return Kind.TEXT
    kind, answer, extra = typed_answer(answers[0])
    cell["answer"] = answer.replace("|", "\\|")
    cell["explanation"] = "\n".join(text for text in (extra, cell.get("explanation", "")) if text)
    return kind


def _row_kind(cell: dict[str, str]) -> tuple[Kind | None, str]:
    raw = cell.get("kind", "").lower()
    if not raw:
        if cell.get("choices") or cell.get("distractors"):
            return Kind.CHOICE, ""
        answer = split_list(cell.get("answer", ""))[:1]
        return (Kind.FLIP if answer and is_sentence(answer[0]) else Kind.TEXT), ""
    if raw in KIND_NAMES:
        return Kind(raw), ""
    hint = did_you_mean(raw, KIND_NAMES)
    return None, f"unknown kind '{cell['kind']}'{hint}; kinds are {', '.join(KIND_NAMES)}"
