"""Loader hardening: number size, node count, positions, anchors, the parsers' own limits."""

import math

import pytest
from test_loader import PARSERS

from quizlint.loader import MAX_NODES, LoadError, decode, load_text
from quizlint.yaml12 import MAX_NUMBER_CHARS
from quizlint.yamlstyle import scalar


def _error(text, parser_class=None):
    with pytest.raises(LoadError) as info:
        load_text(text, parser_class=parser_class)
    return info.value


# -- numbers ------------------------------------------------------------------

@pytest.mark.parametrize("parser_class", PARSERS)
@pytest.mark.parametrize("number", [
    "0x" + "f" * 3572,          # 4,300 decimal digits: str() of it raises
    "9" * (MAX_NUMBER_CHARS + 1), "-" + "7" * 600, "0o" + "7" * 600, "1." + "5" * 600,
], ids=["hex-3572", "int-501", "negative", "octal", "float"])
def test_a_huge_number_is_refused_at_its_position(parser_class, number):
    err = _error("tags: [ok,\n  " + number + "]\n", parser_class)
    assert (err.code, err.kind.name, err.line, err.column) == ("QL003", "yaml-limits", 2, 3)
    assert "quote it" in err.message


@pytest.mark.parametrize("text,position", [
    ("a: !!int 0x" + "f" * 600 + "\n", (1, 4)),
    ("a: 1\n0x" + "f" * 600 + ": b\n", (2, 1)),
    ("a: &n " + "9" * 600 + "\n", (1, 4)),
])
def test_a_huge_tagged_anchored_or_key_number_is_refused(text, position):
    err = _error(text)
    assert (err.code, (err.line, err.column)) == ("QL003", position)


def test_numbers_up_to_the_limit_load_and_print():
    hex_number = "0x" + "f" * (MAX_NUMBER_CHARS - 2)
    value = load_text(f"a: {hex_number}\n").data["a"]
    assert value == int(hex_number[2:], 16)
    assert len(str(value)) == 600  # decimal digits


def test_a_huge_float_tagged_int_is_infinite_not_a_crash():
    assert load_text("a: !!float 0x" + "f" * 300 + "\n").data == {"a": math.inf}


def test_long_digit_text_still_round_trips_through_yamlstyle():
    digits = "9" * 5000
    assert load_text("a: " + scalar(digits) + "\n").data == {"a": digits}


# -- node count ---------------------------------------------------------------

def test_the_node_limit_counts_plain_scalars():
    # the list is one node, so the scalar number MAX_NODES is one too many
    err = _error("[" + "x," * MAX_NODES + "]")
    assert (err.code, err.line, err.column) == ("QL003", 1, 2 * MAX_NODES)
    assert "nodes" in err.message and "split" in err.message
    assert len(load_text("[" + "x," * (MAX_NODES - 1) + "]").data) == MAX_NODES - 1


def test_an_alias_counts_the_collection_it_repeats():
    # the root list, `&e {a: 1}` (3 nodes), 10 aliases of it (3 each): 34 nodes
    tail = "&e {a: 1}, " + "*e, " * 10 + "]"
    fits = "[" + "x, " * (MAX_NODES - 34) + tail
    assert len(load_text(fits).data) == MAX_NODES - 34 + 11
    err = _error("[" + "x, " * (MAX_NODES - 33) + tail)
    assert err.code == "QL003" and "alias" in err.message
    assert err.column == len("[" + "x, " * (MAX_NODES - 33) + "&e {a: 1}, " + "*e, " * 9) + 1


# -- positions ------------------------------------------------------------------

@pytest.mark.parametrize("parser_class", PARSERS)
@pytest.mark.parametrize("text,position", [
    ("é: ñandú\nb: x\x07y\n", (2, 5)),
    ("é" * 10 + "\x07", (1, 11)),  # was reported past the end of the file
])
def test_a_control_character_after_non_ascii_text_is_located(parser_class, text, position):
    err = _error(text, parser_class)
    assert (err.code, (err.line, err.column)) == ("QL004", position)


@pytest.mark.parametrize("parser_class", PARSERS)
@pytest.mark.parametrize("nl", ["\r", "\r\n", "\n"], ids=["CR", "CRLF", "LF"])
def test_a_control_character_is_located_with_any_line_break(parser_class, nl):
    err = _error(nl.join(["a: 1", "b: [x,", "  y]", "c: z\x07"]) + nl, parser_class)
    assert (err.code, err.line, err.column) == ("QL004", 4, 5)


