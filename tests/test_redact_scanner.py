"""The scanner's machinery: triggers are supersets of their rules, per-line normalisation, and the
parallel scan of large texts (same matches as a serial scan; a failed worker costs time, not findings)."""

from __future__ import annotations

import os

import pytest
import re2

from commsgen.redact import parallel, scan
from commsgen.redact import locators as LC
from commsgen.redact import prefilters as PF
from commsgen.redact import rules as R
from commsgen.redact.normalize import normalise, normalise_map
from commsgen.redact.apply import apply_rule as _apply
from commsgen.redact.scanner import Engine, _from_tuple, _to_tuple
from commsgen.redact.context import ScanContext
from test_redact_engine import EVASIONS
from test_redact_rules import INFRA, PEOPLE, SECRETS, VULNS

POSITIVES = [(p, r) for p, r in SECRETS + INFRA + PEOPLE + VULNS + EVASIONS if r]


@pytest.mark.parametrize("payload,rule", POSITIVES)
def test_trigger_is_a_superset_of_its_rule(payload, rule):
    """Every finding of a table rule (run on the line without routing) lies on a line its trigger
    selects; else the routed scan would miss it."""
    line = normalise(f"During the review we found {payload} in the draft.")
    ctx = ScanContext()
    for order, r in enumerate(R.RULES):
        found: list = []
        _apply(r, order, line, ctx, found)
        if found:
            trigger = re2.compile(r.trigger or PF.PREFILTERS[r.family])
            assert trigger.search(line), f"{r.id} finds {found} but its trigger does not match"


def test_rule_triggers_compile_in_re2():
    for r in R.RULES:
        re2.compile(r.trigger or PF.PREFILTERS[r.family])


@pytest.mark.parametrize("text", ["plain", "a\u200bb\uff43", "Über — it’s ＡＫＩＡ e\u0301", "\u0430" * 50, "x\ufb01y"])
def test_normalise_equals_the_mapped_copy(text):
    norm, idx = normalise_map(text)
    assert normalise(text) == norm
    if idx is not None:
        assert len(idx) == len(norm) + 1 and idx == sorted(idx) and idx[-1] == len(text)


def test_sparse_non_ascii_lines_keep_offsets():
    lines = []
    for i in range(300):
        if i % 7 == 0:
            lines.append(f"Über-note {i} — it’s the \uff21KIAO2GSHIKPPY7DP2DJ key")
        elif i % 5 == 0:
            lines.append(f"replica {i} at 10.1.{i % 250}.7 fell behind")
        else:
            lines.append(f"plain line {i} with nothing in it")
    text = "\n".join(lines)
    ms = scan(text)
    assert len([m for m in ms if m.rule == "secret.aws-access-key"]) == len(range(0, 300, 7))
    assert len([m for m in ms if m.rule == "infra.private-ipv4"]) == len(
        [i for i in range(300) if i % 5 == 0 and i % 7]
    )
    for m in ms:
        assert text[m.start : m.end] == m.text


def _big_text() -> str:
    rows = []
    for i in range(4000):
        rows.append(f"line {i}: at 14:{i % 60:02d} UTC the deploy of orders-service finished.")
        if i % 50 == 0:
            rows.append(
                f"Über: host 10.20.{i % 250}.4 and zoe.garcia{i}@northwindtraders.com, key AKIAO2GSHIKPPY7DP2DJ"
            )
    return "\n".join(rows) + "\n"


def test_parallel_scan_equals_serial(monkeypatch):
    text = _big_text()
    eng = Engine(ScanContext())
    serial = eng.scan_lines(text)
    monkeypatch.setattr(parallel, "MIN_SIZE", 1000)
    monkeypatch.setattr(parallel, "workers", lambda _size: 3)
    par = eng.scan(text)
    assert len(serial) > 200
    assert sorted(par, key=lambda m: m.start) == sorted(serial, key=lambda m: m.start)


