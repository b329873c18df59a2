"""YAML → plain data plus the 1-based line:column of every node.

We drive libyaml's event parser (PyYAML's ``CParser`` where present) and
build the data ourselves. That keeps one fast pass and lets us enforce the
limits a quiz from a pull request needs: file size, nesting depth, node
count, alias expansion, number size, one document, no tags but the core
ones, unique keys, and YAML 1.2 scalars (``yes``/``no``/``on``/``off`` stay
strings). Limits the parser enforces itself (libyaml's nesting depth, for
one) are reported like ours, as QL003.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizlint import codes
from quizlint.textpos import mark_mover, position
from quizlint.tree import read_regular
from quizlint.yaml12 import ALLOWED_TAGS, NumberTooLong, plain_value, resolve_tagged
from quizlint.yamlerrors import (  # noqa: F401  (LoadError is part of this module's API)
    DEPTH_HINT, MAX_ALIASES, MAX_BYTES, MAX_DEPTH, MAX_NODES, LoadError, python_parser_error, reader_error,
    surrogate_error, syntax_error,
)

# PyYAML is imported on first use (see _yaml()), so that runs answered from
# the cache never pay for it.


DataPath = tuple  # where a node is in the data: ("questions", 0, "stem")

@dataclass
class Document:
    path: str
    text: str
    data: Any
    positions: dict = field(default_factory=dict)      # value node path -> (line, col)
    key_positions: dict = field(default_factory=dict)  # mapping key path -> (line, col)

    def pos(self, path: DataPath) -> tuple[int, int]:
        """Position of the node at ``path``, or of its nearest existing ancestor."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def key_pos(self, path: DataPath) -> tuple[int, int]:
        """Position of the key that holds ``path`` (falls back to the value)."""
        return self.key_positions.get(tuple(path)) or self.pos(path)


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
            line, col = position(good, len(good))
            raise LoadError(
                codes.ENCODING, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
                line, col,
            ) from None
    if nul != -1:
        good = raw[:nul].decode("utf-8", "replace")
        line, col = position(good, len(good))
        raise LoadError(codes.ENCODING, "file contains a NUL byte; is it a binary file?", line, col)
    return text


def too_large(max_bytes: int = MAX_BYTES) -> LoadError:
    return LoadError(codes.YAML_LIMITS,
                     f"file is larger than {max_bytes // (1024 * 1024)} MB; split the quiz into smaller files")


def load_file(path: str, *, max_bytes: int = MAX_BYTES, display: str | None = None) -> Document:
    """Read and load one quiz file; raise LoadError for anything unloadable."""
    raw = read_regular(path, max_bytes)  # non-blocking, fstat-checked, capped
    if raw is None:
        raise too_large(max_bytes)
    return load_text(decode(raw), display or str(path))


def load_text(text: str, path: str = "<string>", *, parser_class=None) -> Document:
    """Load quiz text; raise LoadError for anything unloadable.

    ``parser_class`` is the PyYAML loader whose event parser is used:
    ``yaml.CSafeLoader`` (libyaml, the default where present) or
    ``yaml.SafeLoader`` (pure Python). Tests run both.
    """
    doc = Document(path=path, text=text, data=None)
    doc.data = _Builder(text, doc, parser_class).build()
    return doc


def _yaml():
    """PyYAML, its libyaml-backed loader where present, and its event classes."""
    import yaml
    from yaml import events

    parser_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return yaml, parser_class, events


def _too_many_nodes(line: int, col: int) -> LoadError:
    return LoadError(codes.YAML_LIMITS,
                     f"more than {MAX_NODES:,} YAML nodes; split the quiz into smaller files", line, col)


