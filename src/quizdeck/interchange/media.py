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
from quizdeck.decks.images import IMAGE_LIMIT, SUFFIXES, image_type, read_image, svg_active
from quizdeck.interchange import protobuf
from quizdeck.model import Card

#: The most pictures read from one package.
MAX_PICTURES = 2000
#: The most bytes of pictures read from one package in all.
PICTURES_LIMIT = 512 * 1024 * 1024
#: The largest media map read (bytes; Anki's for 100,000 files is a few MB).
MEDIA_MAP_LIMIT = 16 * 1024 * 1024
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
    #: Each picture file read (its folder and name): its digest, or what is wrong with it.
    digests: dict[tuple[Path | None, str], str | ValueError] = field(default_factory=dict)

    def add(self, card: Card) -> None:
        """Take the picture of ``card``; a picture that cannot be read is left out, with a
        warning. Each file is read once, however many cards show it."""
        where = (card.path.parent if card.path else None, card.image)
        if where not in self.digests:
            try:
                self.digests[where] = hashlib.sha256(read_image(card)).hexdigest()
            except ValueError as error:
                self.digests[where] = error
        digest = self.digests[where]
        if isinstance(digest, ValueError):
            at = f"{display_path(card.path)}:{card.line}" if card.path else card.deck_id
            self.warnings.append(f"{at}: {digest}: left out")
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
    if info.file_size > MEDIA_MAP_LIMIT:
        return {}
    try:
        raw = archive.read(info)
    except _BROKEN:
        return {}
    try:
        found = json.loads(raw.decode("utf-8"))
    except RecursionError:  # deeply nested: no media map
        return {}
    except (UnicodeDecodeError, ValueError):
        return dict(_proto_entries(_unzstd(raw, MEDIA_MAP_LIMIT)))
    if not isinstance(found, dict):
        return {}
    return {str(name): str(member) for member, name in found.items()}


def _proto_entries(data: bytes) -> Iterator[tuple[str, str]]:
    """Current Anki's ``MediaEntries``: each entry (field 1) gives a name (its field 1) and is
    the member numbered by its position (or by its field 255, when given)."""
    for position, entry in enumerate(
        value for number, value in protobuf.fields(data) if number == 1 and isinstance(value, bytes)
    ):
        fields = dict(protobuf.fields(entry))
        name, member = fields.get(1), fields.get(255, position)
        if isinstance(name, bytes) and isinstance(member, int):
            yield name.decode("utf-8", "replace"), str(member)


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
    refused: set[str] = field(default_factory=set)  # names read and left out
    tries: int = 0  # members read
    read: int = 0  # bytes read
    stopped: bool = False  # a limit was reached


def take_picture(archive: zipfile.ZipFile, media: dict[str, str], name: str, found: Found) -> str:
    """The safe name of the picture a note calls ``name``, its bytes kept in ``found``; ""
    when the package does not hold it, it is no image, or a limit is reached. Each name is
    read once, whether it was taken or not, and at most :data:`MAX_PICTURES` members and
    :data:`PICTURES_LIMIT` bytes are read in all: notes naming a zip bomb again and again
    cost nothing more."""
    if name in found.renamed:
        return found.renamed[name]
    shown = name if len(name) <= 80 else f"{name[:60]}…{name[-15:]}"
    member = media.get(name)
    if member is None or name in found.refused:
        return ""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return ""
    if found.tries >= MAX_PICTURES or found.read > PICTURES_LIMIT:
        if not found.stopped:
            found.warnings.append(
                f"more than {MAX_PICTURES} pictures: '{shown}' and later left out"
            )
        found.stopped = True
        return ""
    found.tries += 1
    found.refused.add(name)  # until it is taken
    if info.file_size > 2 * IMAGE_LIMIT:
        found.warnings.append(f"picture '{shown}' is larger than quiz shows: left out")
        return ""
    try:
        with archive.open(info) as stream:
            data = _unzstd(stream.read(2 * IMAGE_LIMIT + 1), IMAGE_LIMIT)
    except _BROKEN:
        found.warnings.append(f"picture '{shown}' cannot be read: left out")
        return ""
    found.read += len(data)
    if len(data) > IMAGE_LIMIT or found.size + len(data) > PICTURES_LIMIT:
        found.warnings.append(f"picture '{shown}' is larger than quiz shows: left out")
        return ""
    kind = image_type(data)
    if kind is None:
        found.warnings.append(f"'{shown}' is not a PNG, JPEG, GIF, WebP or SVG image: left out")
        return ""
    if kind == "SVG" and svg_active(data):
        found.warnings.append(f"'{shown}' is an SVG with scripts or embedded content: left out")
        return ""
    safe = _unique(named_for(safe_name(name) or "picture", kind), data, found)
    found.files[safe], found.renamed[name] = data, safe
    found.refused.discard(name)
    found.size += len(data)
    return safe


#: Names Windows keeps for devices, whatever follows the dot (``CON.png`` is the console).
RESERVED_NAMES = {
    "con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))
}  # fmt: skip
#: The name endings each format may have (the first is given to a name with another).
_ENDINGS = {"JPEG": (".jpg", ".jpeg", ".jpe", ".jfif")}


def named_for(name: str, kind: str) -> str:
    """Safe ``name`` ending as an image of ``kind`` should (``evil.html`` holding a PNG is
    ``evil.png``: a file manager opens it as a picture), never a Windows device name."""
    stem, dot, suffix = name.rpartition(".")
    stem, suffix = (stem, dot + suffix) if dot and stem else (name, "")
    if suffix.lower() not in _ENDINGS.get(kind, (SUFFIXES[kind],)):
        suffix = SUFFIXES[kind]
    if stem.split(".")[0].lower() in RESERVED_NAMES:
        stem += "-picture"
    return stem + suffix


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
    """Write ``files`` into ``folder`` as new files (in its subfolders for a name like
    ``maps/lyon.png``): never over a file (nor through a link); a name taken by another file
    gets a number, one holding the same bytes is used as it is.
    Returns each name as written, and the files made."""
    import os

    written: dict[str, str] = {}
    made: list[Path] = []
    for name, data in files.items():
        stem, dot, suffix = name.rpartition(".")
        stem, suffix = (stem, dot + suffix) if dot else (name, "")
        candidate, number = name, 1
        _make_folders(folder, name)
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


def _make_folders(folder: Path, name: str) -> None:
    """Make the folders of ``name`` (``maps/lyon.png``) inside ``folder``; OSError when one
    exists as a link leading out of it."""
    parent = (folder / name).parent
    parent.mkdir(parents=True, exist_ok=True)
    if not parent.resolve().is_relative_to(folder.resolve()):
        raise OSError(f"'{name}' leads out of the folder")


def _same_file(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link) holding ``data``."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False