def test_parallel_worker_failure_is_redone_here(monkeypatch):
    text = _big_text()
    eng = Engine(ScanContext())
    serial = eng.scan_lines(text)
    parent = os.getpid()
    real = eng.scan_lines

    def fragile(part):
        if os.getpid() != parent:
            raise RuntimeError("worker crash")
        return real(part)

    monkeypatch.setattr(parallel, "MIN_SIZE", 1000)
    monkeypatch.setattr(parallel, "workers", lambda _size: 2)
    assert parallel.map_lines(fragile, text, _to_tuple, _from_tuple) == serial


def test_split_lines_starts_lines():
    text = "a\nbb\nccc\ndddd\n"
    starts = parallel.split_lines(text, 3)
    assert starts[0] == 0 and all(text[s - 1] == "\n" for s in starts[1:])
    assert parallel.split_lines("no newline at all", 4) == [0]


# ------------------------------------------------------------------------------- locators
LOCATED = [(r.id, r.regex, r.locate) for r in R.RULES if r.locate is not None] + [
    ("vuln.exploit-detail", LC.VULN_DETAIL, LC.vuln_detail_locate),
    ("vuln.payload", LC.VULN_PAYLOAD, LC.vuln_payload_locate),
]
FRAGMENTS = [
    "SQL injection in ",
    "stored XSS",
    " (the title) ",
    "an IDOR on /api/v2/x",
    " was ",
    ". ",
    ", and ",
    "../../etc/passwd",
    "..%2f",
    "' OR '1'='1",
    "union select 1",
    "<script>x</script>",
    "${jndi:ldap://x}",
    "+1-408-415-4439",
    "+44 20 7839 4713",
    "(206) 965-6231",
    "07530 783101",
    "1-646-590-3524",
    "https://grafana.acme.io/d/abc",
    "s3://bucket/x",
    "token: ",
    "secret ",
    "api key ",
    "9fK2xQ7mLp3ZtR8vW1yB4nC6",
    "x" * 30,
    "password=",
    "a",
    " ",
    "-",
    ".",
    "0",
    "+1 ",
    "@",
    "://",
]


@pytest.mark.parametrize("rid,rx,locate", LOCATED, ids=[x[0] for x in LOCATED])
def test_locators_give_finditers_matches(rid, rx, locate):
    import random

    rng = random.Random(rid)
    lines = [f"During the review we found {p} in the draft." for p, _ in POSITIVES]
    lines += ["".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 40))) for _ in range(400)]
    from commsgen.redact.locate import matches

    for line in lines:
        line = normalise(line)
        assert [m.span() for m in matches(rx, locate, line)] == [m.span() for m in rx.finditer(line)], line


def test_mask_value_ascii_path_equals_the_character_path():
    import random
    from commsgen.redact.mask import _mask_chars, mask_value

    rng = random.Random(5)
    for _ in range(3000):
        t = "".join(rng.choice("abZ19-_ =.:*") for _ in range(rng.randint(0, 120)))
        assert mask_value(t) == _mask_chars(t), t
    assert mask_value("password=" * 30).count("*") == 24


# ------------------------------------------------------------------------------- routes
def _route_lines(rng, n):
    """Lines with random hyphenated tokens made of the labels bare hosts are made of (and of hex,
    digits and plain words), after assorted characters."""
    from commsgen.redact import barehosts as BH

    words = sorted(BH.ENV_WORDS | BH.ROLE_WORDS | BH.AIRPORTS) + ["euw1", "use2", "ca1", "af9b", "de4", "apne1"]
    pick = [
        lambda: rng.choice(words),
        lambda: str(rng.randint(0, 9999)),
        lambda: rng.choice(words) + str(rng.randint(0, 99)),
        lambda: "".join(rng.choice("0123456789abcdef") for _ in range(rng.randint(1, 8))),
        lambda: rng.choice(["orders", "tier", "v2", "x", "fan", "out", "dead", "beef", "cafe"]),
    ]
    for _ in range(n):
        token = "-".join(rng.choice(pick)() for _ in range(rng.randint(2, 5)))
        yield f"{rng.choice(['', ' ', '(', '`', 'é ', 'x', '.', 'A'])}{token}{rng.choice(['', ' ', '.', ',', ')', ':5', '.x'])} end"


