import pytest
import yaml

from quizlint.loader import LoadError, load_text
from quizlint.yaml12 import resolve_plain


@pytest.mark.parametrize("text,value", [
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("No", "No"),
    ("true", True), ("False", False), ("~", None), ("null", None), ("12", 12),
    ("0o17", 15), ("0x1F", 31), ("1.5", 1.5), ("1e3", 1000.0), ("12:30", "12:30"),
    ("2026-11-21", "2026-11-21"), ("0000aaaa", "0000aaaa"), (".inf", float("inf")),
])
def test_yaml_1_2_plain_scalars(text, value):
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_positions_are_one_based_line_and_column():
    doc = load_text("a: 1\nb:\n  - x\n  - {c: d}\n")
    assert doc.pos(("a",)) == (1, 4)
    assert doc.pos(("b", 1, "c")) == (4, 9)
    assert doc.key_pos(("b", 1, "c")) == (4, 6)
    assert doc.pos(("b", 7, "nothing")) == (3, 3)  # nearest existing ancestor


def _error(text):
    with pytest.raises(LoadError) as info:
        load_text(text)
    return info.value


def test_duplicate_key_names_first_line():
    err = _error("a: 1\nb: 2\na: 3\n")
    assert (err.code, err.line, err.column) == ("QL002", 3, 1)
    assert "line 1" in err.message


# libyaml as bundled with PyYAML 6.0.3+ refuses 1,000 levels itself (it reads
# ahead, so before our 64); older libyaml and the pure-Python parser do not.
# Either way the answer is QL003: these run on both parsers.
PARSERS = [
    pytest.param(getattr(yaml, "CSafeLoader", None), id="libyaml",
                 marks=pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml")),
    pytest.param(yaml.SafeLoader, id="pure-python"),
]

DEEP = {
    "flow-50000": "a: " + "[" * 50_000 + "]" * 50_000,    # past libyaml's own limit
    "flow-70": "a: " + "[" * 70 + "]" * 70,                # past ours only
    "flow-mappings": "a: " + "{b: " * 2_000 + "x" + "}" * 2_000,
    "block-mappings": "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v\n",
    "block-sequences": "- " * 2_000 + "x\n",
    "block-then-flow": "a:\n" + "".join("  " * i + "- \n" for i in range(30)) + "  " * 30 + "[" * 5_000 + "\n",
}


@pytest.mark.parametrize("parser_class", PARSERS)
@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_is_refused_not_crashed(parser_class, text):
    with pytest.raises(LoadError) as info:
        load_text(text, parser_class=parser_class)
    err = info.value
    assert (err.code, err.kind.name) == ("QL003", "yaml-limits")
    assert "flatten" in err.message  # says what to do
    assert 1 <= err.line <= text.count("\n") + 1 and err.column >= 1


@pytest.mark.parametrize("parser_class", PARSERS)
def test_nesting_at_the_limit_loads(parser_class):
    doc = load_text("[" * 64 + "]" * 64, parser_class=parser_class)
    depth, node = 0, doc.data
    while isinstance(node, list):
        depth, node = depth + 1, node[0] if node else None
    assert depth == 64


def test_alias_expansion_is_bounded():
    text = "a: &a [" + ",".join(["x"] * 9) + "]\n"
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        text += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    assert _error(text).code == "QL003"


def test_a_few_aliases_are_fine():
    doc = load_text("a: &x [1, 2]\nb: *x\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


def test_python_tags_are_refused():
    err = _error("a: !!python/object/apply:os.system ['touch /tmp/pwned']\n")
    assert err.code == "QL006"
    assert (err.line, err.column) == (1, 4)


def test_core_tags_are_checked():
    assert load_text("a: !!str 12\n").data == {"a": "12"}
    assert _error("a: !!int x\n").code == "QL006"


def test_control_character_is_located():
    err = _error("a: ok\nb: x\x07y\n")
    assert (err.code, err.line, err.column) == ("QL004", 2, 5)


def test_empty_document_is_none():
    assert load_text("# only a comment\n").data is None
