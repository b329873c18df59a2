"""YAML → plain data plus the 1-based line:column of every node.

We drive libyaml's event parser (PyYAML's ``CParser`` where present) and
build the data ourselves. That keeps one fast pass and lets us enforce the
limits a quiz from a pull request needs: file size, nesting depth, alias
expansion, one document, no tags but the core ones, unique keys, and YAML
1.2 scalars (``yes``/``no``/``on``/``off`` stay strings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizlint.yaml12 import ALLOWED_TAGS, resolve_plain, resolve_tagged

# PyYAML is imported on first use (see _yaml()), so that runs answered from
# the cache never pay for it.

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIASES = 32
MAX_NODES = 200_000

Path = tuple  # a JSON path: ("questions", 0, "stem")


class LoadError(Exception):
    """A file that cannot be read as a quiz document, at a position."""

    def __init__(self, code: str, rule: str, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.code, self.rule, self.message = code, rule, message
        self.line, self.column = line, column


@dataclass
class Document:
    path: str
    text: str
    data: Any
    positions: dict = field(default_factory=dict)      # value node path -> (line, col)
    key_positions: dict = field(default_factory=dict)  # mapping key path -> (line, col)

    def pos(self, path: Path) -> tuple[int, int]:
        """Position of the node at ``path``, or of its nearest existing ancestor."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def key_pos(self, path: Path) -> tuple[int, int]:
        """Position of the key that holds ``path`` (falls back to the value)."""
        return self.key_positions.get(tuple(path)) or self.pos(path)


def _position(offset_text: str, index: int) -> tuple[int, int]:
    line = offset_text.count("\n", 0, index) + 1
    column = index - (offset_text.rfind("\n", 0, index) + 1) + 1
    return line, column


def decode(raw: bytes) -> str:
    """UTF-8 text (a BOM is allowed), or a LoadError at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\0")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if nul != -1 and nul < exc.start:
            exc = None
        else:
            good = raw[: exc.start].decode("utf-8")
            line, col = _position(good, len(good))
            raise LoadError(
                "QL004", "encoding",
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
                line, col,
            ) from None
    if nul != -1:
        good = raw[:nul].decode("utf-8", "replace")
        line, col = _position(good, len(good))
        raise LoadError("QL004", "encoding", "file contains a NUL byte; is it a binary file?", line, col)
    return text


def read_capped(path, max_bytes: int = MAX_BYTES) -> bytes | None:
    """The file's bytes, or None when it is larger than ``max_bytes`` (read no further)."""
    with open(path, "rb") as fh:
        raw = fh.read(max_bytes + 1)
    return None if len(raw) > max_bytes else raw


def too_large(max_bytes: int = MAX_BYTES) -> LoadError:
    return LoadError("QL003", "yaml-limits",
                     f"file is larger than {max_bytes // (1024 * 1024)} MB; split the quiz into smaller files")


def load_file(path: str, *, max_bytes: int = MAX_BYTES, display: str | None = None) -> Document:
    """Read and load one quiz file; raise LoadError for anything unloadable."""
    raw = read_capped(path, max_bytes)
    if raw is None:
        raise too_large(max_bytes)
    return load_text(decode(raw), display or str(path))


def load_text(text: str, path: str = "<string>") -> Document:
    doc = Document(path=path, text=text, data=None)
    doc.data = _Builder(text, doc).build()
    return doc


def _yaml():
    """PyYAML, its libyaml-backed loader where present, and its event classes."""
    import yaml
    from yaml import events

    parser_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return yaml, parser_class, events


