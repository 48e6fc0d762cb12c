"""The fast YAML path gives exactly the exact path's values, or declines (None)."""
from __future__ import annotations

import math
import random
from pathlib import Path

import pytest

from commsgen.errors import UserError
from commsgen.model import fastyaml, loader
from commsgen.model.schema import Postmortem

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))

pytestmark = pytest.mark.skipif(not fastyaml.available(), reason="rapidyaml not installed")


def same(a, b) -> bool:
    """Equal values of equal types, keys in the same order (1 == 1.0 == True is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def exact(text: str):
    try:
        return loader.parse_yaml(text, "x.yaml")
    except UserError as e:
        return e


TAKEN = [
    "a: plain text\nb: 'single ''quoted'''\nc: \"double\"\n",
    "a: 12\nb: -3\nc: 12.5\nd: 0\ne: 10.0\nf: 9999999999999999999999\n",
    "a: null\nb:\nc: true\nd: false\ne: [true, null]\n",
    "a: 2026-03-04T10:00:00Z\nb: 2026-03-04\n",            # timestamps stay text on both paths
    "a: |\n  x\n\n\n", "a: |-\n  x\n\n", "a: >\n  x\n   more\n  y\n", "a: 'x\n\n  y'\n",
    "a: plain\n\n  continued\n", "a: x #c\n", "a: [a, [b, [c]]]\nb: {}\nc: []\n",
    "---\na: 1\n", "--- # c\na: 1\n", "a: é ünï 日本\n", "'a b': c\n", "a:\n- \n- x\n",
    "text: R&D and Q & A, 5 * 3 = 15, wow!\n",
]

DECLINED = [
    "a: yes\n", "a: [yes, no]\n", "a: ~\n", "a: 0x1F\n", "a: 1_000\n", "a: 12:30\n", "a: .inf\n",
    "a: 007\n", "a: +12\n", "a: 1e3\n", "a: -.5\n", "a: -0.5\n", "a: '12'\n", 'a: ""\n',
    "a: !!str 12\n", "a: !foo x\n", "a: &x 1\nb: *x\n", "a: &x 1\nb: &x 2\n", "a: {x: 1}\nb:\n  <<: {y: 2}\n",
    "a: 1\na: 2\n", "a: 1\n---\nb: 2\n", "%YAML 1.1\n---\na: 1\n", "? [a]\n: b\n",
    'a: "tab\\there"\n', "a: x\r\nb: y\r\n", "a: x\u2028y\n", "a:\tb\n", "- a\n- b\n", "just text\n",
    "a: [x\n", "a: `x`\n", "a: @x\n", "a: }x\n",
]


@pytest.mark.parametrize("text", TAKEN)
def test_taken_with_the_exact_values(text):
    fast = fastyaml.parse(text)
    assert fast is not None, text
    assert same(fast, exact(text))


@pytest.mark.parametrize("text", DECLINED)
def test_declined_where_the_paths_could_differ(text):
    assert fastyaml.parse(text) is None


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_equal_or_declined(path):
    text = path.read_text(encoding="utf-8")
    fast = fastyaml.parse(text)
    assert fast is None or same(fast, exact(text))


def test_generated_postmortems_take_the_fast_path():
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import make_postmortem

    taken = 0
    for seed in range(40):
        text = make_postmortem(20 + seed, seed=seed)
        fast = fastyaml.parse(text)
        if fast is not None:
            taken += 1
            assert same(fast, exact(text))
    assert taken >= 30   # the path is worth having only if it is taken


_INSERT = list("-:?#&*!|>'\"[]{},@`%\t \n.0123456789aeE+_~\\") + [
    "\n  ", ": ", "- ", "  ", "---\n", "<<: ", "|-\n", ">+\n", "\u2028", "\r\n", "\x85", "é"]
_VALUES = ["-.5", ".5", "1.", "007", "+12", "1e3", "0x10", "1:20", "~", "yes", "No", ".inf", "nan", "-0.5",
           "12.30", "2026-01-01", "null", "true", "", "''", '""', "'a''b'", '"a\\tb"', "[a, b]", "{a: 1}",
           "&x a", "*x", "!!str 1", "|\n  x", ">-\n  a\n  b", "[yes, 1]", "{a: {b: [c, ~]}}"]


def _mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 3)):
        lines = text.split("\n")
        k = rng.randrange(len(lines))
        op = rng.random()
        if op < 0.3:
            p = rng.randrange(len(text) + 1)
            text = text[:p] + rng.choice(_INSERT) + text[p:]
        elif op < 0.45:
            p = rng.randrange(len(text))
            text = text[:p] + text[p + 1:]
        elif op < 0.6:
            lines[k] = " " * rng.randint(1, 2) + lines[k]
            text = "\n".join(lines)
        elif op < 0.7:
            lines[k] = lines[k][rng.randint(1, 2):]
            text = "\n".join(lines)
        elif op < 0.8:
            j = min(k + 1, len(lines) - 1)
            lines[k], lines[j] = lines[j], lines[k]
            text = "\n".join(lines)
        elif ": " in lines[k]:
            lines[k] = lines[k].split(": ", 1)[0] + ": " + rng.choice(_VALUES)
            text = "\n".join(lines)
    return text


@pytest.mark.parametrize("seed", range(4))
def test_differential_fuzz(seed):
    """Typos of real files: whenever the fast path answers, the exact path gives the same values (a
    file the exact path refuses must never be read by the fast path)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import make_postmortem

    seeds = [p.read_text(encoding="utf-8") for p in SAMPLES] + [make_postmortem(20, seed=s) for s in range(8)]
    rng = random.Random(seed)
    taken = 0
    for _ in range(400):
        text = _mutate(rng.choice(seeds), rng)
        fast = fastyaml.parse(text)
        if fast is None:
            continue
        taken += 1
        want = exact(text)
        assert not isinstance(want, Exception), f"fast path read what the exact path refuses ({want}):\n{text}"
        assert same(fast, want), text
    assert taken > 20


