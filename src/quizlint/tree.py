"""Find quiz files across the tree and read them safely.

Quiz trees arrive in pull requests, so walking and reading follow one policy:

- A symbolic link found while walking a directory is followed only if it
  resolves inside the *boundary*: the project root, or, for a directory
  named on the command line outside the project, that directory. Any other
  link (to a file or a directory) is refused and reported on its own path.
  Links to directories inside the boundary are not walked (as before: they
  would check files twice, or loop).
- A path named on the command line is the user's choice (like ruff), unless
  it lies in the project and leads out of it through a link: then it is
  refused like a link found while walking.
- An unreadable directory is reported, never skipped in silence.
- Files are opened non-blocking and checked with ``fstat``: a FIFO, device
  or socket is reported, never read (so it can never hang a run), and reads
  are capped, in buffers no bigger than the file.

Refusals are collected as ``(path, reason)`` pairs; the linter reports them.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Iterable

SUFFIXES = (".yaml", ".yml")
CHUNK = 64 * 1024

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a directory, not a file."""

    def __init__(self, path):
        super().__init__(errno.EINVAL, "not a regular file (a FIFO, device or socket); quizlint reads regular "
                                       "files only: remove it or give it another name", str(path))


def read_regular(path, max_bytes: int, *, dir_fd: int | None = None, follow: bool = True) -> bytes | None:
    """The bytes of the regular file at ``path``, or None when it holds more than ``max_bytes``.

    Opened non-blocking (a FIFO never hangs) and checked with ``fstat``;
    anything but a regular file raises :class:`NotRegularFile`. With
    ``follow=False`` a symbolic link is refused (``ELOOP``). Reads at most
    ``max_bytes + 1`` bytes, first the size ``fstat`` gives, then in small
    chunks, so no buffer is bigger than the file.
    """
    flags = os.O_RDONLY | _NONBLOCK | _CLOEXEC | _BINARY | (0 if follow else _NOFOLLOW)
    fd = os.open(path, flags, dir_fd=dir_fd) if dir_fd is not None else os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path)
        if st.st_size > max_bytes:
            return None
        parts, total = [], 0
        want = st.st_size + 1  # one byte more: the file may have grown since fstat
        while total <= max_bytes:
            chunk = os.read(fd, min(want, max_bytes + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            want = CHUNK
        return None if total > max_bytes else b"".join(parts)
    finally:
        os.close(fd)


def inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or below it (both absolute, normalized)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _in_project(path, roots: tuple[str, ...]) -> bool:
    """Whether ``path``, as written (links not resolved), lies in the project.

    ``roots`` are the project root as given and resolved (empty: no project).
    """
    where = os.path.abspath(path)
    return any(inside(where, root) for root in roots)


def find_quiz_files(paths: Iterable[str | os.PathLike], root: str | os.PathLike | None = None,
                    refused: list | None = None) -> list[Path]:
    """Files named on the command line, plus ``*.yaml``/``*.yml`` under directories.

    Hidden directories (``.git``, ``.venv``, caches) are skipped. ``root`` is
    the project root (see the module docstring); without it, each directory
    is its own boundary. Paths refused by the policy are appended to
    ``refused`` as ``(path, reason)``.
    """
    real_root = os.path.realpath(root) if root is not None else ""
    roots = (real_root, os.path.abspath(root)) if root is not None else ()
    refused = refused if refused is not None else []
    found: dict[Path, None] = {}
    for p in map(Path, paths):
        real = os.path.realpath(p)
        leaves = _in_project(p, roots) and not inside(real, real_root)
        if not p.is_dir():
            if leaves:
                refused.append((p, _outside_reason("file")))
            else:
                found[p] = None
        elif leaves:
            refused.append((p, _outside_reason("directory")))
        else:
            boundary = real_root if _in_project(p, roots) else real
            _walk(p, boundary, found, refused)
    return list(found)


def _outside_reason(kind: str) -> str:
    return (f"symbolic link to a {kind} outside the project; quizlint does not follow it: "
            f"commit the {kind} itself, or name it on the command line")


def _walk(top: Path, boundary: str, found: dict, refused: list) -> None:
    """Depth first, sorted, each folder's files before its subfolders (as ``os.walk``)."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            refused.append((folder, f"cannot read directory: {exc.strerror}; fix its permissions, "
                                    f"or move it out of the checked paths"))
            continue
        subdirs = []
        for entry in entries:
            path = folder / entry.name
            try:
                link, is_dir = entry.is_symlink(), entry.is_dir()
            except OSError as exc:
                refused.append((path, f"cannot read: {exc.strerror}"))
                continue
            if is_dir and entry.name.startswith("."):
                continue
            if not is_dir and not entry.name.endswith(SUFFIXES):
                continue
            if link and not inside(os.path.realpath(path), boundary):
                refused.append((path, _outside_reason("directory" if is_dir else "file")))
            elif is_dir:
                if not link:
                    subdirs.append(path)
            else:
                found[path] = None
        stack.extend(reversed(subdirs))


def outside_project(paths: Iterable[str], root: str | os.PathLike) -> list[str]:
    """The entries of ``paths`` (relative to ``root``) that lie outside it, by name or through a link."""
    real_root = os.path.realpath(root)
    roots = (real_root, os.path.abspath(root))
    return [p for p in paths if not _in_project(Path(root) / p, roots)
            or not inside(os.path.realpath(Path(root) / p), real_root)]


def display(path: Path) -> str:
    """A path as we print it: as given when relative; when absolute, relative
    to the working directory if inside it (like ruff), else absolute."""
    path = Path(path)
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
