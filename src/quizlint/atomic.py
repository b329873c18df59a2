"""Atomic writes, and the locked read-modify-write of a quiz file.

:func:`write_atomic` (and :func:`atomic_file` for data written in pieces)
is the one atomic write: quiz files, cache entries and the joined model
file go through it. The temporary file has an
unpredictable name, is created exclusively (``O_EXCL``, never through a
link) in the target's folder, and ``os.replace`` swaps it in: readers see
the old or the new bytes, never a mix, and a failed write leaves nothing.
A name is a path, or, with ``dir_fd``, a name in that open folder.

Quiz files are edited under a lock, and only when unchanged.

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
import secrets
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)

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


def _new_temp(folder: str, dir_fd: int | None, mode: int, exact_mode: bool) -> tuple[str, int]:
    """A new, empty file with an unpredictable name in ``folder`` (or ``dir_fd``): its name and descriptor."""
    while True:
        name = os.path.join(folder, f".tmp-{secrets.token_hex(8)}.tmp")
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY, mode,
                         **({"dir_fd": dir_fd} if dir_fd is not None else {}))
            break
        except FileExistsError:
            continue
    if exact_mode and hasattr(os, "fchmod"):  # the mode itself, not less the umask
        os.fchmod(fd, mode)
    elif exact_mode:
        os.chmod(name, mode)
    return name, fd


def _unlink(name: str, dir_fd: int | None) -> None:
    try:
        os.unlink(name, **({"dir_fd": dir_fd} if dir_fd is not None else {}))
    except FileNotFoundError:
        pass


@contextlib.contextmanager
def atomic_file(name, mode: int = 0o666, *, dir_fd: int | None = None, fsync: bool = False,
                exact_mode: bool = False):
    """A binary file to write; when the block ends it atomically replaces ``name``.

    If the block raises, the temporary file is removed and ``name`` is left
    as it was. ``mode`` is less the umask unless ``exact_mode``; with
    ``fsync`` the bytes are on disk before the swap. A link already at
    ``name`` is replaced, never followed.
    """
    folder = "" if dir_fd is not None else os.path.dirname(os.path.abspath(name))
    tmp, fd = _new_temp(folder, dir_fd, mode, exact_mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, name, **({"src_dir_fd": dir_fd, "dst_dir_fd": dir_fd} if dir_fd is not None else {}))
    except BaseException:
        _unlink(tmp, dir_fd)
        raise


def write_atomic(name, data: bytes, mode: int = 0o666, *, dir_fd: int | None = None, fsync: bool = False,
                 exact_mode: bool = False) -> None:
    """Replace ``name`` with ``data`` atomically (see :func:`atomic_file`)."""
    with atomic_file(name, mode, dir_fd=dir_fd, fsync=fsync, exact_mode=exact_mode) as fh:
        fh.write(data)


def temp_file(data: bytes, mode: int, *, dir_fd: int | None = None, folder: str = "", fsync: bool = False) -> str:
    """A new file holding ``data``, with an unpredictable name (returned) in ``folder`` or ``dir_fd``.

    For a file that must appear only complete, or not at all, under a
    name that may already exist: ``os.link`` it there, then unlink it.
    """
    name, fd = _new_temp(folder, dir_fd, mode, exact_mode=False)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if fsync:
                fh.flush()
                os.fsync(fh.fileno())
    except BaseException:
        _unlink(name, dir_fd)
        raise
    return name


def write_if_unchanged(path, data: bytes, read_digest: str, mode: int) -> str:
    """Replace ``path`` with ``data`` under its lock, unless its bytes no longer
    have ``read_digest``; returns the digest of ``data``."""
    with locked(path):
        with open(path, "rb") as fh:
            now = digest(fh.read())
        if now != read_digest:
            raise ChangedOnDisk(f"{path} changed on disk since this command read it; nothing "
                                "written. Run the command again to redo the edit on the new content")
        write_atomic(path, data, mode, fsync=True, exact_mode=True)
    return digest(data)