def test_loads_fast_gives_the_same_postmortem_and_errors(tmp_path):
    text = SAMPLES[0].read_text(encoding="utf-8")
    assert loader.loads(text, "a.yaml", fast=True).postmortem == loader.loads(text, "a.yaml").postmortem
    broken = text.replace("severity: ", "severity: SEV9 #", 1)
    with pytest.raises(UserError) as slow:
        loader.loads(broken, "a.yaml")
    with pytest.raises(UserError) as fast:
        loader.loads(broken, "a.yaml", fast=True)
    assert [p.paragraph() for p in fast.value.problems] == [p.paragraph() for p in slow.value.problems]
    assert fast.value.problems[0].line is not None


def test_rapidyaml_errors_do_not_reach_stderr(capfd):
    """rapidyaml prints its parse errors on file descriptor 2 itself, before it raises."""
    import os

    def noisy(arg):
        os.write(2, b"ERROR: [parse] from C++\n")
        raise RuntimeError(arg)

    with pytest.raises(RuntimeError):
        fastyaml._quiet(noisy, "x")
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"


def test_postmortem_validates_from_fast_values():
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        fast = fastyaml.parse(text)
        if fast is not None:
            Postmortem.model_validate(fast)


def test_not_text_pattern_is_pyyaml_resolver():
    """The RE2 pattern of scalars YAML 1.1 does not read as text agrees with PyYAML's resolver on
    every string of a grammar-directed random sample and on the known cases."""
    import json

    import re2
    import yaml

    resolver = yaml.resolver.Resolver()
    text_tags = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}
    pattern = re2.compile(r'"(?:' + fastyaml._NOT_TEXT + r')(?:\\n)?"')
    rng = random.Random(5)
    alphabet = "0123456789_:.-+eExXbBoO~nNulyYsStTfFaAiI<=rR "
    samples = ["", "~", "yes", "Yes", "yES", "on", "ON", "oN", "y", "n", "Null", "nULL", "<<", "=", "0", "-0", "+0",
               "007", "08", "0b101", "0b2", "0x1F", "0xG", "1_000", "12:30", "1:60", "190:20:30", "1.5", ".5", "-.5",
               "1.", "1e3", "1.0e+3", "1.0e3", "1:30.5", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "nan", "inf",
               "12\n", "yes\n", "2026-01-01", "1 2", "- 1", "1.2.3", "0.0.1"]
    for _ in range(4000):
        samples.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))))
    for s in samples:
        want = resolver.resolve(yaml.ScalarNode, s, (True, False)) not in text_tags
        got = pattern.search(json.dumps(s)) is not None
        assert got == want, repr(s)
