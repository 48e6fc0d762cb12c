"""``scan --format json`` starts a large ASCII file's learning round from its bytes, before the text is
decoded (``looselearn.learn_ahead``): the learners it forks must give what ``learn`` forks itself,
be collected only for the very bytes they were started from, and never be left behind."""

from __future__ import annotations

import os

import pytest

from commsgen.redact import context_for, looselearn, parallel
from commsgen.redact.api import findings_json
from commsgen.redact.command import run_scan
from commsgen.redact.context import ScanContext
from commsgen.redact.settings import scan_config
from conftest import assert_reaped
from test_redact_scan_json import _reference, _text

# an engineering context on some lines: the text teaches terms (hosts in commands and log lines)
TEACHING = [
    "ssh deploy@fritz-db-07 and run pg_dump there",
    "Dec 13 18:59:01 nietzsche bundle[588687]: worker exited",
    "the on-call ran `kubectl drain k8s-janitor-3` at 14:02",
]


def _ascii_text(n: int, seed: int = 3) -> str:
    rows = _text(n, seed).replace("Über —", "Uber -").splitlines()
    for i in range(0, len(rows), 37):
        rows[i] = TEACHING[i // 37 % len(TEACHING)]
    rows.append("later fritz-db-07 and nietzsche were seen again")
    text = "\n".join(rows) + "\n"
    assert text.isascii()
    return text


@pytest.fixture
def forking(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_SIZE", 1000)
    monkeypatch.setattr(parallel, "workers", lambda _size: 2)
    looselearn._LAST[0] = None
    yield
    looselearn.drop_ahead()
    looselearn._LAST[0] = None


def _serial(monkeypatch, fn):
    """``fn()`` in this process alone (the reference)."""
    monkeypatch.setattr(parallel, "workers", lambda _size: 1)
    looselearn._LAST[0] = None
    try:
        return fn()
    finally:
        monkeypatch.setattr(parallel, "workers", lambda _size: 2)
        looselearn._LAST[0] = None


def _learnt(monkeypatch, text: str) -> tuple:
    return _serial(monkeypatch, lambda: looselearn.learn(text, text.encode(), ("acme.com",)))


def test_learners_started_from_the_bytes_give_what_learn_forks(forking, monkeypatch):
    text = _ascii_text(3000)
    data = text.encode()
    want = _learnt(monkeypatch, text)
    assert want[1], "the text teaches terms"
    looselearn._LAST[0] = None
    looselearn.learn_ahead(data)
    assert looselearn._AHEAD and looselearn._AHEAD[0] is data

    def no_new_fork(*a, **k):
        raise AssertionError("learn forked its own learners instead of collecting the ones started ahead")

    monkeypatch.setattr(parallel, "run_beside", no_new_fork)
    monkeypatch.setattr(parallel, "run_parts", no_new_fork)
    ran = []
    got = looselearn.learn(text, data, ("acme.com",), meanwhile=lambda: ran.append(1))
    assert got == want and ran == [1] and not looselearn._AHEAD


def test_learners_for_other_bytes_are_stopped_and_not_used(forked, forking, monkeypatch):
    text = _ascii_text(2000)
    data = text.encode()
    want = _learnt(monkeypatch, text)
    looselearn._LAST[0] = None
    # equal bytes, another object: another read of the file, maybe changed since
    looselearn.learn_ahead(bytes(bytearray(data)))
    assert looselearn._AHEAD
    assert looselearn.learn(text, data, ("acme.com",), meanwhile=lambda: None) == want
    assert not looselearn._AHEAD
    assert_reaped(forked)


@pytest.mark.parametrize("public", [(), ("acme.com",), ("build.acme.com", "example.org")])
def test_learners_started_before_the_configuration_drop_its_public_hosts(forking, monkeypatch, public):
    """The learners start before the configuration is read, so they know no public domain: what
    ``learn`` collects from them is what it learns itself with the configuration's domains."""
    rows = _ascii_text(2000).splitlines()
    for i in range(5, len(rows), 41):  # hosts under the company's public domain, in commands
        rows[i] = f"ssh deploy@ci-{i}.build.acme.com and restart the runner"
    text = "\n".join(rows) + "\n"
    data = text.encode()
    want = _serial(monkeypatch, lambda: looselearn.learn(text, data, public))
    everything = _serial(monkeypatch, lambda: looselearn.learn(text, data, ()))
    assert any("build.acme.com" in t.term for t in everything[1]), "the text teaches those hosts"
    assert (want == everything) == (public == ())
    looselearn.learn_ahead(data)
    assert looselearn._AHEAD
    assert looselearn.learn(text, data, public, meanwhile=lambda: None) == want
    assert not looselearn._AHEAD


def test_a_configuration_error_stops_the_learners_started_ahead(forked, forking, monkeypatch, tmp_path):
    """A large file's learners start before the configuration is read: a configuration mistake
    (exit 2) leaves none of them running."""
    from commsgen.redact import files

    monkeypatch.setattr(files, "PREFETCH_SIZE", 1000)  # this file is read ahead, as a large one is
    started = []
    real = looselearn.learn_ahead
    monkeypatch.setattr(looselearn, "learn_ahead", lambda data: (started.append(1), real(data)))
    p = tmp_path / "big.txt"
    p.write_text(_ascii_text(2500), encoding="utf-8")
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text("[redaction\n", encoding="utf-8")
    from commsgen.errors import UserError

    with pytest.raises(UserError):
        run_scan([str(p)], "json", str(cfg), lambda t, err=False: None)
    assert started and not looselearn._AHEAD
    assert_reaped(forked)


def test_nothing_is_started_ahead_where_learn_would_not_fork(forking, monkeypatch):
    text = _ascii_text(2000)
    looselearn.learn_ahead(text.replace("Uber", "Über").encode())  # not ASCII: offsets differ
    assert not looselearn._AHEAD
    monkeypatch.setattr(parallel, "workers", lambda _size: 1)
    looselearn.learn_ahead(text.encode())
    assert not looselearn._AHEAD


def test_a_learner_started_ahead_that_fails_is_redone_here(forking, monkeypatch):
    text = _ascii_text(2000)
    want = _learnt(monkeypatch, text)
    parent = os.getpid()
    real = looselearn._learn_range

    def fragile(*a, **k):
        if os.getpid() != parent:
            raise RuntimeError("learner crash")
        return real(*a, **k)

    monkeypatch.setattr(looselearn, "_learn_range", fragile)
    looselearn._LAST[0] = None
    data = text.encode()
    looselearn.learn_ahead(data)
    assert looselearn.learn(text, data, ("acme.com",), meanwhile=lambda: None) == want


@pytest.mark.parametrize("ascii_only", [True, False])
def test_scan_report_is_the_plain_one(forked, forking, monkeypatch, tmp_path, ascii_only):
    """Through ``run_scan`` (the command's fast path, which starts the learners ahead): the report
    is byte for byte the one-process reference, for an ASCII file and one beyond ASCII."""
    text = _ascii_text(2500) if ascii_only else _text(2500)
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    ctx = context_for(None, scan_config(None))
    ref = _serial(monkeypatch, lambda: _reference({str(p): text}, ctx))
    assert '"learn.' in ref or not ascii_only  # what the file teaches is found
    out: list[str] = []
    assert run_scan([str(p)], "json", None, lambda t, err=False: out.append(t)) == 1
    assert out == [ref] and not looselearn._AHEAD
    assert_reaped(forked)


def test_findings_json_without_learners_ahead_is_unchanged(forking, monkeypatch):
    text = _ascii_text(2000)
    ctx = ScanContext()
    ref = _serial(monkeypatch, lambda: _reference({"a.txt": text}, ctx))
    body, _ = findings_json(text, "customer", ctx, file="a.txt", data=text.encode())
    assert '{"findings": [' + body + "]}" == ref


def test_a_part_that_sends_a_cut_result_is_redone_here(forked, forking, monkeypatch):
    """A forked process whose result comes cut short (it died while writing) is not trusted, however
    much of it arrived: its part is done again here, and the process is waited for."""
    text = _ascii_text(2000)
    want = _learnt(monkeypatch, text)
    real_dumps = parallel.marshal.dumps
    parent = os.getpid()

    def cut(obj):
        data = real_dumps(obj)
        return data[: len(data) - 3] if os.getpid() != parent else data

    monkeypatch.setattr(parallel.marshal, "dumps", cut)
    looselearn._LAST[0] = None
    assert looselearn.learn(text, text.encode(), ("acme.com",), meanwhile=lambda: None) == want
    monkeypatch.undo()
    assert_reaped(forked)


def test_a_large_result_comes_whole_through_the_widened_pipe(forking):
    """A forked part's result larger than any pipe (several megabytes) comes whole."""
    big = "".join(f"{i:07d}" for i in range(600_000))  # 4.2 MB
    children = parallel.start(lambda a, b: big[a:b], [(0, len(big)), (5, 4_000_005)])
    got = parallel.finish_beside(children, lambda: None, lambda a, b: None)
    assert got == [big, big[5:4_000_005]]
    parallel.reap()