@pytest.mark.parametrize("nl", ["\r", "\r\n", "\n"], ids=["CR", "CRLF", "LF"])
@pytest.mark.parametrize("bad,code", [(b"\xe9", "QL004"), (b"\x00", "QL004")], ids=["latin-1", "NUL"])
def test_a_bad_byte_is_located_with_any_line_break(nl, bad, code):
    with pytest.raises(LoadError) as info:
        decode(nl.encode().join([b"a: 1", b"b: caf" + bad]) + nl.encode())
    assert (info.value.code, info.value.line, info.value.column) == (code, 2, 7)


@pytest.mark.parametrize("parser_class", PARSERS)
def test_positions_count_lines_as_yaml_1_2_does(parser_class):
    # PyYAML and libyaml also end a line at U+2028 (as YAML 1.1 did); YAML 1.2 and editors do not
    text = "a: 'x\u2028y'\nb: [1,\n  2]\n"
    assert load_text(text, parser_class=parser_class).pos(("b", 1)) == (3, 3)
    err = _error(text + "b: 3\n", parser_class)
    assert (err.code, err.line, err.column) == ("QL002", 4, 1)


# -- anchors and aliases --------------------------------------------------------

@pytest.mark.parametrize("parser_class", PARSERS)
def test_an_anchor_on_a_mapping_key_can_be_used_later(parser_class):
    doc = load_text("&k key: 1\nother: *k\n", parser_class=parser_class)
    assert doc.data == {"key": 1, "other": "key"}
    assert doc.pos(("other",)) == (2, 8)


def test_an_alias_has_its_own_position():
    assert load_text("a: &x [1]\nb: *x\n").pos(("b",)) == (2, 4)


def test_an_alias_inside_its_own_anchor_is_refused_plainly():
    err = _error("a: &a [1, *a]\n")
    assert (err.code, err.line, err.column) == ("QL001", 1, 11)
    assert "recursive" in err.message


def test_an_unknown_alias_says_what_to_do():
    err = _error("a: *nope\n")
    assert (err.code, err.line, err.column) == ("QL001", 1, 4)
    assert "define `&nope`" in err.message


# -- what the parsers refuse themselves -------------------------------------------

@pytest.mark.parametrize("parser_class", PARSERS)
def test_a_huge_yaml_version_number_is_a_limit_not_a_crash(parser_class):
    # libyaml allows 9 digits; PyYAML's pure-Python scanner hits int()'s digit limit
    err = _error("%YAML 1." + "1" * 5000 + "\n---\na: 1\n", parser_class)
    assert (err.code, err.kind.name, err.line) == ("QL003", "yaml-limits", 1)
    assert "%YAML 1.2" in err.message


@pytest.mark.parametrize("parser_class", PARSERS)
@pytest.mark.parametrize("escape", ["\\UFFFFFFFF", "\\U7FFFFFFF", "\\U00110000"])
def test_an_escape_beyond_unicode_is_a_syntax_error(parser_class, escape):
    err = _error(f'a: "{escape}"\n', parser_class)
    assert (err.code, err.line) == ("QL001", 1)


@pytest.mark.parametrize("parser_class", PARSERS)
def test_a_lone_surrogate_is_an_encoding_error(parser_class):
    err = _error("a: 1\nb: x\ud800\n", parser_class)
    assert (err.code, err.line, err.column) == ("QL004", 2, 5)


def _chain(links: int, depth: int) -> str:
    """``links`` anchors, each a list ``depth`` deep holding the one before."""
    lines = ["x0: &a0 " + "[" * depth + "1" + "]" * depth]
    lines += [f"x{i}: &a{i} " + "[" * depth + f"*a{i - 1}" + "]" * depth for i in range(1, links)]
    return "\n".join(lines + [f"deep: *a{links - 1}"]) + "\n"


@pytest.mark.parametrize("parser_class", PARSERS)
def test_nesting_through_a_chain_of_aliases_is_a_limit(parser_class):
    # each link stays under 64 levels, together thousands: jsonschema then hit RecursionError
    err = _error(_chain(30, 60), parser_class)
    assert err.code == "QL003" and "through aliases" in err.message and err.line == 2


def test_aliases_within_the_depth_limit_load():
    doc = load_text(_chain(3, 20))
    node = doc.data["deep"]
    for _ in range(59):
        node = node[0]
    assert node == [1]
