"""Learning scoped to the gated text (redact/learnscope.py) finds what learning every engineering
line finds: the same learnt-term findings (rule, span, text and the note naming where the term was
learnt) on every output and on texts made to hold the terms, over the samples, the benchmark's
generated postmortems, postmortems whose public texts copy their engineering lines in every case,
and (where the redaction eval corpus is present) postmortems written from its lines. The test also
holds the shortcut's premises: every learnt term passes the word checks it relies on, is a piece of
its line made of the characters it assumes, and ``fold_for_re`` folds every character ``re.I`` takes
for an ASCII letter."""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import pytest
import yaml

from commsgen import pipeline
from commsgen.config import Config
from commsgen.model.loader import loads
from commsgen.redact.extras import _occurrences
from commsgen.redact.learn import engineering_fields, learn_postmortem, line_terms
from commsgen.redact.learn import _COMMAND_MARK, _DIGIT, CODE_SPAN, COMMAND, LOG_LINE, ROLE
from commsgen.redact.learnscope import Learning, _cuts, _holding, candidates
from commsgen.redact.likely_names import given_names
from commsgen.redact.locate import fold_for_re

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import make_postmortem  # noqa: E402

# ``../shared/eval`` beside the project (a checkout), or two levels up (a git worktree under wt/)
_EVALS = [base / "shared" / "eval" / "redaction" / "corpus" for base in (ROOT.parent, ROOT.parent.parent)]
EVAL = next((p for p in _EVALS if p.is_dir()), _EVALS[0])
SAMPLES = sorted(p for p in (ROOT / "samples").rglob("*") if p.suffix in (".yaml", ".json"))
ODD = {"k": "\u212a", "s": "\u017f", "i": "\u0131"}  # characters re.I reads as k, s and i


def _mixed(seed: int, lines: list[str]) -> str:
    """A generated postmortem whose public texts copy its own engineering lines and words (upper,
    lower and title case, runs of spaces, trailing dots) and ``lines``."""
    rng = random.Random(seed)
    pm = yaml.load(make_postmortem(20 + seed % 15, seed=500 + seed), Loader=yaml.CSafeLoader)
    eng = [e["text"] for e in pm["timeline"]] + lines
    if lines:
        for k, ev in enumerate(pm["timeline"]):
            ev["text"] = lines[k % len(lines)]
    words = [w for line in eng for w in line.split()]
    picked = rng.sample(words, min(16, len(words)))
    shaped = [rng.choice((str.upper, str.lower, str.title, str))(w) + rng.choice(("", ".", "..", ",")) for w in picked]
    pm["customer"]["summary"] = rng.choice(eng) + " " + " ".join(shaped[:8])
    pm["customer"]["what_happened"] = "  ".join(shaped[8:])
    pm["status_page"]["updates"][0]["body"] = rng.choice(eng).upper()
    return yaml.safe_dump(pm, allow_unicode=True, sort_keys=False)


def _eval_lines() -> list[str]:
    out = []
    for name in ("positives", "negatives"):
        with (EVAL / f"{name}.jsonl").open(encoding="utf-8") as f:
            out += [json.loads(line)["text"] for line in f]
    return out


def _postmortems(kind: str) -> list[tuple[str, str]]:
    if kind == "samples":
        return [(p.read_text(encoding="utf-8"), str(p)) for p in SAMPLES]
    if kind == "generated":
        return [(make_postmortem(20 + i % 60, seed=i), f"pm-{i}.yaml") for i in range(0, 1000, 50)]
    if kind == "mixed":
        extra = [
            "Dec 13 18:59:01 fritz bundle[588687]: restarted; ran ssh db1 and psql -h db2.cluster",
            'knife ssh "role:gprd-db" uptime; load spiked on patroni-03 and on Freud and Franz (CPU 100%)',
            "the Hellman Kubernetes cluster was drained; `k8s-janitor` and `Fritz` ran; ADSync-CI-2 failed",
            "thanks, Niels Lunn and @dma; Heinz Groß restarted node-7. then web-05.x; cc Peter Taylor",
        ]
        return [(_mixed(i, extra if i % 2 else []), f"mixed-{i}.yaml") for i in range(12)]
    if not EVAL.is_dir():
        pytest.skip("the redaction eval corpus is not beside the project")
    lines = _eval_lines()
    rng = random.Random(3)
    return [(_mixed(i, rng.sample(lines, 40)), f"eval-{i}.yaml") for i in range(24)]


