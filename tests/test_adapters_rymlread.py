"""commsgen/adapters/rymlread.py reads plain YAML through rapidyaml in batch workers. Held here to the
PyYAML path (``yamlfast``/``yamlread``) over generated classes of documents: wherever it answers,
the values (types included) and the depth are those of the PyYAML path; every document it cannot
vouch for is sent back (None), so the loader's values and error messages stay the PyYAML path's.
And to the stock behaviour of rapidyaml that its checks rely on."""

from __future__ import annotations

import math
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from commsgen.adapters import rymlread
from commsgen.errors import UserError
from commsgen.model import loader, yamlfast
from commsgen.model.yamlread import parse_yaml_doc

ryml = pytest.importorskip("ryml")
ROOT = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------------------------ generated documents
WORDS = ["alpha", "Dana Whitfield", "notify-worker", "eu-west-1", "Tomás", "東京", "The pool", "on-call", "x"]
PLAIN = [
    *WORDS,
    "yes",
    "No",
    "ON",
    "off",
    "true",
    "False",
    "TRUE",
    "null",
    "Null",
    "NULL",
    "~",
    "y",
    "n",
    "0",
    "12",
    "-3",
    "+5",
    "-0",
    "007",
    "08",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "1:20",
    "190:20:30",
    "1.5",
    ".5",
    "5.",
    "-.5",
    "1e3",
    "1.5e3",
    "1.0e+3",
    "-1.5E-3",
    ".inf",
    "-.Inf",
    ".nan",
    "1,000",
    "2026-04-28",
    "2026-04-28T21:41:00Z",
    "2026-04-28t21:41:00",
    "2026-04-28T21:41:00.5+01:00",
    "2026-04-28 21:41:00",
    "2026-4-2",
    "<<",
    "=",
    "a: b",
    "a #b",
    "a#b",
    "50%",
    "@dana",
    "`code`",
    "key=value",
    "a, b",
    "C++",
    "p99 at 6719 ms.",
    "R&D",
    "R & D",
    "*bold*",
    "a *b*",
    "wow!",
    "a !b",
]
QUOTED = [*PLAIN, "", " lead", "trail ", "it's", 'say "hi"', "a\\b", "tab\there", "\\n", "line\nbreak"]
# the scalars a postmortem is mostly made of (half of the documents hold only these, so that most of
# them are read by this path and their values compared)
COMMON = [
    *WORDS,
    "12",
    "0",
    "-3",
    "2026-04-28",
    "2026-04-28T21:41:00Z",
    "a: b",
    "a #b",
    "a#b",
    "50%",
    "`code`",
    "key=value",
    "a, b",
    "C++",
    "p99 at 6719 ms.",
    "R&D",
    "x-y",
    "ok?",
    "what: now",
    "[x]",
    "{y}",
    "true",
    "null",
]


# double-quoted escapes, YAML 1.1's and 1.2's, and a line continued by a backslash
ESCAPES = [
    "\\\\",
    '\\"',
    "\\/",
    "\\n",
    "\\t",
    "\\ ",
    "\\0",
    "\\a",
    "\\b",
    "\\e",
    "\\N",
    "\\_",
    "\\L",
    "\\P",
    "\\x41",
    "\\u00e9",
    "\\U0001F600",
    "\\\n  ",
    "\\q",
    "C:\\\\temp",
]


def _escaped(rng: random.Random) -> str:
    return '"' + "".join(rng.choice([*ESCAPES, "a", " ", "é"]) for _ in range(rng.randrange(1, 6))) + '"'


def _single(s: str) -> str:
    return "'" + s.replace("'", "''").replace("\n", "\n\n") + "'"


