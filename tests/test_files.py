"""Files quiz writes: atomic for files, in place for devices and FIFOs, links followed,
and temporary files of killed writers cleaned up by the next write."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizdeck.cli import main
from quizdeck.files import remove_stale_temporaries, replacing, temporary_beside, write_atomic


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def test_a_regular_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_failed_write_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), replacing(target) as temporary:
        temporary.write_text("half", encoding="utf-8")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"


def test_a_fifo_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_device_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
    except PermissionError:
        pytest.skip("creating a device node needs root (CI runs as root)")
    write_atomic(null, "nothing to see")
    assert stat.S_ISCHR(null.stat().st_mode)


def test_a_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, "x")


def test_stale_temporaries_are_removed_but_live_ones_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    stale = tmp_path / ".out.json.0badf00d.tmp"
    stale.write_bytes(b"x" * 1000)
    other = tmp_path / ".other.json.0badf00d.tmp"
    other.write_bytes(b"not ours")
    with temporary_beside(target) as live:
        assert remove_stale_temporaries(target) == 1
        assert live.exists()
    assert not stale.exists() and other.exists()


def test_the_next_write_cleans_up_after_a_killed_writer(tmp_path: Path) -> None:
    target = tmp_path / "cards.json"
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from quizdeck.files import replacing\n"
        "with replacing(Path(sys.argv[1])) as temporary:\n"
        "    temporary.write_bytes(b'x' * 100000)\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    assert len(leftovers(tmp_path)) == 1
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    assert len(leftovers(tmp_path)) == 1  # what a kill leaves
    write_atomic(target, "[]")
    assert leftovers(tmp_path) == []
    assert target.read_text(encoding="utf-8") == "[]"


def test_two_writers_at_once_do_not_remove_each_other(tmp_path: Path) -> None:
    target = tmp_path / "cards.json"
    with replacing(target) as first:
        first.write_text("first", encoding="utf-8")
        write_atomic(target, "second")  # removes only dead writers' files
        assert first.exists()
    assert target.read_text(encoding="utf-8") == "first"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "json", "-o", "-"],
        ["export", "--format", "csv", "-o", "-"],
        ["schema", "-o", "-"],
        ["progress", "export", "-o", "-"],
    ],
)
def test_dash_means_standard_output(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.strip()
    assert not (tmp_path / "-").exists()


def test_apkg_to_standard_output_is_a_zip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "--format", "apkg", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"PK")
    assert not (tmp_path / "-").exists()


def test_export_into_a_fifo_keeps_the_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "cards.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = CliRunner().invoke(main, ["export", "--format", "json", "-o", str(fifo)])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])