class _Builder:
    """Builds plain data from parser events, iteratively (no recursion).

    Positions are the parser's while building; build() moves them to YAML
    1.2's lines at the end, in the rare file where the two differ.
    """

    def __init__(self, text: str, doc: Document, parser_class=None):
        self.doc = doc
        self.text = text
        self.parser_class = parser_class
        self.parser = None
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name -> (value, node count, height)
        self.aliases = 0

    def build(self) -> Any:
        yaml, default_class, _ev = _yaml()
        parser_class = self.parser_class or default_class
        pure_python = issubclass(parser_class, yaml.reader.Reader)
        move = mark_mover(self.text)
        try:
            self.parser = parser_class(self.text)
            data = self._build()
        except LoadError as err:
            raise _moved(err, move)
        except yaml.MarkedYAMLError as exc:
            raise _moved(syntax_error(exc), move) from None
        except yaml.reader.ReaderError as exc:  # control characters; no mark
            raise reader_error(exc, self.text, byte_offsets=not pure_python) from None
        except yaml.YAMLError as exc:
            raise LoadError(codes.YAML_SYNTAX, f"YAML error: {exc}") from None
        except UnicodeEncodeError as exc:  # libyaml gets UTF-8: a str with a lone surrogate has none
            raise surrogate_error(exc, self.text) from None
        except (ValueError, OverflowError) as exc:
            err = None
            if pure_python and self.parser:
                mark = self.parser.get_mark()
                err = python_parser_error(exc, mark.line + 1, mark.column + 1)
            if err is None:
                raise
            raise _moved(err, move) from None
        finally:
            dispose = getattr(self.parser, "dispose", None) if self.parser else None
            if dispose:
                dispose()
        if move:
            _move_positions(self.doc, move)
        return data

    def _build(self) -> Any:
        ev = _yaml()[2]
        result = None
        documents = 0
        nodes, max_nodes = 0, MAX_NODES
        # stack entries: [container, path, pending mapping key (or None), anchor, nodes before it]
        stack: list[list] = []
        next_event = self.parser.get_event
        positions = self.doc.positions
        scalar_event = ev.ScalarEvent
        while True:
            event = next_event()
            if event.__class__ is scalar_event and not event.tag and not event.anchor:
                # the hot path: an untagged, unanchored scalar
                nodes += 1
                mark = event.start_mark
                if nodes > max_nodes:
                    raise _too_many_nodes(mark.line + 1, mark.column + 1)
                try:
                    value = plain_value(event.value) if event.implicit[0] else event.value
                except NumberTooLong as exc:
                    raise LoadError(codes.YAML_LIMITS, str(exc), mark.line + 1, mark.column + 1) from None
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
                        codes.MULTIPLE_DOCUMENTS, "a quiz file holds one YAML document; move the second one to its own file",
                        line, 1,
                    )
                continue
            if isinstance(event, (ev.StreamStartEvent, ev.DocumentEndEvent)):
                continue
            if isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                frame = stack.pop()
                if frame[3]:
                    self.anchors[frame[3]] = (frame[0], nodes - frame[4], frame[5])
                if stack:
                    stack[-1][5] = max(stack[-1][5], frame[5] + 1)
                else:
                    result = frame[0]
                continue

            line, col = event.start_mark.line + 1, event.start_mark.column + 1
            key_pending = bool(stack) and stack[-1][2] is None and isinstance(stack[-1][0], dict)
            if isinstance(event, ev.AliasEvent):
                if key_pending:
                    raise LoadError(codes.YAML_SYNTAX, "an alias cannot be a mapping key", line, col)
                value, size, height = self._alias(event, stack, line, col)
                nodes += size
                if stack and len(stack) + height > MAX_DEPTH:  # nesting through aliases counts too
                    raise LoadError(
                        codes.YAML_LIMITS, f"nesting deeper than {MAX_DEPTH} levels through aliases; {DEPTH_HINT}",
                        line, col,
                    )
                if stack:
                    stack[-1][5] = max(stack[-1][5], height + 1)
                if nodes > max_nodes:
                    raise LoadError(
                        codes.YAML_LIMITS, f"alias expansion beyond {MAX_NODES:,} nodes (a YAML bomb?); write the content out",
                        line, col,
                    )
                self._place(stack, value, line, col)
                if not stack:
                    result = value
                continue

            tag = getattr(event, "tag", None)
            if tag and tag not in ALLOWED_TAGS:
                raise LoadError(
                    codes.YAML_TAG, f"tag `{tag}` is not allowed in a quiz file (only plain YAML data)",
                    line, col,
                )
            nodes += 1
            if nodes > max_nodes:
                raise _too_many_nodes(line, col)

            if isinstance(event, ev.ScalarEvent):
                value = self._tagged_scalar(event, tag, line, col)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1, 0)
                if key_pending:
                    self._key(stack[-1], value, line, col)
                    continue
                self._place(stack, value, line, col)
                if not stack:
                    result = value
                continue

            # a collection starts
            if key_pending:
                raise LoadError(
                    codes.YAML_SYNTAX, "a mapping key must be a plain value, not a list or mapping",
                    line, col,
                )
            if len(stack) >= MAX_DEPTH:
                raise LoadError(
                    codes.YAML_LIMITS, f"nesting deeper than {MAX_DEPTH} levels; {DEPTH_HINT}", line, col
                )
            container = {} if isinstance(event, ev.MappingStartEvent) else []
            path = self._place(stack, container, line, col)
            stack.append([container, path, None, event.anchor, nodes - 1, 1])  # 1: its height so far

    @staticmethod
    def _tagged_scalar(event, tag, line, col) -> Any:
        """The value of a scalar that has a tag or an anchor."""
        try:
            if event.implicit[0] and not (tag and tag != "!"):
                return plain_value(event.value)
            if tag and tag != "!":
                return resolve_tagged(event.value, tag)
        except NumberTooLong as exc:
            raise LoadError(codes.YAML_LIMITS, str(exc), line, col) from None
        except ValueError as exc:
            raise LoadError(codes.YAML_TAG, str(exc), line, col) from None
        return event.value

    def _place(self, stack, value, line, col) -> DataPath:
        """Put a value into the open container (if any), note its position, and return its path."""
        path = self._child_path(stack)
        self.doc.positions[path] = (line, col)
        if stack:
            top = stack[-1]
            if isinstance(top[0], dict):
                top[0][top[2]] = value
                top[2] = None
            else:
                top[0].append(value)
        return path

    @staticmethod
    def _child_path(stack) -> DataPath:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top[0], dict):
            return top[1] + (top[2],)
        return top[1] + (len(top[0]),)

    def _key(self, frame, key, line, col) -> None:
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise LoadError(codes.YAML_SYNTAX, "a mapping key must be a plain value", line, col)
        key = key if isinstance(key, str) else str(key).lower() if isinstance(key, bool) else str(key)
        mapping, path = frame[0], frame[1]
        if key in mapping:
            first = self.doc.key_positions.get(path + (key,), (line, col))[0]
            raise LoadError(
                codes.DUPLICATE_KEY, f"duplicate key `{key}` (first defined on line {first}); remove one of them",
                line, col,
            )
        frame[2] = key
        self.doc.key_positions[path + (key,)] = (line, col)

    def _alias(self, event, stack, line, col) -> tuple[Any, int, int]:
        """The anchored value an alias stands for, its node count and its height."""
        self.aliases += 1
        name = event.anchor
        if self.aliases > MAX_ALIASES:
            raise LoadError(
                codes.YAML_LIMITS, f"more than {MAX_ALIASES} aliases (a YAML bomb?); write the content out", line, col,
            )
        if any(frame[3] == name for frame in stack):
            raise LoadError(
                codes.YAML_SYNTAX, f"alias `*{name}` is inside the node `&{name}` it refers to; quiz data cannot be recursive",
                line, col,
            )
        if name not in self.anchors:
            raise LoadError(
                codes.YAML_SYNTAX, f"unknown alias `*{name}`; define `&{name}` before using it", line, col
            )
        return self.anchors[name]


def _moved(err: LoadError, move) -> LoadError:
    """``err`` with its position moved from the parser's lines to YAML 1.2's."""
    if move:
        err.line, err.column = move(err.line, err.column)
    return err


def _move_positions(doc: Document, move) -> None:
    doc.positions = {path: move(*pos) for path, pos in doc.positions.items()}
    doc.key_positions = {path: move(*pos) for path, pos in doc.key_positions.items()}