def test_routes_are_supersets_of_their_rules():
    """The per-line set routes a line to a family's rules with ``ROUTES`` (not the trigger): every
    line on which such a rule reports something must match the route."""
    import random

    rng = random.Random(11)
    ctx = ScanContext()
    for family, route in PF.ROUTES.items():
        rx = re2.compile(route)
        rules = [(o, r) for o, r in enumerate(R.RULES) if r.family == family and not r.trigger]
        lines = [normalise(f"During the review we found {p} in the draft.") for p, _ in POSITIVES]
        lines += [normalise(line) for line in _route_lines(rng, 20000)]
        hits = 0
        for line in lines:
            found: list = []
            for o, r in rules:
                _apply(r, o, line, ctx, found)
            if found:
                hits += 1
                assert rx.search(line), f"{family}: {line!r} has {found} but its route does not match"
        assert hits > 1000


# ------------------------------------------------------------------------------- line starts
LINE_START = [
    "4675 8682 3335 9161 was pasted",
    "030 89430092 is the desk",
    "k8s-prod-31 restarted",
    "db12-prod was paged",
    "(206) 965-6231 called",
    "10.1.2.3 answered",
]


@pytest.mark.parametrize("line", LINE_START)
def test_a_token_that_starts_a_line_is_found_on_every_line(line):
    """A trigger may begin with the character before a token (a card, a national phone number, a
    bare host): on a line after the first that character is the newline, also right after a line
    that has a finding of its own."""
    first = scan(line)
    assert first and first[0].start == 0
    rule, token = first[0].rule, first[0].text
    for text in (
        f"foo\n{line}\n",
        f"a\n\n{line}",
        f"x y\r\n{line}\r\n",
        f"plain\n{line}\nplain\n{line}",
        f"{line}\n{line}\n{line}",
        f"10.1.2.3 and\n{line}",
    ):
        at = [k for k in range(len(text)) if text.startswith(line, k) and (k == 0 or text[k - 1] == "\n")]
        found = [(m.start, m.text) for m in scan(text) if m.rule == rule and m.start in at]
        assert found == [(k, token) for k in at], text


def test_candidate_lines_of_ranges_are_those_of_the_whole():
    """A part's candidates (parallel scans) are the whole text's candidates in that part."""
    import random

    rng = random.Random(5)
    rows = [
        rng.choice(LINE_START + ["plain words", "", "version 10.1.2.3", "x 4675 8682 3335 9161"]) for _ in range(400)
    ]
    data = ("\n".join(rows) + "\n").encode()
    eng = Engine(ScanContext())
    whole = eng.candidate_lines(data)
    line_starts = [0] + [i + 1 for i, c in enumerate(data) if c == 10][:-1]
    for _ in range(50):
        cuts = sorted(rng.sample(line_starts[1:], 3))
        bounds = list(zip([0] + cuts, cuts + [len(data)]))
        assert [s for a, b in bounds for s in eng.candidate_lines(data, a, b)] == whole


@pytest.mark.parametrize("sep", [" ", "-", "\u2009"])
@pytest.mark.parametrize("card", ["5504 0863 6227 4788", "4532 0151 1283 0366"])
def test_a_card_number_in_groups_is_one_finding(card, sep):
    """One finding per thing: the last groups of a card number written in groups are also a national
    phone number's shape; the phone rule comes first in the table, yet the card shadows it."""
    from commsgen.redact import mask_text

    text = f'payload "pan": "{card.replace(" ", sep)}" was logged'
    found = scan(text)
    assert [m.kind for m in found] == ["payment-card"]
    assert card.replace(" ", sep)[5:] not in mask_text(text, found)