def _double(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def _scalar(rng: random.Random, indent: int, common: bool = False) -> str:
    kind = rng.randrange(8 if common else 10)
    if kind < 4:
        return rng.choice(COMMON if common else PLAIN)
    if kind == 4:
        return _single(rng.choice(COMMON if common else QUOTED))
    if kind == 5:
        return _double(rng.choice(COMMON if common else QUOTED))
    if kind == 6:  # a plain or quoted scalar over lines
        pad = " " * (indent + 2)
        words = [rng.choice(WORDS) for _ in range(rng.randrange(2, 5))]
        sep = rng.choice(["\n" + pad, "\n\n" + pad, "\n" + pad + "  "])
        text = sep.join(words)
        return rng.choice([text, "'" + text + "'", '"' + text + '"'])
    if kind == 7:  # a block scalar
        head = rng.choice(["|", "|-", "|+", ">", ">-", ">+", "|2", ">1"])
        pad = " " * (indent + 2)
        lines = [rng.choice(["", *WORDS, "  more indented", "- item", "# not a comment", "a: b"]) for _ in range(4)]
        if not any(line and not line.startswith(" ") for line in lines):
            lines[0] = "first"
        body = "".join(pad + line + "\n" if line else "\n" for line in lines)
        return head + "\n" + body.rstrip("\n") + rng.choice(["", "\n", "\n\n"])
    if kind == 8:
        return rng.choice(
            [
                "",
                " # comment",
                "&a x",
                "*a",
                "!!str 1",
                "! x",
                "!custom x",
                "!!int '3'",
                "a \\ b",
                _escaped(rng),
                "'a\\nb'",
                "a **b** c",
                "x - *y*",
                "[a, *b]",
                "{a: *b}",
                "a,*b",
            ]
        )
    return "[" + ", ".join(rng.choice(WORDS + ["1", "yes", "'q'", "{a: 1}", "[]", "{}"]) for _ in range(3)) + "]"


def _key(rng: random.Random, common: bool = False) -> str:
    r = rng.randrange(12)
    if r == 0 and not common:
        return rng.choice(["1", "2.5", "yes", "null", "~", "<<", "''", '"q"', "'it''s'", "? k", "[a]", "x y"])
    return rng.choice(["id", "title", "text", "kind", "at", "name", "role", "a", "b", "c", "ünï"])


def _mapping(rng: random.Random, indent: int, depth: int, common: bool = False) -> str:
    pad = " " * indent
    out = []
    keys = set()
    for _ in range(rng.randrange(1, 5)):
        key = _key(rng, common)
        if common and key in keys:
            continue
        keys.add(key)
        r = rng.randrange(6)
        if depth < 4 and r == 0:
            out.append(f"{pad}{key}:\n{_mapping(rng, indent + 2, depth + 1, common)}")
        elif depth < 4 and r == 1:
            items = [
                f"{pad}{rng.choice(['', '  '])}- {_scalar(rng, indent + 2, common)}" for _ in range(rng.randrange(1, 4))
            ]
            out.append(f"{pad}{key}:\n" + "\n".join(items))
        elif depth < 4 and r == 2:
            inner = _mapping(rng, indent + 4, depth + 1, common).lstrip()
            out.append(f"{pad}{key}:\n{pad}  - {inner}")
        else:
            value = _scalar(rng, indent, common)
            out.append(f"{pad}{key}:{' ' if value else ''}{value}")
    return "\n".join(out)


def _document(rng: random.Random) -> str:
    if rng.randrange(2):
        return _mapping(rng, 0, 0, common=True) + "\n"
    r = rng.randrange(40)
    if r == 0:
        return rng.choice(["", "# only a comment\n", "- a\n- b\n", "just text\n", "---\n", "a: 1\n---\nb: 2\n"])
    if r == 1:
        return rng.choice(["%YAML 1.1\n---\na: 1\n", "---\na: 1\n", "a: 1\n...\n", "\ufeffa: 1\n", "a: 1\r\nb: 2\r\n"])
    if r == 2:  # deep
        n = rng.choice([3, 63, 64, 65, 70])
        return "a: " + "[" * n + "1" + "]" * n + "\n"
    if r == 3:  # broken
        return rng.choice(
            ["a: 'open\n", "a: [1, 2\n", "a:\n\tb: 1\n", "a: b: c\n", "a:\n  - 1\n b: 2\n", "- a\nb: 1\n"]
        )
    text = _mapping(rng, 0, 0) + rng.choice(["", "\n", "\n\n", "  \n", " # end\n"])
    if rng.randrange(8) == 0:  # a key twice
        first = text.split(":", 1)[0]
        if first and not first.startswith((" ", "-", "?", "[")):
            text += f"\n{first}: again\n"
    return text


def _same(a, b) -> bool:
    """Equal values of equal types (1 is not True, 1.0 is not 1), NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def _pyyaml(text: str):
    """The PyYAML path's (values, depth), or the error message it reports."""
    try:
        got = yamlfast.parse_fast(text)
        if got is not None:
            return got
        data, _root, depth = parse_yaml_doc(text, "f.yaml")
        return data, depth
    except UserError as e:
        return e.problems[0].paragraph()


DOCS = [_document(random.Random(seed)) for seed in range(3000)]


def test_generated_documents_read_as_the_pyyaml_path_reads_them():
    assert not yamlfast._first  # the PyYAML path alone here
    read = 0
    for text in DOCS:
        got = rymlread.read(text)
        if got is None:
            continue
        read += 1
        expect = _pyyaml(text)
        assert not isinstance(expect, str), (text, expect)  # the PyYAML path refuses it: so must this one
        values, depth = expect
        assert _same(got[0], values), text
        if depth is not None:
            assert got[1] == depth, text
    assert read > len(DOCS) // 4  # the classes do reach this path


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\n",
        "a: 'yes'\n",
        "a: ~\n",
        "a: ''\n",
        "a: 017\n",
        "a: 1e3\n",
        "a: +5\n",
        "1: a\n",
        "yes: a\n",
        "<<: {b: 1}\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: ! 1\n",
        "a: 1\na: 2\n",
        "a: 'x'\n'a': y\n",
        "- a\n",
        "x\n",
        "",
        "---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: b\tc\n",
        "a: b",
        "a: [" * 1 + "[" * 70 + "]" * 71 + "\n",
        "a: 'open\n",
        "a:\n\tb: 1\n",
        "a: x\u2028y\n",
        "a: .inf\n",
        "a: 1:20\n",
        "a: x\n  *y\n",
        "a: [x,  &y z]\n",
        "- &a x\n",
        "a:   !t x\n",
        "a: ? *x\n",
        "a: 0x1F\n",
        "a: =\n",
        "a: 1.5\n",
        "a: -.5\n",
    ],
)
def test_what_it_cannot_vouch_for_is_sent_back(text):
    """Each document here holds something JSON cannot tell apart (a plain ``yes`` or ``~``, a quoted
    ``'yes'``), a number other than a plain decimal integer, an anchor, alias or tag (or what could
    be one), a duplicate key, no single mapping, a tab, an odd line break or no line break at the
    end, or an error: the PyYAML path reads it."""
    assert rymlread.read(text) is None


