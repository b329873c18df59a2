"""Writing what export and render produced: one folder, each file atomic.

Both commands build every file in memory first (``dict`` of relative path
to bytes), so a refusal or a failure writes nothing; then this module
writes them, each atomically, refusing names that would leave the folder.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from quizlint.atomic import write_atomic
from quizlint.errors import CommandFailed


def default_paths(args, config) -> list[str]:
    """The paths a command was given, else the config's ``paths``; all must exist."""
    from quizlint.errors import UsageError

    paths = list(args.paths) or [str(config.root / p) for p in config.paths]
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    return paths


def write_files(files: dict[str, bytes], out_dir: str) -> list[Path]:
    """Write ``files`` under ``out_dir`` (created); return the paths written, sorted."""
    root = Path(out_dir)
    for name in files:
        rel = PurePosixPath(name)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise CommandFailed(f"refusing to write `{name}` outside {out_dir}")
    written = []
    for name in sorted(files):
        target = root.joinpath(*PurePosixPath(name).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, files[name])
        written.append(target)
    return written
