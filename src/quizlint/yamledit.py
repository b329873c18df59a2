"""Round-trip YAML edits that leave every other byte of the file alone.

ruamel.yaml's round-trip loader gives the line and column of every key and
item; an edit splices freshly rendered lines into the original text at
those positions instead of re-dumping the whole document, so comments,
order, quoting and line breaks elsewhere stay byte-identical. After every
splice the text is loaded again (with quizlint's own YAML 1.2 loader) and
compared with the intended data; a mismatch is an ``EditError`` and nothing
is written. Writes go through :mod:`quizlint.atomic`: under the file's lock,
atomic (temp file in the same folder, fsync, ``os.replace``, mode kept), and
refused when the file changed since it was read. A command that edits a
file without waiting for a person holds ``atomic.locked(path)`` from before
``YamlFile.read`` until after ``write``, so a concurrent command waits
instead of being refused.
"""

from __future__ import annotations

import copy
import difflib
import functools
import os
import re
from pathlib import Path

from ruamel.yaml import YAML

from quizlint import atomic
from quizlint.loader import LoadError, load_text
from quizlint.yamlstyle import Flow, Raw, render_entry, render_item, scalar  # noqa: F401  (re-exported)


class EditError(Exception):
    """An edit that cannot be made safely; the file is left untouched."""


class ConflictError(EditError):
    """The file changed on disk after it was read."""


def _guarded(edit):
    """An edit of data nested too deeply to render is an EditError, and leaves the text alone."""
    @functools.wraps(edit)
    def run(self, *args, **kwargs):
        before = self.text, self.lines, self.tree, self.data
        try:
            return edit(self, *args, **kwargs)
        except RecursionError:
            self.text, self.lines, self.tree, self.data = before
            raise EditError(f"{self.path}: the data is nested too deeply to edit safely; nothing written") from None
    return run


# ---------------------------------------------------------------- the file

