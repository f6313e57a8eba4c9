"""Pictures in Anki packages (Anki's media).

Export: each card's picture goes into the package as Anki stores media (a ``media`` file
mapping member numbers to names, and numbered members) and into the note's Prompt field as
``<img src="name">``.

Import: the pictures a package's notes show come out under safe names (letters, digits,
``.``, ``_``, ``-``), each an image by its first bytes and at most ``IMAGE_LIMIT``, at most
:data:`MAX_PICTURES` of them; both of Anki's layouts are read (a JSON ``media`` file and
plain members, or current Anki's zstd-compressed protocol-buffer list and members).
"""

from __future__ import annotations

import hashlib
import html
import json
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from quizdeck.decks.format import Deck, display_path
from quizdeck.decks.images import IMAGE_LIMIT, image_type, read_image
from quizdeck.model import Card

#: The most pictures read from one package.
MAX_PICTURES = 2000
#: The most bytes of pictures read from one package in all.
PICTURES_LIMIT = 512 * 1024 * 1024
#: The longest picture name quiz writes.
MAX_NAME = 100
#: What reading a damaged zip member raises.
_BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


def safe_name(name: str) -> str:
    """``name`` as a file name quiz may write: its last part, letters, digits, ``.``, ``_`` and
    ``-`` only, not starting with a dot, at most :data:`MAX_NAME` characters ("" if nothing
    is left)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in base)
    kept = kept.lstrip("._-")
    if len(kept) > MAX_NAME:
        stem, dot, suffix = kept.rpartition(".")
        kept = (stem[: MAX_NAME - len(suffix) - 1] + dot + suffix) if dot else kept[:MAX_NAME]
    return kept


def img_tag(name: str) -> str:
    """The HTML that shows media ``name`` in an Anki field."""
    return f'<img src="{html.escape(name, quote=True)}">'


@dataclass
class Pictures:
    """The pictures of an export: each card's media name, and the card that gives each file."""

    names: dict[tuple[str, str], str] = field(default_factory=dict)
    files: dict[str, tuple[str, Card]] = field(default_factory=dict)  # name -> (sha256, card)
    warnings: list[str] = field(default_factory=list)

    def add(self, card: Card) -> None:
        """Take the picture of ``card``; a picture that cannot be read is left out, with a
        warning."""
        try:
            digest = hashlib.sha256(read_image(card)).hexdigest()
        except ValueError as error:
            where = f"{display_path(card.path)}:{card.line}" if card.path else card.deck_id
            self.warnings.append(f"{where}: {error}: left out")
            return
        name = safe_name(card.image.replace("/", "-")) or "picture"
        numbered = range(2, len(self.files) + 3)
        candidates = [name, f"{card.deck_id}-{name}"]
        candidates += [f"{card.deck_id}-{number}-{name}" for number in numbered]
        for candidate in candidates:
            if self.files.get(candidate, (digest, card))[0] == digest:
                self.files.setdefault(candidate, (digest, card))
                self.names[card.key] = candidate
                return

    def write(self, archive: zipfile.ZipFile) -> None:
        """The ``media`` map and one numbered member per picture (read again: checked again)."""
        mapping: dict[str, str] = {}
        for number, (name, (_, card)) in enumerate(self.files.items()):
            try:
                data = read_image(card)
            except ValueError:  # changed since: left out
                continue
            archive.writestr(str(number), data)
            mapping[str(number)] = name
        archive.writestr("media", json.dumps(mapping))


def deck_pictures(decks: Sequence[Deck]) -> Pictures:
    """The pictures of every card of ``decks`` that has one."""
    pictures = Pictures()
    for deck in decks:
        for card in deck.cards:
            if card.image:
                pictures.add(card)
    return pictures


# --- import ----------------------------------------------------------------------------------


def media_map(archive: zipfile.ZipFile) -> dict[str, str]:
    """The package's media by name: name -> member. Empty when there is none or it cannot be
    read (the notes still import, without their pictures)."""
    if "media" not in archive.namelist():
        return {}
    info = archive.getinfo("media")
    if info.file_size > 64 * 1024 * 1024:
        return {}
    try:
        raw = archive.read(info)
    except _BROKEN:
        return {}
    try:
        found = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return dict(_proto_entries(_unzstd(raw, 64 * 1024 * 1024)))
    if not isinstance(found, dict):
        return {}
    return {str(name): str(member) for member, name in found.items()}


def _proto_entries(data: bytes) -> Iterator[tuple[str, str]]:
    """Current Anki's ``MediaEntries``: each entry (field 1) gives a name (its field 1) and is
    the member numbered by its position (or by its field 255, when given)."""
    for position, entry in enumerate(
        value for number, value in _fields(data) if number == 1 and isinstance(value, bytes)
    ):
        fields = dict(_fields(entry))
        name, member = fields.get(1), fields.get(255, position)
        if isinstance(name, bytes) and isinstance(member, int):
            yield name.decode("utf-8", "replace"), str(member)


