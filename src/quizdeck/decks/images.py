"""Pictures on cards: a card's ``image`` names a file in its deck's folder (``"maps/lyon.png"``).

The name is checked when a deck is read: a path relative to the deck's folder that stays
inside it, with no control characters. The file is checked by ``quiz validate`` and
``quiz lint`` (see :func:`image_problem`), and again whenever quiz shows or exports it: it
must be a regular file inside the folder (a link may not lead out of it), no larger than
:data:`IMAGE_LIMIT`, and a PNG, JPEG, GIF, WebP or SVG image by its first bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

from quizdeck.model import Card

#: The largest picture quiz shows, checks or exports (bytes).
IMAGE_LIMIT = 10 * 1024 * 1024
#: The longest picture name (a path inside the deck's folder).
MAX_IMAGE_NAME = 255
#: The longest deck ``source`` file name (a path, relative to the deck).
MAX_FILE_NAME = 1024
#: What the first bytes of each image format are; SVG is XML text, found by its ``<svg``.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)
#: How much of a file is read to recognise an SVG image.
_SVG_HEAD = 4096
#: The usual file name ending of each format: the viewer gets a copy named so.
SUFFIXES = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WebP": ".webp", "SVG": ".svg"}
#: What may run code or reach other files when a viewer (often a web browser) opens an SVG:
#: scripts (``javascript:`` links too), embedded HTML and documents, style sheets that
#: transform it (XSLT), entities (expansion bombs, local files), a redirect (``http-equiv``).
#: Looked for in the file's text with entities decoded, letters lowered and spaces and
#: control characters removed.
_ACTIVE_SVG = (
    "<script",
    ":script",
    "javascript:",
    "vbscript:",
    "<!entity",
    "<foreignobject",
    "<iframe",
    "<embed",
    "<object",
    "<handler",
    "<listener",
    "xml-stylesheet",
    "http-equiv",
    'attributename="on',
    "attributename='on",
)
#: An event handler attribute (``onload=``), in the file's decoded, lowered text.
_EVENT_HANDLER = re.compile(r"[\s/\"']on[a-z]+\s*=")
_SPACES_AND_CONTROLS = dict.fromkeys([*range(33), 127], None)


def file_name_ok(name: str) -> bool:
    """Whether ``name`` may name a file beside a deck (its ``source``): short, no control
    characters."""
    return len(name) <= MAX_FILE_NAME and all(char.isprintable() for char in name)


def name_problem(name: str) -> str | None:
    """What is wrong with ``name`` as a card's ``image``, or None."""
    if not name.strip():
        return "'image' is empty"
    if len(name) > MAX_IMAGE_NAME:
        return f"'image' is longer than {MAX_IMAGE_NAME} characters"
    if not all(char.isprintable() for char in name):
        return "'image' has control characters"
    if "\\" in name:
        return "'image' must separate folders with '/', not '\\'"
    if name.startswith("/") or name[1:2] == ":":
        return "'image' must be a file name relative to the deck's folder, not an absolute path"
    if ".." in name.split("/"):
        return "'image' must stay inside the deck's folder (no '..')"
    return None


def image_file(card: Card) -> Path | None:
    """Where the picture of ``card`` should be (None when it has none, or no deck file)."""
    if not card.image or card.path is None:
        return None
    return card.path.parent / card.image