@pytest.mark.parametrize(
    "text, values",
    [
        (
            "a: 12\nb: -3\nd: true\ne: false\nf: null\ng:\n",
            {"a": 12, "b": -3, "d": True, "e": False, "f": None, "g": None},
        ),
        ("t: 2026-04-28T21:41:00Z\nd: 2026-04-28\n", {"t": "2026-04-28T21:41:00Z", "d": "2026-04-28"}),
        ("a: |\n  x\n\n  y\nb: >-\n  p\n  q\n", {"a": "x\n\ny\n", "b": "p q"}),
        ("a: \"R&D\"\nb: 'it''s'\nc: [x, 'y']\n", {"a": "R&D", "b": "it's", "c": ["x", "y"]}),
        ("t: 2026-04-28T21:41:00.5+01:00\n", {"t": "2026-04-28T21:41:00.5+01:00"}),
        ('a: "q\\tx\\u00e9\\x41 \\/ \\N \\\\ \\""\nb: C:\\temp\n', {"a": 'q\txéA / \x85 \\ "', "b": "C:\\temp"}),
        ("a: healthy **replica** and R&D\n", {"a": "healthy **replica** and R&D"}),
    ],
)
def test_values_it_reads(text, values):
    got = rymlread.read(text)
    assert got is not None and _same(got[0], values)
    assert _same(got[0], _pyyaml(text)[0])


