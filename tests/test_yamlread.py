"""The YAML reader's fast parts held to PyYAML's own: the tag resolver (first-character table, one
pattern per character, remembered short values), the constructor (strings taken as they are,
duplicate keys, unknown tags, aliases) and the nesting depth measured while constructing. Each is
compared with the reference on classes of input, not single examples."""

from __future__ import annotations

import itertools

import pytest
import yaml

from commsgen.errors import InputError
from commsgen.model import loader
from commsgen.model.yamlread import _Loader, parse_yaml_doc, parse_yaml_tree

# plain scalars of every kind PyYAML's resolver tells apart, and look-alikes that stay text
SCALARS = [
    *("yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF y n yEs tRue".split()),
    *("~ null Null NULL nULL none".split()),
    *("0 7 -7 +7 010 0o10 0b101 -0b1 0x1F 0x1g 1_000 1__0 190:20:30 -1:30 1:60".split()),
    *(
        "1.5 -1.5 +.5 .5 1e3 1.0e3 1.0e+3 1.0E-3 6.8523015e+5 685.230_15e+03 1:20.5 .inf -.Inf +.INF .NaN .nan .nAn".split()
    ),
    *("2026-05-21 2026-05-21T06:19:00Z 2026-05-21t06:19:00.5+01:00 2026-5-1 1:2:3".split()),
    "2026-05-21 06:19:00",
    "2026-05-21 06:19:00 +02",
    *("<< = ! & * - + . 0. 12abc 1-2-3 a:b".split()),
    "Status page updated: investigating",
    "no way",
    "~home",
    "yes" * 20,
    "1" * 45,
    "2026-05-21T06:19:00Z" + "0" * 30,
]


def _plain_values() -> list[str]:
    """SCALARS as YAML plain scalars (those that can be written plain), quoted and as keys."""
    docs = []
    for s in SCALARS:
        for form in (s, f"'{s}'", f'"{s}"'):
            docs += [f"v: {form}\n", f"- {form}\n", f"{form}: x\n", f"[{form}]\n", f"{{k: {form}}}\n"]
    return docs


def _tags(node: yaml.Node) -> list[tuple[str, str]]:
    out = [(type(node).__name__, node.tag)]
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            out += _tags(k) + _tags(v)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            out += _tags(v)
    return out


def _compose(loader_cls: type, text: str) -> object:
    try:
        node = loader_cls(text).get_single_node()
    except yaml.YAMLError as e:
        return ("error", str(e))
    return _tags(node) if node is not None else None


@pytest.mark.parametrize("text", _plain_values())
def test_resolver_gives_pyyaml_tags(text):
    # PyYAML's own resolver over the same C parser; twice: the second time the short values come
    # from the remembered answers
    expected = _compose(yaml.CSafeLoader, text)
    assert _compose(_Loader, text) == expected
    assert _compose(_Loader, text) == expected