def _fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """The top-level fields of a protocol-buffer message: (number, varint or bytes); stops at
    anything it cannot read."""
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        if key is None:
            return
        if key & 7 == 0:
            value, position = _varint(data, position)
            if value is None:
                return
            yield key >> 3, value
        elif key & 7 == 2:
            size, position = _varint(data, position)
            if size is None or position + size > len(data):
                return
            yield key >> 3, data[position : position + size]
            position += size
        elif key & 7 in (1, 5):
            position += 8 if key & 7 == 1 else 4
        else:
            return


def _varint(data: bytes, position: int) -> tuple[int | None, int]:
    value = shift = 0
    while position < len(data) and shift < 64:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7
    return None, position


def _unzstd(data: bytes, limit: int) -> bytes:
    """``data`` decompressed when it is zstd (at most ``limit`` bytes), else as it is."""
    if not data.startswith(b"\x28\xb5\x2f\xfd"):
        return data
    import zstandard

    try:
        with zstandard.ZstdDecompressor().stream_reader(data) as reader:
            out = reader.read(limit + 1)
    except zstandard.ZstdError:
        return b""
    return b"" if len(out) > limit else out


@dataclass
class Found:
    """Pictures taken out of a package: safe name -> bytes, and what was left out."""

    files: dict[str, bytes] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)  # the note's name -> safe name
    warnings: list[str] = field(default_factory=list)
    size: int = 0


def take_picture(archive: zipfile.ZipFile, media: dict[str, str], name: str, found: Found) -> str:
    """The safe name of the picture a note calls ``name``, its bytes kept in ``found``; ""
    when the package does not hold it, it is no image, or a limit is reached."""
    if name in found.renamed:
        return found.renamed[name]
    member = media.get(name)
    if member is None or member not in archive.namelist():
        return ""
    if len(found.files) >= MAX_PICTURES:
        found.warnings.append(f"more than {MAX_PICTURES} pictures: '{name}' and later left out")
        return ""
    info = archive.getinfo(member)
    if info.file_size > 2 * IMAGE_LIMIT:
        found.warnings.append(f"picture '{name}' is larger than quiz shows: left out")
        return ""
    try:
        with archive.open(info) as stream:
            data = _unzstd(stream.read(2 * IMAGE_LIMIT + 1), IMAGE_LIMIT)
    except _BROKEN:
        found.warnings.append(f"picture '{name}' cannot be read: left out")
        return ""
    if len(data) > IMAGE_LIMIT or found.size + len(data) > PICTURES_LIMIT:
        found.warnings.append(f"picture '{name}' is larger than quiz shows: left out")
        return ""
    if image_type(data) is None:
        found.warnings.append(f"'{name}' is not a PNG, JPEG, GIF, WebP or SVG image: left out")
        return ""
    safe = _unique(safe_name(name) or "picture", data, found)
    found.files[safe], found.renamed[name] = data, safe
    found.size += len(data)
    return safe


def _unique(name: str, data: bytes, found: Found) -> str:
    stem, dot, suffix = name.rpartition(".")
    stem, suffix = (stem, dot + suffix) if dot else (name, "")
    candidate, number = name, 1
    while candidate in found.files and found.files[candidate] != data:
        number += 1
        candidate = f"{stem}-{number}{suffix}"
    return candidate


def picture_names(field_html: str) -> list[str]:
    """The ``src`` of each ``<img>`` tag of an Anki field, in order (read with ``str.find``:
    linear time, whatever the field holds)."""
    from urllib.parse import unquote

    lower, names, position = field_html.lower(), [], 0
    while (start := lower.find("<img", position)) >= 0:
        end = lower.find(">", start)
        if end < 0:
            break
        tag, at = field_html[start:end], lower.find("src=", start, end)
        if at >= 0:
            rest = field_html[at + 4 : end].lstrip()
            quote = rest[:1] if rest[:1] in ("'", '"') else ""
            value = rest[1:].split(quote, 1)[0] if quote else (rest.split() or [""])[0]
            names.append(html.unescape(value))
        position = end if tag else start + 4
    return [name for found in names for name in dict.fromkeys((found, unquote(found)))]


def write_pictures(folder: Path, files: dict[str, bytes]) -> tuple[dict[str, str], list[Path]]:
    """Write ``files`` into ``folder`` as new files: never over a file (nor through a link); a
    name taken by another file gets a number, one holding the same bytes is used as it is.
    Returns each name as written, and the files made."""
    import os

    written: dict[str, str] = {}
    made: list[Path] = []
    for name, data in files.items():
        stem, dot, suffix = name.rpartition(".")
        stem, suffix = (stem, dot + suffix) if dot else (name, "")
        candidate, number = name, 1
        while True:
            path = folder / candidate
            try:
                handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                if _same_file(path, data):
                    break
                number += 1
                candidate = f"{stem}-{number}{suffix}"
                continue
            made.append(path)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            break
        written[name] = candidate
    return written, made


def _same_file(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link) holding ``data``."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False