def _loads(text: str, name: str = "f.yaml"):
    try:
        return loader.loads(text, name).postmortem.model_dump(mode="json")
    except UserError as e:
        return [p.paragraph() for p in e.problems]


def test_loader_gives_the_same_postmortems_and_messages_with_it(monkeypatch):
    """Whole postmortems, valid and broken (each line of a sample cut, or made a bad value in turn):
    with the reader enabled, the loader returns the same postmortem or the same messages."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.yaml"))]
    sample = next(t for t in texts if rymlread.read(t) is not None)
    lines = sample.splitlines(keepends=True)
    rng = random.Random(3)
    variants = list(texts)
    for i in rng.sample(range(len(lines)), 15):
        variants.append("".join(lines[:i] + lines[i + 1 :]))
        variants.append("".join(lines[:i] + [lines[i].rstrip("\n") + ": [\n"] + lines[i + 1 :]))
        variants.append("".join(lines[:i] + [lines[i].replace(": ", ": yes # ", 1)] + lines[i + 1 :]))
    before = [_loads(t) for t in variants]
    monkeypatch.setattr(yamlfast, "_first", [rymlread.read])
    after = [_loads(t) for t in variants]
    assert after == before
    assert sum(rymlread.read(t) is not None for t in variants) > len(variants) // 3


# ------------------------------------------------------------------------- rapidyaml's own behaviour
def test_stock_rapidyaml_prints_its_errors_on_descriptor_2():
    """Why ``_json_of`` points descriptor 2 at /dev/null: rapidyaml writes its message there itself."""
    code = "import ryml\ntry:\n    ryml.parse_in_arena(b'a: [1, 2\\nb: c\\n')\nexcept Exception:\n    pass\n"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "ERROR" in p.stderr


def test_quiet_parse_keeps_descriptor_2_silent_and_restores_it(capfd):
    with pytest.raises(ryml.ExceptionBasic):
        rymlread._json_of(b"a: [1, 2\nb: c\n")
    assert capfd.readouterr().err == ""
    os.write(2, b"still here\n")
    assert capfd.readouterr().err == "still here\n"


def test_stock_json_loses_tags_aliases_and_whether_a_scalar_was_quoted():
    """Why tags, anchors and aliases are sent back, and a quoted ``'yes'`` too: the JSON cannot show them."""

    def json_of(src: bytes) -> str:
        t = ryml.parse_in_arena(src)
        return ryml.emit_json(t, t.root_id())

    assert '"a": 1' in json_of(b"a: !!str 1\n")
    assert '"*x"' in json_of(b"a: &x 1\nb: *x\n")
    assert json_of(b"a: yes\n") == json_of(b"a: 'yes'\n")
    assert '"1"' in json_of(b"a: '1'\n") and '"true"' in json_of(b"a: 'true'\n")  # quoted stays a string


def test_only_batch_workers_enable_it():
    """The command line (its parent process included) reads through PyYAML; ``_worker_init`` enables
    the reader, in a process of its own."""
    code = (
        "from commsgen.model import yamlfast\n"
        "from commsgen import batch\n"
        "from commsgen.config import Config\n"
        "assert not yamlfast._first\n"
        "batch._worker_init(Config(), [('status', 'txt')], '.')\n"
        "assert yamlfast._first\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
