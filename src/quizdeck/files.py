"""Writing files so that a reader never sees half of one, and nothing but a file is replaced.

Every file quiz writes goes through ``replacing``:

- a missing or regular file: the new content goes to a temporary file beside it, is
  synced, then renamed over it, so a reader sees the old file or the new one, never half;
- a symbolic link is followed: the file it points to is replaced, the link stays;
- a device, FIFO or socket (``/dev/null``, a named pipe) is never replaced by a regular
  file: the content is written into it in place;
- a folder is an error (``IsADirectoryError``);
- this process's standard output or error (``-o /dev/stdout``, or the file a shell opened
  for ``>> log``) is written through its open descriptor, never renamed over.

A process killed while writing leaves its temporary file (``.NAME.xxxxxxxx.tmp``) behind;
the next write to the same target removes it. A live writer holds a lock on its temporary
file, so only the files of dead writers are removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no cleanup of dead writers' files
    fcntl = None  # type: ignore[assignment]

STALE_SUFFIX = ".tmp"

MIB = 1024 * 1024
#: Largest files quiz reads from other people: a deck, a CSV file, a source text,
#: a progress export (a year of daily study is well under 10 MiB).
DECK_LIMIT = 16 * MIB
CSV_LIMIT = 64 * MIB
SOURCE_LIMIT = 4 * MIB
EXPORT_LIMIT = 256 * MIB


class NotAFileError(OSError):
    """The path is a device, FIFO or socket, not a file quiz can read."""


class TooLargeError(OSError):
    """The file is larger than quiz reads for its purpose."""


_PART_SUFFIX = ".part"
#: The random part of quiz's temporary names (``secrets.token_hex(4)``), as a glob: only files
#: quiz made are ever removed as stale, never a user's ``.notes.csv.backup.tmp``.
_TOKEN = "[0-9a-f]" * 8


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path``: atomically for a file, in place for a device or FIFO."""
    with replacing(path) as temporary:
        write_and_sync(temporary, data)


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path to write ``path``'s new content to; it takes ``path``'s place on success.

    On an exception nothing is changed and the temporary file is removed.
    """
    descriptor = standard_descriptor(path)
    if descriptor is not None:  # -o /dev/stdout, or the file the shell redirected it to
        with _scratch_file() as scratch:
            yield scratch
            _copy_to_descriptor(scratch, descriptor)
        return
    target = write_target(path)
    if target.exists() and not target.is_file():
        with _scratch_file() as scratch:
            yield scratch
            _copy_into(scratch, target)
        return
    remove_stale_temporaries(target)
    with temporary_beside(target) as temporary:
        yield temporary
        os.replace(temporary, target)


def standard_descriptor(path: Path) -> int | None:
    """1 or 2 when ``path`` is this process's standard output or error (``/dev/stdout``,
    ``/proc/self/fd/1``, or the file a shell's ``>> log`` opened), else None.

    Such a target is written through the open descriptor: renaming over the file would
    lose what was there (an appended-to log), and a pipe has no file to rename over.
    """
    try:
        target = os.stat(path)
    except (OSError, ValueError):
        return None
    for descriptor in (1, 2):
        try:
            opened = os.fstat(descriptor)
        except OSError:
            continue
        if (opened.st_dev, opened.st_ino) == (target.st_dev, target.st_ino):
            return descriptor
    return None


def _copy_to_descriptor(source: Path, descriptor: int) -> None:
    import sys

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    with open(source, "rb") as reading:
        while chunk := reading.read(1 << 16):
            view = memoryview(chunk)
            while view:
                view = view[os.write(descriptor, view) :]


def write_target(path: Path) -> Path:
    """The path really written for ``path``: a symbolic link's target, else ``path``."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    if path.is_dir():
        raise IsADirectoryError(21, "Is a directory", str(path))
    return path


@contextlib.contextmanager
def temporary_beside(path: Path) -> Iterator[Path]:
    """An empty temporary file in the folder of ``path`` (so renaming over it is atomic).

    It is locked while in use and removed afterwards unless it was renamed away. It
    gets the permissions of ``path`` when that exists, else the usual ones for a new
    file (not the owner-only ones of ``tempfile``), so the rename changes neither. It
    is created as ``.part`` and renamed to ``.tmp`` once locked, so a cleaner never
    sees a live writer's file unlocked.
    """
    part = _new_file(path.parent, f".{path.name}.", _PART_SUFFIX)
    temporary = part.with_suffix(STALE_SUFFIX)
    handle = os.open(part, os.O_RDONLY)
    try:
        _lock(handle)
        _copy_mode(path, part)
        os.replace(part, temporary)
        yield temporary
    finally:
        part.unlink(missing_ok=True)
        temporary.unlink(missing_ok=True)
        os.close(handle)