def _texts(loaded, rng: random.Random) -> list[str]:
    """The outputs a batch and a check build, each engineering line as it is, in other cases, with
    the characters re.I reads as ASCII letters, and its words shuffled."""
    out = []
    for audience, fmt in (("status", "txt"), ("customer", "md"), ("executive", "md"), ("status", "json")):
        built = pipeline.build(loaded, Config(), audience, fmt, lint=False)
        if built.content:
            out.append(str(built.content))
    for _, text in engineering_fields(loaded.postmortem):
        for line in str(text).split("\n"):
            words = line.split()
            rng.shuffle(words)
            odd = "".join(ODD.get(c, c) if rng.random() < 0.3 else c for c in line)
            out += [line, line.upper(), line.title(), odd, " ".join(words)]
    return out[:4] + rng.sample(out[4:], min(60, len(out) - 4))


def _found(text: str, terms) -> list[tuple]:
    return [(m.rule, m.kind, m.start, m.end, m.text, m.note) for m in _occurrences(text, list(terms), 0, len(text))]


def _teaches_word(line: str, word: str) -> bool:
    """Whether ``line`` (ASCII, holding ``word`` in some case) can teach ``word``, a word of letters
    that is no given name, written plainly from ``learn_line``: capitalised (a machine's or
    cluster's name), as a whole code span, or in a log line, a command or a role where
    ``learn_line`` looks for those (``_log_and_commands``)."""
    if word.capitalize() in line:
        return True
    if "`" in line and any(m.group("code").strip().lower() == word for m in CODE_SPAN.finditer(line)):
        return True
    gate = ":" in line and _DIGIT.search(line) is not None or _COMMAND_MARK.search(line.lower()) is not None
    return gate and any(rx.search(line) for rx in (LOG_LINE, COMMAND, ROLE))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["samples", "generated", "mixed", "eval"])
def test_scoped_learning_finds_what_learning_every_line_finds(kind):
    rng = random.Random(kind)
    scoped = total = 0
    for text, name in _postmortems(kind):
        loaded = loads(text, name)
        every = learn_postmortem(loaded.postmortem)
        for t in _texts(loaded, rng):
            learning = Learning(loaded.postmortem)
            terms = learning.for_text(t)
            scoped += learning._all is None  # the shortcut answered, not learning every line
            total += 1
            assert _found(t, terms) == _found(t, every), (name, t)
    assert scoped > total * 0.75  # the comparison is of the shortcut, not of its fall-back


@pytest.mark.parametrize("kind", ["samples", "generated", "mixed", "eval"])
def test_every_learnt_term_is_what_the_shortcut_assumes(kind):
    """A term is a piece of its line, made of ``\\w . @ -`` (a name: two runs joined by spaces or
    tabs, the first a given name), begins with a letter, a digit or @ and ends with a letter or a
    digit, and passes the word checks the candidates are filtered with; a term of letters only (no
    given name) is held in one of the ways ``_teaches_word`` names."""
    given = given_names()
    for text, name in _postmortems(kind):
        pm = loads(text, name).postmortem
        for _, field_text in engineering_fields(pm):
            for line in str(field_text).split("\n"):
                for term, _, how in line_terms(line, strict=False):
                    assert term in line
                    low = term.lower()
                    if len(low) < 3 or not line.isascii():
                        continue
                    parts = re.split(r"[ \t]+", low)
                    assert all(re.fullmatch(r"[\w.@-]+", p) for p in parts), (term, line)
                    assert re.match(r"[a-z0-9@]", low) and re.search(r"[a-z0-9]$", low), (term, line)
                    if len(parts) > 1:
                        assert len(parts) == 2 and parts[0] in given and how == "a name", (term, line)
                        continue
                    assert low in _cuts(low)[0], (term, how, line)
                    if low.isalpha() and low not in given:
                        assert _teaches_word(line, low), (term, how, line)