def _plain(value):
    """Plain dict/list/str copy, with dates as ISO strings (YAML 1.2 view)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    return str(value) if isinstance(value, Raw) else value


class YamlFile:
    """One quiz file open for editing."""

    def __init__(self, path, text: str, digest: str, mode: int):
        self.path = Path(path)
        self.original = text
        self.digest = digest
        self.mode = mode
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self._set_text(text)

    @classmethod
    def read(cls, path) -> "YamlFile":
        raw = Path(path).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EditError(f"{path}: not UTF-8 ({exc})") from None
        return cls(path, text, atomic.digest(raw), os.stat(path).st_mode & 0o7777)

    # -- state
    def _set_text(self, text: str) -> None:
        """Load ``text`` as the new state; on an error the old state stays."""
        try:
            tree = YAML(typ="rt").load(text)
            data = _plain(load_text(text, str(self.path)).data)
        except LoadError as exc:
            raise EditError(f"{self.path}:{exc.line}: {exc.message}") from None
        except Exception as exc:  # ruamel's many error types, RecursionError
            raise EditError(f"{self.path}: cannot parse YAML: {exc}") from None
        self.text, self.lines, self.tree, self.data = text, text.splitlines(keepends=True), tree, data

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def revert(self) -> None:
        """Drop the edits made since the file was read or last written."""
        if self.changed:
            self._set_text(self.original)

    def node(self, path):
        node = self.tree
        for p in path:
            node = node[p]
        return node

    # -- positions (0-based lines)
    def _item_line(self, seq, i: int) -> int:
        """Line of the dash that starts item ``i``."""
        line, col = seq.lc.item(i)
        while line >= 0:
            head = self.lines[line][:col] if col >= 0 else self.lines[line]
            stripped = head.rstrip()
            if stripped.endswith("-"):
                return line
            if stripped:
                break
            line, col = line - 1, -1
        raise EditError(f"{self.path}: cannot find the dash of item {i}")

    def _following(self, path) -> int:
        """Line where the node after ``path`` in document order starts."""
        path = tuple(path)
        while path:
            parent, last = self.node(path[:-1]), path[-1]
            if isinstance(parent, dict):
                keys = list(parent)
                i = keys.index(last)
                if i + 1 < len(keys):
                    return parent.lc.key(keys[i + 1])[0]
            elif last + 1 < len(parent):
                return self._item_line(parent, last + 1)
            path = path[:-1]
        return len(self.lines)

    def _end(self, path, start: int, col: int) -> int:
        """End (exclusive) of the node at ``path``: before trailing blanks/comments."""
        end = self._following(path)
        while end - 1 > start:
            s = self.lines[end - 1]
            body = s.strip()
            indent = len(s) - len(s.lstrip(" "))
            if not body or (body.startswith("#") and indent <= col):
                end -= 1
            else:
                break
        return end

    def _flow_at(self, path) -> bool:
        node = self.node(path)
        return hasattr(node, "fa") and bool(node.fa.flow_style())

    def _entry_span(self, map_path, key) -> tuple[int, int, int]:
        mapping = self.node(map_path)
        line, col = mapping.lc.key(key)
        return line, self._end(tuple(map_path) + (key,), line, col), col

    # -- splicing
    def _splice(self, start: int, end: int, new_lines: list[str], expected) -> None:
        text = "".join(self.lines[:start] + [s + self.newline for s in new_lines] + self.lines[end:])
        if start == len(self.lines) and self.lines and not self.lines[-1].endswith("\n"):
            text = "".join(self.lines) + self.newline + "".join(s + self.newline for s in new_lines)
        before = self.text
        try:
            self._set_text(text)
        except EditError as exc:
            raise EditError(f"the edit would make the file unloadable ({exc}); nothing written") from None
        if self.data != _plain(expected):
            self._set_text(before)
            raise EditError(f"{self.path}: the edit would change other content; nothing written")

    def _block_parent(self, path) -> tuple:
        """The nearest path at or above ``path`` whose entry sits in block context."""
        path = tuple(path)
        while len(path) > 1 and self._flow_at(path[:-1]):
            path = path[:-1]
        return path

    def _rerender(self, path, expected) -> None:
        """Replace the whole entry or item at ``path`` with its expected value."""
        path = self._block_parent(path)
        parent, last = self.node(path[:-1]), path[-1]
        value = _get(expected, path)
        if isinstance(parent, dict):
            start, end, col = self._entry_span(path[:-1], last)
            new = render_entry(last, _restyle(value, self.node(path)), col)
            prefix = self.lines[start][:col]
            new[0] = prefix + new[0][col:]
        else:
            start = self._item_line(parent, last)
            dash = self.lines[start].index("-")
            end = self._end(path, start, dash)
            new = render_item(_restyle(value, self.node(path)), dash)
        self._splice(start, end, new, expected)

    # -- public edits
    @_guarded
    def add_entries(self, map_path, entries: dict, after=None) -> None:
        """Add new keys at the end of the mapping at ``map_path`` (or after key ``after``)."""
        map_path = tuple(map_path)
        expected = copy.deepcopy(self.data)
        target = _get(expected, map_path)
        if after in target:
            items = list(target.items())
            cut = [k for k, _ in items].index(after) + 1
            target.clear()
            target.update(items[:cut] + list(entries.items()) + items[cut:])
        else:
            target.update(entries)
        mapping = self.node(map_path)
        if not isinstance(mapping, dict):
            raise EditError(f"{self.path}: {'.'.join(map(str, map_path))} is not a mapping")
        if not mapping or self._flow_at(map_path):
            return self._rerender(map_path, expected)
        last = after if after in mapping else list(mapping)[-1]
        start, end, col = self._entry_span(map_path, last)
        new: list[str] = []
        for k, v in entries.items():
            new += render_entry(k, v, col)
        self._splice(end, end, new, expected)

    @_guarded
    def set_entry(self, map_path, key, value) -> None:
        """Set ``key`` in the mapping at ``map_path`` (replace or add)."""
        map_path = tuple(map_path)
        mapping = self.node(map_path)
        if key not in mapping:
            return self.add_entries(map_path, {key: value})
        expected = copy.deepcopy(self.data)
        _get(expected, map_path)[key] = value
        if self._flow_at(map_path):
            return self._rerender(map_path, expected)
        start, end, col = self._entry_span(map_path, key)
        new = render_entry(key, value, col)
        new[0] = self.lines[start][:col] + new[0][col:]
        self._splice(start, end, new, expected)

    @_guarded
    def delete_entry(self, map_path, key) -> None:
        map_path = tuple(map_path)
        expected = copy.deepcopy(self.data)
        del _get(expected, map_path)[key]
        start, end, col = self._entry_span(map_path, key)
        if self._flow_at(map_path) or self.lines[start][:col].strip() or not _get(expected, map_path):
            return self._rerender(map_path, expected)
        self._splice(start, end, [], expected)

    @_guarded
    def append_items(self, seq_path, items: list) -> None:
        """Append items to the block sequence at ``seq_path``."""
        seq_path = tuple(seq_path)
        expected = copy.deepcopy(self.data)
        _get(expected, seq_path).extend(items)
        seq = self.node(seq_path)
        if not seq or self._flow_at(seq_path):
            return self._rerender(seq_path, expected)
        start = self._item_line(seq, len(seq) - 1)
        dash = self.lines[start].index("-")
        end = self._end(seq_path + (len(seq) - 1,), start, dash)
        new: list[str] = []
        for item in items:
            new += render_item(item, dash)
        self._splice(end, end, new, expected)

    @_guarded
    def delete_item(self, seq_path, index: int) -> None:
        seq_path = tuple(seq_path)
        expected = copy.deepcopy(self.data)
        del _get(expected, seq_path)[index]
        seq = self.node(seq_path)
        if self._flow_at(seq_path) or len(seq) == 1:
            return self._rerender(seq_path, expected)
        start = self._item_line(seq, index)
        dash = self.lines[start].index("-")
        self._splice(start, self._end(seq_path + (index,), start, dash), [], expected)

    @_guarded
    def localize(self, map_path, key, lang: str, text: str, source_lang: str) -> None:
        """Give the text field ``key`` a ``lang`` value, converting a plain string."""
        map_path = tuple(map_path)
        value = self.node(map_path)[key]
        if isinstance(value, dict):
            return self.set_entry(map_path + (key,), lang, text)
        expected = copy.deepcopy(self.data)
        _get(expected, map_path)[key] = {source_lang: _get(expected, map_path)[key], lang: text}
        if self._flow_at(map_path):
            return self._rerender(map_path, expected)
        start, end, col = self._entry_span(map_path, key)
        first = self.lines[start]
        m = re.match(r"(.{%d})(.*?:)[ \t]+(.*)$" % col, first.rstrip("\r\n"))
        if not m or re.match(r"[|>][-+]?\d", m.group(3)):
            return self._rerender(map_path + (key,), expected)
        prefix, head, rest = m.groups()
        pad = " " * (col + 2)
        new = [prefix + head, f"{pad}{scalar(source_lang)}: {rest}"]
        new += ["  " + s.rstrip("\r\n") if s.strip() else s.rstrip("\r\n") for s in self.lines[start + 1:end]]
        new += render_entry(lang, text, col + 2)
        self._splice(start, end, new, expected)

    # -- output
    def diff(self) -> str:
        name = str(self.path)
        return "".join(difflib.unified_diff(
            self.original.splitlines(keepends=True), self.lines,
            fromfile=name, tofile=name))

    def write(self) -> None:
        """Atomically replace the file under its lock; refuse if it changed since it was read."""
        try:
            digest = atomic.write_if_unchanged(self.path, self.text.encode("utf-8"), self.digest, self.mode)
        except (atomic.ChangedOnDisk, atomic.LockTimeout) as exc:
            raise ConflictError(str(exc)) from None
        except OSError as exc:
            raise ConflictError(f"{self.path}: cannot write: {exc}; nothing written") from None
        self.original, self.digest = self.text, digest


def _get(data, path):
    for p in path:
        data = data[p]
    return data


def _restyle(value, node):
    """Keep flow style for mappings that were written in flow style."""
    if isinstance(value, dict):
        out = {k: _restyle(v, node.get(k) if isinstance(node, dict) else None) for k, v in value.items()}
        if hasattr(node, "fa") and node.fa.flow_style():
            return Flow(out)
        return out
    if isinstance(value, list):
        return [_restyle(v, node[i] if isinstance(node, list) and i < len(node) else None)
                for i, v in enumerate(value)]
    return value
