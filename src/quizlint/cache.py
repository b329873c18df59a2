"""A content-addressed cache directory, like ruff's ``.ruff_cache``.

The directory lives in the project (config ``cache-dir``), so a pull
request can commit into it, and nothing read from it is trusted:

- every entry is sealed with an HMAC under a per-user secret kept outside
  the project (``$XDG_CACHE_HOME/quizlint/secret``, made on first use, mode
  0600); the MAC covers the entry's path in the cache, so an entry is valid
  for its own key only. Without the secret there is no cache.
- files and folders are opened without following symbolic links, only
  regular files are read, and every read is capped;
- writes are atomic (:func:`quizlint.atomic.write_atomic`);
- the directory itself is refused (:func:`project_cache_dir`) when it is
  outside the project, reached through a link, overlaps a checked
  directory, or is an existing folder that is not a quizlint cache.

A forged, corrupt or unreadable entry is a miss, never an error.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from quizlint import __version__
from quizlint.atomic import temp_file, write_atomic
from quizlint.tree import inside, read_regular

MAX_ENTRY_BYTES = 16 * 1024 * 1024    # one file's results, one verdict
MAX_INDEX_BYTES = 128 * 1024 * 1024   # the id index of a whole tree
SECRET_BYTES = 32
GITIGNORE = "# Automatically created by quizlint.\n*\n"

_MAGIC = b"quizlint-cache-1 "
_HEADER = len(_MAGIC) + 64 + 1  # magic, hex MAC, newline
_KEY = re.compile(r"[0-9A-Za-z_-]{3,128}")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
#: no-follow, directory-relative I/O; without it (Windows) quizlint runs uncached
SUPPORTED = bool(_NOFOLLOW and _DIRECTORY) and {os.open, os.mkdir, os.rename, os.unlink, os.link, os.stat} <= os.supports_dir_fd


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The version, plus size and mtime of every file of the installed package.

    Part of every cache key, so results computed by older code (an upgrade,
    or an edited rule during development) are never reused.
    """
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json", ".txt")):
                st = os.stat(os.path.join(folder, name))
                h.update(f"{os.path.relpath(os.path.join(folder, name), root)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        h.update(b"\0")
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
    return h.hexdigest()


# -- files and folders, never through a link ---------------------------------

def open_dir(base, parts: Iterable[str] = (), *, create: bool = False) -> int:
    """A descriptor of ``base/parts...``; no component from ``base``'s last one down may be a link.

    With ``create``, missing folders below ``base`` are made. Raises OSError
    (``ELOOP`` or ``ENOTDIR`` for a link or a file in the way).
    """
    flags = os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC
    fd = os.open(base, flags)
    try:
        for part in parts:
            if create:
                try:
                    os.mkdir(part, 0o777, dir_fd=fd)
                except FileExistsError:
                    pass
            child = os.open(part, flags, dir_fd=fd)
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


# -- the secret ---------------------------------------------------------------

class UnsafeSecret(Exception):
    """The secret exists but is not a private file of this user."""


def user_cache_home() -> Path:
    """``$XDG_CACHE_HOME/quizlint`` (a relative value is ignored, as the XDG spec says), else ``~/.cache/quizlint``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "quizlint"


def _read_secret(dir_fd: int) -> bytes:
    fd = os.open("secret", os.O_RDONLY | _NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0), dir_fd=dir_fd)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077 or st.st_size != SECRET_BYTES \
                or st.st_uid != os.geteuid():
            raise UnsafeSecret("is not a private 32-byte file of yours")
        data = os.read(fd, SECRET_BYTES)
    finally:
        os.close(fd)
    if len(data) != SECRET_BYTES:
        raise UnsafeSecret("is truncated")
    return data


@lru_cache(maxsize=8)
def _secret_in(folder: str) -> tuple[bytes | None, str | None]:
    if not SUPPORTED:
        return None, None
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        dir_fd = open_dir(folder)
    except OSError:
        return None, None  # no writable user cache folder: run uncached
    try:
        try:
            return _read_secret(dir_fd), None
        except FileNotFoundError:
            pass
        tmp = temp_file(secrets.token_bytes(SECRET_BYTES), 0o600, dir_fd=dir_fd, fsync=True)
        try:
            os.link(tmp, "secret", src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except FileExistsError:
            pass  # another run made it first: use that one
        finally:
            os.unlink(tmp, dir_fd=dir_fd)
        return _read_secret(dir_fd), None
    except UnsafeSecret as exc:
        path = os.path.join(folder, "secret")
        return None, f"{path} {exc}; delete it and quizlint makes a new one"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, f"{os.path.join(folder, 'secret')} is a symbolic link; delete it and quizlint makes a new one"
        return None, None
    finally:
        os.close(dir_fd)


def load_secret() -> bytes | None:
    """The per-user cache key, made on first use; None when there is none to be had."""
    return _secret_in(str(user_cache_home()))[0]


def secret_problem() -> str | None:
    """Why an existing secret is refused (worth a warning), or None."""
    return _secret_in(str(user_cache_home()))[1]


def _mac(secret: bytes, name: str, payload: bytes) -> bytes:
    h = hmac.new(secret, name.encode("utf-8") + b"\0", hashlib.sha256)
    h.update(payload)
    return h.hexdigest().encode("ascii")


def seal(secret: bytes, name: str, payload: bytes) -> bytes:
    """``payload`` with a header that authenticates it as the entry ``name``."""
    return _MAGIC + _mac(secret, name, payload) + b"\n" + payload


def unseal(secret: bytes, name: str, blob: bytes) -> bytes | None:
    """The payload of a sealed entry, or None when it was not sealed for ``name`` with ``secret``."""
    if len(blob) < _HEADER or not blob.startswith(_MAGIC) or blob[_HEADER - 1:_HEADER] != b"\n":
        return None
    payload = blob[_HEADER:]
    return payload if hmac.compare_digest(_mac(secret, name, payload), blob[len(_MAGIC):_HEADER - 1]) else None


# -- entries --------------------------------------------------------------------

def read_sealed(root, parts: tuple[str, ...], secret: bytes | None, max_bytes: int = MAX_ENTRY_BYTES):
    """The JSON value sealed at ``root/parts...``, or None (missing, forged, too big, a link...)."""
    if root is None or secret is None or not SUPPORTED:
        return None
    try:
        dir_fd = open_dir(root, parts[:-1])
        try:
            blob = read_regular(parts[-1], max_bytes + _HEADER, dir_fd=dir_fd, follow=False)
        finally:
            os.close(dir_fd)
    except OSError:
        return None
    payload = unseal(secret, "/".join(parts), blob) if blob is not None else None
    if payload is None:
        return None
    try:
        return json.loads(payload)
    except (ValueError, RecursionError):
        return None


def write_sealed(root, parts: tuple[str, ...], secret: bytes | None, value,
                 max_bytes: int = MAX_ENTRY_BYTES) -> None:
    """Seal ``value`` as JSON at ``root/parts...`` (``root`` and folders below it made); failures are ignored."""
    if root is None or secret is None or not SUPPORTED:
        return
    payload = json.dumps(value, separators=(",", ":")).encode("utf-8")
    if len(payload) > max_bytes:
        return  # too big to read back: not worth writing
    try:
        try:
            dir_fd = open_dir(root, parts[:-1], create=True)
        except FileNotFoundError:  # make ``root`` itself (never through a link), not its parents
            os.mkdir(root)
            dir_fd = open_dir(root, parts[:-1], create=True)
        try:
            write_atomic(parts[-1], seal(secret, "/".join(parts), payload), dir_fd=dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # a read-only tree still lints, just without caching


class Cache:
    """Sealed JSON entries under ``root/namespace/<key[:2]>/<key>.json``.

    ``root``'s parent must exist (see :func:`project_cache_dir`); ``None``
    disables the cache, and so does a missing secret.
    """

    def __init__(self, root: str | os.PathLike | None, namespace: str = "", *,
                 max_bytes: int = MAX_ENTRY_BYTES):
        self.secret = load_secret() if root else None
        self.root = Path(root) if root and self.secret else None
        self.parts = tuple(p for p in namespace.split("/") if p)
        self.max_bytes = max_bytes

    def _parts(self, key: str) -> tuple[str, ...] | None:
        return self.parts + (key[:2], f"{key}.json") if _KEY.fullmatch(key) else None

    def get(self, key: str):
        parts = self._parts(key) if self.root else None
        return read_sealed(self.root, parts, self.secret, self.max_bytes) if parts else None

    def put(self, key: str, value) -> None:
        parts = self._parts(key) if self.root else None
        if parts:
            write_sealed(self.root, parts, self.secret, value, self.max_bytes)


# -- the project's cache directory ----------------------------------------------

class CacheRefused(Exception):
    """The configured cache directory cannot be used safely; the message says why and what to do."""


def _overlaps(target: str, checked: Iterable[str]) -> str | None:
    """A checked directory that ``target`` contains, or that contains it where a walk would look."""
    for folder in checked:
        real = os.path.realpath(folder)
        if not os.path.isdir(real):
            continue
        if inside(real, target):
            return folder
        if inside(target, real):
            below = os.path.relpath(target, real).split(os.sep)
            if not any(part.startswith(".") for part in below):  # hidden: never walked
                return folder
    return None


def _is_ours(dir_fd: int) -> bool:
    """An empty folder, or one holding the .gitignore quizlint writes."""
    names = os.listdir(dir_fd)
    if not names:
        return True
    if ".gitignore" not in names:
        return False
    try:
        return read_regular(".gitignore", 4096, dir_fd=dir_fd, follow=False) == GITIGNORE.encode()
    except OSError:
        return False


def project_cache_dir(root: str | os.PathLike, cache_dir: str, checked: Iterable[str] = ()) -> Path | None:
    """The cache directory ``root/cache_dir``, checked, created with its ``.gitignore``.

    Raises CacheRefused when it is outside ``root``, is the root, overlaps a
    ``checked`` directory, has a symbolic link (or a file) on its way down
    from the root, is an existing folder quizlint did not make, or when the
    secret is unsafe. Returns None (run uncached, no warning) when it cannot
    be created, e.g. in a read-only tree or without a user cache folder.
    """
    shown = cache_dir
    real_root = os.path.realpath(root)
    target = os.path.normpath(os.path.join(real_root, cache_dir))
    if not inside(target, real_root) or target == real_root:
        raise CacheRefused(f"cache-dir `{shown}` is not a folder inside the project ({real_root}); "
                           f"use one of its own, such as .quizlint_cache")
    folder = _overlaps(target, checked)
    if folder is not None:
        raise CacheRefused(f"cache-dir `{shown}` overlaps the checked directory `{folder}` (its .gitignore "
                           f"would hide quiz files from git); use a folder of its own, such as .quizlint_cache")
    if secret_problem():
        raise CacheRefused(secret_problem())
    if load_secret() is None:
        return None
    try:
        dir_fd = open_dir(real_root, Path(os.path.relpath(target, real_root)).parts, create=True)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise CacheRefused(f"cache-dir `{shown}` is, or lies under, a symbolic link or a file; "
                               f"delete it and quizlint makes the folder") from None
        return None
    try:
        if not _is_ours(dir_fd):
            raise CacheRefused(f"cache-dir `{shown}` is an existing folder that quizlint did not make (it has "
                               f"no quizlint .gitignore); delete it if it is an old cache, or set another cache-dir")
        _ensure_gitignore(dir_fd)
    finally:
        os.close(dir_fd)
    return Path(target)


def _ensure_gitignore(dir_fd: int) -> None:
    try:
        os.stat(".gitignore", dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        try:
            write_atomic(".gitignore", GITIGNORE.encode(), dir_fd=dir_fd)
        except OSError:
            pass  # a read-only tree still lints, just without caching
    except OSError:
        pass