def _holding_reference(lines: list[tuple[str, str]], cands: list[str]) -> set[int]:
    """What ``_holding`` answers, written plainly: a line beyond ASCII, or a line holding a
    candidate (lower-cased) that is no word of letters, or that such a word's line can teach."""
    given = given_names()
    out = set()
    for i, (_, line) in enumerate(lines):
        if not line.isascii():
            out.add(i)
            continue
        low = line.lower()
        for c in cands:
            if c in low and (not (c.isalpha() and c not in given) or _teaches_word(line, c)):
                out.add(i)
                break
    return out


# lines that take every way through the search: commands and log lines (with and without the
# ``:`` and digit of the one search that finds them), roles, code spans, capitalised words, a line
# beyond ASCII, an empty line, a word at the very end
_ODD_LINES = [
    "Dec 13 18:59:01 fritz bundle[588687]: restarted; ran ssh db1 and psql -h db2.cluster",
    'knife ssh "role:gprd-db" uptime; load spiked on Patroni',
    "we logged into bastion and ran `drain` on the Hellman cluster",
    "rsync to backup02 failed: 3 retries",
    "status: 5 of 7 nodes; errors at 12:00",
    "role:payments-writer",
    "Errors and errors",
    "the `errors` dashboard",
    "Heinz Groß restarted node-7",
    "",
    "errors",
]


@pytest.mark.parametrize("kind", ["samples", "generated", "mixed", pytest.param("eval", marks=pytest.mark.slow)])
def test_holding_is_the_plain_search(kind):
    """``_holding`` (one search for the lines a command or log line can be in, what it finds about
    each line kept) answers what the plain search over every line and candidate answers."""
    rng = random.Random(kind)
    for text, name in _postmortems(kind):
        loaded = loads(text, name)
        lines = [(f, line) for f, t in engineering_fields(loaded.postmortem) for line in str(t).split("\n")]
        lines += [("extra", line) for line in _ODD_LINES]
        for t in _texts(loaded, rng)[:12] + [" ".join(_ODD_LINES)]:
            cands = candidates(t)
            if cands is not None:
                assert _holding(lines, cands) == _holding_reference(lines, cands), (name, t)


_GATE_LINES = [
    "2026-05-21T06:19:00Z web-7 bundle[12]: restarted",  # a log line: only its `:` and digits gate it
    "May 21 06:19:00 web-7 bundle: restarted",
    "restarted at 12",  # a digit, no `:`
    "restarted: yes",  # a `:`, no digit
    "then ssh web restarted",  # a command word, no digit
    "logged in to web and restarted it",
    "12 restarted: role:web-writer",
    "Restarted web",
    "the `restarted` state",
    "restarted",
]


def test_holding_gates_each_line_as_learn_line_does():
    """Each line alone and all together, for words it holds in every way (a capitalised word, a
    code span, a log line, a command, a role, none): ``_holding`` as the plain search."""
    words = ["restarted", "bundle", "web", "yes", "state", "writer"]
    lines = [("f", line) for line in _GATE_LINES]
    for one in lines:
        for w in words:
            assert _holding([one], [w]) == _holding_reference([one], [w]), (one, w)
    for k in range(1, len(words) + 1):
        assert _holding(lines, words[:k]) == _holding_reference(lines, words[:k])
        assert _holding(lines[::-1], words[:k]) == _holding_reference(lines[::-1], words[:k])


def test_fold_for_re_folds_every_character_re_i_reads_as_an_ascii_letter():
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x110000)))
    for m in re.finditer(r"[a-z]", every, re.IGNORECASE):
        c = m.group(0)
        folded = fold_for_re(c)
        assert len(folded) == 1 and "a" <= folded <= "z" and re.fullmatch(folded, c, re.IGNORECASE), hex(ord(c))


def test_a_long_text_or_many_uses_learn_every_line_once():
    loaded = pipeline.load(ROOT / "samples" / "outage-checkout-failover.yaml")
    learning = Learning(loaded.postmortem)
    learning.for_text("short text")
    assert learning._all is None
    assert learning.for_text("x " * 20_000) == learn_postmortem(loaded.postmortem)
    assert learning._all is not None
    again = Learning(loaded.postmortem)
    again.for_text("short text")
    assert again.for_text("another text") == learn_postmortem(loaded.postmortem)