class _Builder:
    """Builds plain data from parser events, iteratively (no recursion)."""

    def __init__(self, text: str, doc: Document):
        self.doc = doc
        self.text = text
        self.parser = None
        self.anchors: dict[str, tuple[Any, int]] = {}  # name -> (value, node count)
        self.aliases = 0
        self.nodes = 0

    def build(self) -> Any:
        yaml, parser_class, _ev = _yaml()
        try:
            self.parser = parser_class(self.text)
            return self._build()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            msg = exc.problem or str(exc)
            if exc.context:
                msg = f"{msg} ({exc.context})"
            raise LoadError("QL001", "yaml-syntax", f"YAML syntax error: {msg}", line, col) from None
        except yaml.reader.ReaderError as exc:  # control characters; no mark
            line, col = _position(self.text, exc.position)
            raise LoadError(
                "QL004", "encoding",
                f"control character U+{exc.character:04X} is not allowed in YAML; remove it",
                line, col,
            ) from None
        except yaml.YAMLError as exc:
            raise LoadError("QL001", "yaml-syntax", f"YAML error: {exc}") from None
        finally:
            dispose = getattr(self.parser, "dispose", None) if self.parser else None
            if dispose:
                dispose()

    def _build(self) -> Any:
        ev = _yaml()[2]
        result = None
        documents = 0
        # stack entries: [container, path, key (pending mapping key or None), key_mark, anchor, start_nodes]
        stack: list[list] = []
        next_event = self.parser.get_event
        positions = self.doc.positions
        scalar_event = ev.ScalarEvent
        while True:
            event = next_event()
            if event.__class__ is scalar_event and not event.tag and not event.anchor:
                # the hot path: an untagged, unanchored scalar
                self.nodes += 1
                mark = event.start_mark
                value = resolve_plain(event.value) if event.implicit[0] else event.value
                if not stack:
                    positions[()] = (mark.line + 1, mark.column + 1)
                    result = value
                    continue
                top = stack[-1]
                container = top[0]
                if container.__class__ is dict:
                    if top[2] is None:
                        self._key(top, value, mark.line + 1, mark.column + 1)
                        continue
                    positions[top[1] + (top[2],)] = (mark.line + 1, mark.column + 1)
                    container[top[2]] = value
                    top[2] = None
                else:
                    positions[top[1] + (len(container),)] = (mark.line + 1, mark.column + 1)
                    container.append(value)
                continue
            if isinstance(event, ev.StreamEndEvent):
                return result
            if isinstance(event, ev.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    line = event.start_mark.line + 1
                    raise LoadError(
                        "QL005", "multiple-documents",
                        "a quiz file holds one YAML document; move the second one to its own file",
                        line, 1,
                    )
                continue
            if isinstance(event, (ev.StreamStartEvent, ev.DocumentEndEvent)):
                continue
            if isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                frame = stack.pop()
                value, anchor = frame[0], frame[4]
                if anchor:
                    self.anchors[anchor] = (value, self.nodes - frame[5])
                if not stack:
                    result = value
                continue

            line, col = event.start_mark.line + 1, event.start_mark.column + 1
            if isinstance(event, ev.AliasEvent):
                if stack and stack[-1][2] is None and isinstance(stack[-1][0], dict):
                    raise LoadError("QL001", "yaml-syntax", "an alias cannot be a mapping key", line, col)
                value = self._alias(event, line, col)
                if stack:
                    self._add(stack, value, line, col)
                else:
                    result = value
                continue

            tag = getattr(event, "tag", None)
            if tag and tag not in ALLOWED_TAGS:
                raise LoadError(
                    "QL006", "yaml-tag",
                    f"tag `{tag}` is not allowed in a quiz file (only plain YAML data)",
                    line, col,
                )
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise LoadError("QL003", "yaml-limits", f"more than {MAX_NODES} YAML nodes", line, col)

            if isinstance(event, ev.ScalarEvent):
                if event.implicit[0] and not (tag and tag != "!"):
                    value = resolve_plain(event.value)
                elif tag and tag != "!":
                    try:
                        value = resolve_tagged(event.value, tag)
                    except ValueError as exc:
                        raise LoadError("QL006", "yaml-tag", str(exc), line, col) from None
                else:
                    value = event.value
                if stack and stack[-1][2] is None and isinstance(stack[-1][0], dict):
                    self._key(stack[-1], value, line, col)
                    continue
                path = self._child_path(stack)
                self.doc.positions[path] = (line, col)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
                if stack:
                    self._add(stack, value, line, col)
                else:
                    result = value
                continue

            # a collection starts
            if stack and stack[-1][2] is None and isinstance(stack[-1][0], dict):
                raise LoadError(
                    "QL001", "yaml-syntax", "a mapping key must be a plain value, not a list or mapping",
                    line, col,
                )
            if len(stack) >= MAX_DEPTH:
                raise LoadError(
                    "QL003", "yaml-limits", f"nesting deeper than {MAX_DEPTH} levels", line, col
                )
            path = self._child_path(stack)
            self.doc.positions[path] = (line, col)
            container = {} if isinstance(event, ev.MappingStartEvent) else []
            if stack:
                self._add(stack, container, line, col)
            stack.append([container, path, None, None, event.anchor, self.nodes])

    @staticmethod
    def _child_path(stack) -> Path:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top[0], dict):
            return top[1] + (top[2],)
        return top[1] + (len(top[0]),)

    def _key(self, frame, key, line, col) -> None:
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise LoadError("QL001", "yaml-syntax", "a mapping key must be a plain value", line, col)
        key = key if isinstance(key, str) else str(key).lower() if isinstance(key, bool) else str(key)
        mapping, path = frame[0], frame[1]
        if key in mapping:
            first = self.doc.key_positions.get(path + (key,), (line, col))[0]
            raise LoadError(
                "QL002", "duplicate-key",
                f"duplicate key `{key}` (first defined on line {first}); remove one of them",
                line, col,
            )
        frame[2], frame[3] = key, (line, col)
        self.doc.key_positions[path + (key,)] = (line, col)

    @staticmethod
    def _add(stack, value, line, col) -> None:
        top = stack[-1]
        if isinstance(top[0], dict):
            top[0][top[2]] = value
            top[2] = None
        else:
            top[0].append(value)

    def _alias(self, event, line, col) -> Any:
        self.aliases += 1
        if event.anchor not in self.anchors:
            raise LoadError("QL001", "yaml-syntax", f"unknown alias `*{event.anchor}`", line, col)
        value, size = self.anchors[event.anchor]
        self.nodes += size
        if self.aliases > MAX_ALIASES or self.nodes > MAX_NODES:
            raise LoadError(
                "QL003", "yaml-limits",
                "too many aliases or alias expansion too large (a YAML bomb?); write the content out",
                line, col,
            )
        return value