def remove_stale_temporaries(path: Path) -> int:
    """Remove temporary files that killed writers of ``path`` left behind; how many."""
    if fcntl is None:  # pragma: no cover - Windows
        return 0
    removed = 0
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f".{_glob_escape(path.name)}.{_TOKEN}{STALE_SUFFIX}"):
            if _unlocked(leftover):
                with contextlib.suppress(OSError):
                    leftover.unlink()
                    removed += 1
    return removed


@contextlib.contextmanager
def lock_beside(path: Path) -> Iterator[None]:
    """Hold the lock of ``path`` (a ``.NAME.lock`` file beside it) while reading, changing and
    writing it: writers of one file take turns instead of overwriting each other's work."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    target = write_target(path)
    handle = os.open(
        target.parent / f".{target.name}.lock",
        os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
        0o666,
    )
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, refusing devices, FIFOs and files over ``limit``.

    Opening does not block on a FIFO, and at most ``limit`` bytes are ever read, so
    ``/dev/zero``, a named pipe or a growing file cannot hang quiz or fill its memory.
    """
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as stream:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise NotAFileError(f"not a regular file: {path}")
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"larger than {limit // MIB} MiB: {path}")
    return data


def read_json(path: Path, limit: int) -> object:
    """The JSON value in the regular file ``path`` (at most ``limit`` bytes, a BOM allowed).

    Lone surrogates (``"\\ud800"``, valid JSON but not text) become U+FFFD, so nothing read
    fails later when written out. Raises ``OSError``, ``ValueError`` or ``RecursionError``.
    """
    import json

    return without_surrogates(json.loads(read_limited(path, limit).decode("utf-8-sig")))


def without_surrogates(data: object) -> object:
    """Parsed JSON with every lone surrogate in its strings (keys too) replaced by U+FFFD."""
    if isinstance(data, str):
        return _text(data)
    pending = [data]
    while pending:  # no recursion: the JSON may be as deep as the parser allowed
        item = pending.pop()
        if isinstance(item, list):
            for index, value in enumerate(item):
                if isinstance(value, str):
                    item[index] = _text(value)
                elif isinstance(value, (list, dict)):
                    pending.append(value)
        elif isinstance(item, dict):
            for key in list(item):
                value = item.pop(key)
                if isinstance(value, str):
                    value = _text(value)
                elif isinstance(value, (list, dict)):
                    pending.append(value)
                item[_text(key)] = value
    return data


def _text(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in value)
    return value


def describe_read_error(error: OSError) -> str:
    """A short reason for a failed read, for a one-line message."""
    if isinstance(error, NotAFileError):
        return "not a regular file"
    if isinstance(error, TooLargeError):
        return str(error).split(":", 1)[0]
    return error.strerror or str(error)


def write_and_sync(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` and wait until it is on disk."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with open(path, "wb") as stream:
        stream.write(raw)
        stream.flush()
        os.fsync(stream.fileno())


# --- helpers -----------------------------------------------------------------------------


def _new_file(folder: Path, prefix: str, suffix: str) -> Path:
    """A new empty file ``folder/prefix + random + suffix`` that did not exist before."""
    import secrets

    while True:
        name = folder / f"{prefix}{secrets.token_hex(4)}{suffix}"
        try:
            handle = os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        os.close(handle)
        return name


@contextlib.contextmanager
def _scratch_file() -> Iterator[Path]:
    """A private temporary file, removed afterwards (for targets that are not files)."""
    handle, name = tempfile.mkstemp(prefix="quiz-", suffix=STALE_SUFFIX)
    os.close(handle)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def _copy_into(source: Path, target: Path) -> None:
    """Write the bytes of ``source`` into the device or FIFO ``target`` in place."""
    with open(source, "rb") as reading, open(target, "wb") as writing:
        shutil.copyfileobj(reading, writing)


def _copy_mode(model: Path, path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        mode = model.stat().st_mode
        if stat.S_ISREG(mode):
            os.chmod(path, mode & 0o7777)


def _lock(handle: int) -> None:
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlocked(path: Path) -> bool:
    """Whether nobody holds the lock on ``path`` (its writer is gone)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(handle)
    return True


def _glob_escape(name: str) -> str:
    return "".join(f"[{char}]" if char in "*?[" else char for char in name)


def text_stream(path: Path) -> TextIO:
    """``path`` opened for writing text with no newline translation (for CSV and JSON)."""
    return open(path, "w", encoding="utf-8", newline="")