class _TextTimestamps(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, with timestamps kept as text (as the reader keeps them)."""


_TextTimestamps.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: node.value)


def _reference(text: str) -> object:
    try:
        return ("ok", yaml.load(text, Loader=_TextTimestamps))
    except yaml.YAMLError as e:
        return ("error", type(e).__name__)


def _ours(text: str) -> object:
    try:
        return ("ok", parse_yaml_tree(text, "f.yaml")[0])
    except InputError as e:
        return ("error", e.problems[0].rule)


DOCUMENTS = [
    "a: 1\nb: [x, 2, 3.5, null, true]\nc: {d: e, 'f': \"g\"}\n",
    "a:\n  - b: 1\n    c: [1, [2, [3, {d: 4}]]]\n  - ''\n  - \n",
    "1: one\n2.5: two\nfalse: three\n~: four\n'1': five\n",
    "times:\n  started: 2026-05-21T06:19:00Z\n  date: 2026-05-21\n",
    "base: &b {x: 1, y: [1, 2]}\nother: *b\nlist: &l [a, b]\nagain: [*l, *l]\n",
    "base: &b {x: 1}\nmerged:\n  <<: *b\n  y: 2\n",
    "text: |\n  line one\n  line two\nfolded: >-\n  a\n  b\n",
    "- !!str 12\n- !!int '12'\n- !!float '1'\n- !!null ''\n- !!bool 'yes'\n",
]
BAD = {
    "a: 1\na: 2\n": "input.duplicate-key",
    "a:\n  x: 1\n  y: 2\n  x: 3\n": "input.duplicate-key",
    "1: a\n'1': b\n1: c\n": "input.duplicate-key",
    "1: a\ntrue: b\n": "input.duplicate-key",  # equal keys in Python: the second would replace the first
    "a: !!python/object:os.system x\n": "input.unsafe-tag",
    "a: !custom x\n": "input.unsafe-tag",
    "a: !!set {x, y}\n": "input.unsafe-tag",
    "a: !!binary aGVsbG8=\n": "input.unsafe-tag",
    "? [a, b]\n: 1\n": "input.syntax",
    "? {a: b}\n: 1\n": "input.syntax",
    "a: [1, 2\n": "input.syntax",
}


@pytest.mark.parametrize("text", DOCUMENTS)
def test_values_are_pyyaml_values(text):
    assert _ours(text) == _reference(text)


@pytest.mark.parametrize("text,rule", BAD.items())
def test_refusals(text, rule):
    assert _ours(text) == ("error", rule)


def test_duplicate_key_names_both_lines():
    with pytest.raises(InputError) as e:
        parse_yaml_tree("a: 1\nb: 2\nc: 3\nb: 4\nc: 5\n", "f.yaml")
    p = e.value.problems[0]
    assert (p.line, p.rule) == (4, "input.duplicate-key") and "first at line 2" in p.message


def _nest(depth: int, flow: bool, leaf: str) -> str:
    """A document whose values nest ``depth`` mappings and lists deep (alternating)."""
    if flow:
        text = leaf
        for i in range(depth - 1):
            text = f"{{k: {text}}}" if i % 2 else f"[{text}]"
        return f"top: {text}\n"
    lines = ["top:"]
    for i in range(depth - 1):
        pad = "  " * (i + 1)
        lines.append(f"{pad}- " if i % 2 == 0 else f"{pad}k:")
    lines[-1] += f" {leaf}"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "depth,flow,leaf", itertools.product([1, 2, 3, 63, 64, 65, 66, 200], [True, False], ["x", "[]"])
)
def test_depth_measured_while_constructing(depth, flow, leaf):
    text = _nest(depth, flow, leaf)
    data, _, measured = parse_yaml_doc(text, "f.yaml")
    assert measured is not None
    assert (measured <= loader.MAX_DEPTH) == loader._depth_ok(data)


def test_depth_with_aliases_is_left_to_the_values():
    data, _, measured = parse_yaml_doc("a: &x [1]\nb: *x\n", "f.yaml")
    assert measured is None and data == {"a": [1], "b": [1]}


_DATES = (
    "2026-05-21",
    "0000-00-00",
    "9999-99-99",
    "2026-5-21",
    "2026-05-1",
    "20260-05-21",
    "2026-05-21x",
    "2026-05-2\u0663",  # a digit beyond ASCII: no date to PyYAML
    "2026\u201305-21",
)


@pytest.mark.parametrize("date", _DATES)
def test_time_like_values_get_pyyamls_tag(date):
    """Plain values shaped like the format's dates and times, and near misses of every part: the
    resolver tells these without PyYAML's pattern only when PyYAML would say timestamp too."""
    values = [date]
    for sep in ("T", "t", " ", "  ", "\t", "TT"):
        for time in ("06:19:00", "6:19:00", "06:19", "06:19:00.5", "06:19:00.", "06:19:60"):
            values += [f"{date}{sep}{time}{zone}" for zone in ("", "Z", "z", "+01:00", "-0100", "+1", " Z", "+01:0")]
    for value in values:
        text = f"v: {value}\n"
        assert _compose(_Loader, text) == _compose(yaml.CSafeLoader, text), value
