"""Locked, atomic read-modify-write of a quiz file: the one place that writes them.

The lock is ``fcntl.flock`` on a lock file beside the target
(``.<name>.lock``), never on the target itself: a write replaces the
target with ``os.replace``, so a lock on the target's inode would guard a
file that is no longer there, and a second writer opening the new file
would get a lock of its own. The lock file is removed on release; a waiter
that then wins the lock of the removed file sees that it is stale (the path
no longer names the file it locked) and tries again.

``write_if_unchanged`` re-reads the target under the lock and refuses when
its bytes differ from what the command read, so an edit is never written
over another one. Where ``fcntl`` does not exist (Windows) there is no
lock, only that check.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None

WAIT_SECONDS = 60.0  # how long to wait for another quizlint editing the same file

_held: set[str] = set()  # targets this process holds the lock of (the lock is re-entrant)


class LockTimeout(OSError):
    """Another process kept the file locked for longer than ``WAIT_SECONDS``."""


class ChangedOnDisk(Exception):
    """The file's bytes differ from those the command read."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def lock_path(path) -> str:
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(folder, f".{name}.lock")


def _try_lock(lock: str) -> int | None:
    """An fd holding the lock file's lock, or None when it is busy or stale."""
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    try:
        if os.path.samestat(os.fstat(fd), os.stat(lock)):
            return fd
    except FileNotFoundError:
        pass
    os.close(fd)  # the holder removed it before we got it: stale
    return None


@contextlib.contextmanager
def locked(path, wait: float | None = None):
    """Hold the exclusive edit lock of ``path`` for the ``with`` block."""
    target = os.path.abspath(path)
    if fcntl is None or target in _held:
        yield
        return
    lock = lock_path(target)
    deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
    fd = _try_lock(lock)
    while fd is None:
        if time.monotonic() > deadline:
            raise LockTimeout(f"{path}: another quizlint command is editing this file "
                              f"(lock {lock}); try again when it is done")
        time.sleep(0.01)
        fd = _try_lock(lock)
    _held.add(target)
    try:
        yield
    finally:
        _held.discard(target)
        try:
            os.unlink(lock)  # while still locked, so no one can take a lock on it and keep it
        finally:
            os.close(fd)


def replace(path, data: bytes, mode: int) -> None:
    """Atomically replace ``path`` with ``data`` (temp file in the same folder, fsync, ``os.replace``)."""
    folder, name = os.path.split(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_if_unchanged(path, data: bytes, read_digest: str, mode: int) -> str:
    """Replace ``path`` with ``data`` under its lock, unless its bytes no longer
    have ``read_digest``; returns the digest of ``data``."""
    with locked(path):
        with open(path, "rb") as fh:
            now = digest(fh.read())
        if now != read_digest:
            raise ChangedOnDisk(f"{path} changed on disk since this command read it; nothing "
                                "written. Run the command again to redo the edit on the new content")
        replace(path, data, mode)
    return digest(data)
