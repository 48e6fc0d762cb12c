"""The YAML reader's event path (model/yamlfast.py) held to its node path (model/yamlread.py): on
every class of input it either gives the very values and nesting depth the node path gives, or
declines (None) and leaves the file to the node path, always where the node path refuses the file
or needs what only it has (anchors, aliases, merge keys, tags, duplicate or complex keys)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from commsgen.errors import UserError
from commsgen.model import loader
from commsgen.model.yamlfast import parse_fast
from commsgen.model.yamlread import PLAIN_VALUES, parse_yaml_doc
from test_yamlread import _DATES, SCALARS, _plain_values

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import make_postmortem  # noqa: E402


def _node_path(text: str) -> object:
    try:
        data, _, depth = parse_yaml_doc(text, "f.yaml")
    except UserError as e:
        return ("refused", e.problems[0].rule)
    return data, depth


def _same(text: str) -> bool:
    """Whether the event path took ``text`` (and then gave what the node path gives)."""
    fast = parse_fast(text)
    if fast is None:
        return False
    expected = _node_path(text)
    assert fast == expected and repr(fast) == repr(expected), text  # repr: True is not 1, 1.0 not 1
    return True


def test_every_kind_of_plain_value_as_the_node_path_reads_it():
    docs = _plain_values()
    docs += [f"v: {d}\n" for d in _DATES] + [f"v: {d}T06:19:00Z\n" for d in _DATES]
    docs += [f"{s}: [{s}, {{{s}: {s}}}]\n" for s in SCALARS if not s.startswith(("<<", "=", "!", "&", "*", "-"))]
    taken = sum(_same(d) for d in docs)
    assert taken > len(docs) * 0.8
    # read again: the short plain scalars' values now come from ``PLAIN_VALUES`` (types kept)
    assert PLAIN_VALUES
    assert sum(_same(d) for d in docs) == taken


FALLS_BACK = [
    "a: &x 1\nb: *x\n",  # an anchor and an alias
    "a: &x [1]\n",
    "base: &b {k: 1}\nother:\n  <<: *b\n",  # a merge key
    "<<: {k: 1}\n",
    "a: 1\nb: 2\na: 3\n",  # a duplicate key: refused by the node path, with its line
    "{a: 1, a: 2}\n",
    "True: 1\ntrue: 2\n",  # keys equal as values: True, 1 and 1.0; PyYAML's one NaN
    "1: a\n1.0: b\n",
    ".nan: 1\n.NaN: 2\n",
    "a: !!str 1\n",  # explicit tags
    "a: !!python/object:os.system ls\n",
    "a: !custom x\n",
    "? [a, b]\n: c\n",  # a list as a key
    "? {a: 1}\n: c\n",
    "a: 1\n---\nb: 2\n",  # two documents
    "",  # no document
    "# only a comment\n",
    "a: [1, 2\n",  # syntax errors
    "a: b: c\n",
    "\t- a\n",
    "v: =\n",  # PyYAML's value tag, no constructor
    "[" * 5000 + "]" * 5000,  # deeper than Python's recursion
]


@pytest.mark.parametrize("text", FALLS_BACK)
def test_what_only_the_node_path_reads_is_left_to_it(text):
    assert parse_fast(text) is None


def test_every_nesting_depth():
    for depth in range(1, 80):
        assert _same("a:\n" + "".join("  " * k + "- b:\n" for k in range(depth)) + "  " * depth + "  c\n")
        assert _same("[" * depth + "1" + "]" * depth + "\n")
        assert _same("{a: " * depth + "1" + "}" * depth + "\n")


def test_samples_and_generated_postmortems():
    files = sorted((ROOT / "samples").rglob("*.yaml")) + sorted((ROOT / "tests" / "data").rglob("*.yaml"))
    texts = [p.read_bytes().decode("utf-8", "replace") for p in files]  # a few are not UTF-8 on purpose
    generated = [make_postmortem(20 + i % 60, seed=i) for i in range(0, 1000, 40)]
    assert all(_same(t) for t in generated)
    for t in texts:
        _same(t)


def test_loads_gives_the_same_postmortem_either_way(monkeypatch):
    """``loads`` through the event path and through the node path alone: the same model, the
    same warnings and the same lines for every field the locator is asked for."""
    texts = [(p.read_text(encoding="utf-8"), str(p)) for p in sorted((ROOT / "samples").glob("*.yaml"))]
    texts += [(make_postmortem(20 + i % 60, seed=i), f"pm-{i}.yaml") for i in range(0, 1000, 100)]
    for text, name in texts:
        try:
            fast = loader.loads(text, name)
        except UserError as e:
            fast = e
        with monkeypatch.context() as m:
            m.setattr(loader, "parse_fast", lambda text: None)
            try:
                slow = loader.loads(text, name)
            except UserError as e:
                slow = e
        if isinstance(slow, UserError):
            assert isinstance(fast, UserError) and fast.problems == slow.problems, name
            continue
        assert not isinstance(fast, UserError), name
        assert fast.postmortem.model_dump() == slow.postmortem.model_dump(), name
        assert [p.paragraph() for p in fast.warnings] == [p.paragraph() for p in slow.warnings], name
        paths = [("times", "started"), ("title",), ("timeline", 0, "text"), ("people", 0, "name"), ()]
        for path in paths:
            assert fast.locator.locate(path) == slow.locator.locate(path), (name, path)
