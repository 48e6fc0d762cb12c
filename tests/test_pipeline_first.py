"""``pipeline.assess(first=..., on_first=...)``, the TUI's path: the output handed to ``on_first``
before the writing checks that cannot refuse it have run, and everything ``assess`` returns, must
be what ``assess`` without ``first`` returns: the same findings in the same order, the same
refusals, for every audience shown first, on every sample, the skeleton, postmortems that are
refused, and under a configuration where a writing check can refuse (then nothing is left for
later)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from commsgen import pipeline
from commsgen.config import Config, load_config
from commsgen.model.loader import loads
from commsgen.model.source import read
from commsgen.outputs import AUDIENCES
from commsgen.skeleton import skeleton_text

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 7, tzinfo=timezone.utc)
INPUTS = [
    *sorted((ROOT / "samples").glob("*.yaml")),
    *sorted((ROOT / "samples").glob("*.json")),
    *sorted((ROOT / "tests" / "data" / "tui").glob("*.yaml")),
    *sorted((ROOT / "tests" / "data" / "good").glob("*")),
]


def as_data(findings) -> list[tuple]:
    return [
        (f.kind, f.rule, f.severity, f.audience, f.field, f.line, f.column, f.end_column, f.message) for f in findings
    ]


def configs() -> list[tuple[str, Config]]:
    strict = Config.default().model_copy(deep=True)
    strict.lint.severity = {"lang": "block", "legal": "block"}  # writing checks that refuse
    return [
        ("default", Config.default()),
        ("sample", load_config(ROOT / "samples" / "commsgen.toml")),
        ("strict", strict),
    ]


def texts() -> list[tuple[str, str]]:
    return [(p.name, read(p)) for p in INPUTS] + [("skeleton.yaml", skeleton_text())]


@pytest.mark.slow
@pytest.mark.parametrize("cname,config", configs(), ids=[c for c, _ in configs()])
def test_first_output_and_every_finding_match_assess_without_first(cname, config):
    compared = deferred = rendered = 0
    for name, text in texts():
        loaded = loads(text, name)
        want_outputs, want = pipeline.assess(loaded, config, now=NOW)
        for aud in AUDIENCES:
            seen: dict = {}

            def on_first(out, seen=seen):
                seen.update(refused=out.refused, later=out.later is not None, findings=as_data(out.findings))

            outputs, got = pipeline.assess(loads(text, name), config, now=NOW, first=aud, on_first=on_first)
            assert as_data(got) == as_data(want), (name, aud)
            for a, o in outputs.items():
                assert o.later is None
                assert o.refused == want_outputs[a].refused and o.content == want_outputs[a].content, (name, a)
                assert as_data(o.findings) == as_data(want_outputs[a].findings), (name, a)
            # shown first: its refusal is already the final one, and what it holds is a part of the final list
            assert seen["refused"] == want_outputs[aud].refused, (name, aud)
            final = as_data(want_outputs[aud].findings)
            assert all(f in final for f in seen["findings"]), (name, aud)
            blocking_now = [f for f in seen["findings"] if f[2] == "block"]
            assert blocking_now == [f for f in final if f[2] == "block"], (name, aud)
            deferred += seen["later"]
            rendered += want_outputs[aud].content is not None  # not refused before rendering
            compared += 1
    assert compared == len(texts()) * len(AUDIENCES)
    if cname == "strict":
        assert deferred == 0  # a writing check can refuse: nothing waits
    else:
        assert deferred == rendered > compared // 2
