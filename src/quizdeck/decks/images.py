"""Pictures on cards: a card's ``image`` names a file in its deck's folder (``"maps/lyon.png"``).

The name is checked when a deck is read: a path relative to the deck's folder that stays
inside it, with no control characters. The file is checked by ``quiz validate`` and
``quiz lint`` (see :func:`image_problem`), and again whenever quiz shows or exports it: it
must be a regular file inside the folder (a link may not lead out of it), no larger than
:data:`IMAGE_LIMIT`, and a PNG, JPEG, GIF, WebP or SVG image by its first bytes.
"""

from __future__ import annotations

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


def read_image(card: Card, *, whole: bool = True) -> bytes:
    """The bytes of the picture of ``card`` (only its first bytes unless ``whole``);
    ValueError saying what is wrong with it."""
    path = image_file(card)
    if path is None or card.path is None:
        raise ValueError("the card has no picture")
    name = card.image
    try:
        if not path.resolve().is_relative_to(card.path.parent.resolve()):
            raise ValueError(f"picture '{name}' leads out of the deck's folder")
        data = _read(path, whole)
    except FileNotFoundError:
        raise ValueError(f"picture '{name}' not found in the deck's folder") from None
    except IsADirectoryError:
        raise ValueError(f"picture '{name}' is a folder, not a file") from None
    except OSError as error:
        raise ValueError(f"picture '{name}' {_read_error(error)}") from None
    except RuntimeError:  # a loop of links
        raise ValueError(f"picture '{name}' cannot be read: a loop of links") from None
    if image_type(data) is None:
        raise ValueError(f"picture '{name}' is not a PNG, JPEG, GIF, WebP or SVG image")
    return data


def _read(path: Path, whole: bool) -> bytes:
    """The file's bytes (or its first ones), refusing anything but a regular file no larger
    than :data:`IMAGE_LIMIT` (opening never blocks on a FIFO)."""
    import os
    import stat

    from quizdeck.files import NotAFileError, TooLargeError

    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
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
    return data


def _read_error(error: OSError) -> str:
    from quizdeck.files import NotAFileError, TooLargeError, describe_read_error

    if isinstance(error, NotAFileError):
        return "is not a regular file"
    if isinstance(error, TooLargeError):
        return f"is larger than {IMAGE_LIMIT // 2**20} MiB"
    return f"cannot be read: {describe_read_error(error)}"


def image_problem(card: Card) -> str | None:
    """What is wrong with the picture of ``card`` (None when it is fine or has none)."""
    if not card.image:
        return None
    try:
        read_image(card, whole=False)
    except ValueError as error:
        return str(error)
    return None
