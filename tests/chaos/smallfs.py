"""A small filesystem of the suite's own (tmpfs, or an ext4 image on a loop device), to fill.

    with small_filesystem(tmp_path / "data", megabytes=8) as mount:
        filler = Filler(mount)
        filler.fill()      # until the kernel says ENOSPC
        filler.release()   # space returns

Root only (mount); unmounted and its image removed afterwards, even when the test fails.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path


def mount_available() -> str | None:
    """None when this process may mount filesystems, else why not."""
    if os.geteuid() != 0:
        return "mounting a small filesystem needs root"
    return None


def _run(*args: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stdout} {done.stderr}")


def _unmount(path: Path) -> None:
    for _ in range(20):  # a process that just exited may still hold a file for a moment
        done = subprocess.run(["umount", str(path)], capture_output=True, timeout=60, check=False)
        if done.returncode == 0 or not os.path.ismount(path):
            return
        time.sleep(0.5)
    _run("umount", "--lazy", str(path))


@contextlib.contextmanager
def small_filesystem(path: Path, *, megabytes: int, kind: str = "tmpfs") -> Iterator[Path]:
    """Mount a `megabytes` filesystem at `path` (`tmpfs`, or `ext4` on a loop device)."""
    path.mkdir(parents=True, exist_ok=True)
    image = path.parent / f"{path.name}.img"
    if kind == "tmpfs":
        _run("mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0755", "tmpfs", str(path))
    elif kind == "ext4":
        with open(image, "wb") as out:
            out.truncate(megabytes * 1024 * 1024)
        _run("mkfs.ext4", "-q", "-F", "-m", "0", str(image))
        _run("mount", "-o", "loop", str(image), str(path))  # the loop device goes at umount
    else:
        raise ValueError(f"unknown filesystem kind {kind!r}")
    try:
        yield path
    finally:
        _unmount(path)
        image.unlink(missing_ok=True)


class Filler:
    """Takes every free block of a filesystem with one file, and gives it back."""

    def __init__(self, mount: Path) -> None:
        self.path = mount / "filler.bin"

    def fill(self) -> int:
        """Write until ENOSPC; the bytes taken."""
        chunk = b"\0" * 65536
        written = 0
        with open(self.path, "ab", buffering=0) as out:
            for size in (65536, 4096, 512, 1):
                while True:
                    try:
                        written += out.write(chunk[:size])
                    except OSError as exc:
                        if exc.errno != errno.ENOSPC:
                            raise
                        break
        return written

    def free_bytes(self) -> int:
        """What the filesystem still has for an ordinary file."""
        stats = os.statvfs(self.path.parent)
        return stats.f_bavail * stats.f_frsize

    def release(self) -> None:
        """Give the space back."""
        self.path.unlink(missing_ok=True)
