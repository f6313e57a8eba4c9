"""Writing files so that a reader never sees half of one: a temporary file, then a rename."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    temporary = temporary_beside(path)
    try:
        write_and_sync(temporary, data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def temporary_beside(path: Path) -> Path:
    """An empty temporary file in the folder of ``path`` (so renaming over it is atomic).

    It gets the permissions of ``path`` when that exists, else the usual ones for a
    new file (not the owner-only ones of ``tempfile``), so the rename changes neither.
    """
    import secrets

    while True:
        name = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(name, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        os.close(handle)
        break
    with contextlib.suppress(FileNotFoundError):
        os.chmod(name, path.stat().st_mode & 0o7777)
    return name


def write_and_sync(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` and wait until it is on disk."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with open(path, "wb") as stream:
        stream.write(raw)
        stream.flush()
        os.fsync(stream.fileno())