def image_type(head: bytes) -> str | None:
    """The image format the first bytes of a file say ("PNG", "SVG"...), or None."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    text = head[:_SVG_HEAD].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith("<") and "<svg" in text.lower():
        return "SVG"
    return None


def svg_active(data: bytes) -> bool:
    """Whether the SVG ``data`` holds anything that runs or loads when it is opened."""
    import html

    text = html.unescape(data.decode("utf-8", "replace")).lower()
    if _EVENT_HANDLER.search(text):
        return True
    compact = text.translate(_SPACES_AND_CONTROLS)
    return any(token in compact for token in _ACTIVE_SVG)


def read_image(card: Card, *, whole: bool = True) -> bytes:
    """The bytes of the picture of ``card`` (only its first bytes unless ``whole``, all of an
    SVG's); ValueError saying what is wrong with it."""
    if image_file(card) is None or card.path is None:
        raise ValueError("the card has no picture")
    return read_picture(card.path.parent, card.image, whole=whole)


def read_picture(folder: Path, name: str, *, whole: bool = True) -> bytes:
    """The bytes of picture ``name`` in ``folder`` (see :func:`read_image`); ValueError saying
    what is wrong with it."""
    path = folder / name
    try:
        resolved = path.resolve()
        if not resolved.is_relative_to(folder.resolve()):
            raise ValueError(f"picture '{name}' leads out of the deck's folder")
        data, version = _read(resolved, whole)
        if not whole and image_type(data) == "SVG":
            data, version = _read(resolved, True)
    except FileNotFoundError:
        raise ValueError(f"picture '{name}' not found in the deck's folder") from None
    except IsADirectoryError:
        raise ValueError(f"picture '{name}' is a folder, not a file") from None
    except OSError as error:
        raise ValueError(f"picture '{name}' {_read_error(error)}") from None
    except RuntimeError:  # a loop of links
        raise ValueError(f"picture '{name}' cannot be read: a loop of links") from None
    kind = image_type(data)
    if kind is None:
        raise ValueError(f"picture '{name}' is not a PNG, JPEG, GIF, WebP or SVG image")
    if kind == "SVG" and _svg_active_once(data, version):
        raise ValueError(f"picture '{name}' is an SVG with scripts or embedded content")
    return data


#: Whether each SVG file read had active content, by the version of the file it was.
_SVG_CHECKED: dict[tuple[int, ...], bool] = {}


def _svg_active_once(data: bytes, version: tuple[int, ...]) -> bool:
    """:func:`svg_active` of a file's ``data``, worked out once for each ``version`` of it: a
    session shows a picture several times, and a large SVG takes a second to check."""
    if version not in _SVG_CHECKED:
        if len(_SVG_CHECKED) > 64:
            _SVG_CHECKED.clear()
        _SVG_CHECKED[version] = svg_active(data)
    return _SVG_CHECKED[version]


def _read(path: Path, whole: bool) -> tuple[bytes, tuple[int, ...]]:
    """The file's bytes (or its first ones) and its version (device, inode, size and change
    times: another version is another file), refusing anything but a regular file no larger
    than :data:`IMAGE_LIMIT` (opening never blocks on a FIFO). ``path`` is resolved: a link
    put in its place since is not followed."""
    import errno
    import os
    import stat

    from quizdeck.files import NotAFileError, TooLargeError

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:  # a link put in its place since it was resolved
            raise NotAFileError(f"not a regular file: {path}") from None
        raise
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotAFileError(f"not a regular file: {path}")
        if info.st_size > IMAGE_LIMIT:
            raise TooLargeError(f"larger than {IMAGE_LIMIT} bytes")
        data = stream.read(IMAGE_LIMIT + 1 if whole else _SVG_HEAD)
    if len(data) > IMAGE_LIMIT:
        raise TooLargeError(f"larger than {IMAGE_LIMIT} bytes")
    version = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    return data, version


def _read_error(error: OSError) -> str:
    from quizdeck.files import NotAFileError, TooLargeError, describe_read_error

    if isinstance(error, NotAFileError):
        return "is not a regular file"
    if isinstance(error, TooLargeError):
        return f"is larger than {IMAGE_LIMIT // 2**20} MiB"
    return f"cannot be read: {describe_read_error(error)}"


#: The file names a teacher's pictures have (the wizard offers the files beside a deck).
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
#: The most folder entries looked at when listing the pictures beside a deck.
_LISTED_ENTRIES = 2000


def deck_image_name(deck_file: Path, given: str) -> str:
    """The ``image`` of a picture a teacher gives for the deck ``deck_file``: the path from the
    deck's folder when ``given`` names (from the current folder) a file inside it, else
    ``given`` as it is (a name from the deck's folder, checked by :func:`picture_problem`)."""
    import os

    folder = os.path.abspath(deck_file.parent)
    typed = os.path.abspath(given)
    if given.strip() and os.path.isfile(typed) and typed.startswith(folder + os.sep):
        return Path(os.path.relpath(typed, folder)).as_posix()
    return given


def picture_problem(folder: Path, name: str) -> str | None:
    """What ``quiz validate`` says of picture ``name`` for a deck in ``folder`` (None: fine)."""
    wrong = name_problem(name)
    if wrong:
        return wrong
    try:
        read_picture(folder, name, whole=False)
    except ValueError as error:
        return str(error)
    return None


def pictures_in(folder: Path) -> list[str]:
    """The names of the picture files (by their suffix) in ``folder`` and its subfolders one
    level down, sorted; at most a few thousand entries are looked at."""
    import itertools

    def files(where: Path) -> list[Path]:
        try:
            return list(itertools.islice(where.iterdir(), _LISTED_ENTRIES))
        except OSError:
            return []

    found = []
    for entry in files(folder):
        inside = files(entry) if entry.is_dir() and not entry.is_symlink() else [entry]
        found += [path for path in inside if path.suffix.lower() in PICTURE_SUFFIXES]
    return sorted(path.relative_to(folder).as_posix() for path in found if path.is_file())


def image_problem(card: Card) -> str | None:
    """What is wrong with the picture of ``card`` (None when it is fine or has none)."""
    if not card.image:
        return None
    try:
        read_image(card, whole=False)
    except ValueError as error:
        return str(error)
    return None
