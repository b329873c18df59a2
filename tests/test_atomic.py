"""quizlint.atomic: the one atomic write (quiz files, cache entries, the joined model file)."""

import os
import stat

import pytest

from quizlint.atomic import atomic_file, temp_file, write_atomic


def test_write_replaces_the_bytes_and_keeps_the_exact_mode(tmp_path):
    target = tmp_path / "quiz.yaml"
    target.write_bytes(b"old\n")
    old_umask = os.umask(0o077)
    try:
        write_atomic(target, b"new\n", 0o644, fsync=True, exact_mode=True)
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert os.listdir(tmp_path) == ["quiz.yaml"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "model.gguf"
    target.write_bytes(b"old")
    with pytest.raises(ValueError):
        with atomic_file(target) as out:
            out.write(b"half of it")
            raise ValueError("checksum mismatch")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["model.gguf"]


def test_in_an_open_folder_a_link_at_the_name_is_replaced_not_followed(tmp_path):
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep")
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "entry.json").symlink_to(victim)
    fd = os.open(folder, os.O_RDONLY)
    try:
        write_atomic("entry.json", b"{}", dir_fd=fd)
        name = temp_file(b"secret", 0o600, dir_fd=fd)
    finally:
        os.close(fd)
    assert victim.read_bytes() == b"keep"
    assert not (folder / "entry.json").is_symlink() and (folder / "entry.json").read_bytes() == b"{}"
    assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600 and (folder / name).read_bytes() == b"secret"
