"""placeholder.marker and placeholder.skeleton: text left from `commsgen new` refuses the executive,
customer and status versions and warns in the engineering one; each finding names field and line."""

from __future__ import annotations

import json

import pytest
import yaml

from commsgen import pipeline
from commsgen.lint.rules_placeholder import skeleton_phrases
from commsgen.skeleton import skeleton_text
from conftest import run_cli, run_cli_inproc
from commsgen.model.loader import loads
from lint_helpers import config, postmortem_text

MARKERS = [
    "TODO",
    "TBD",
    "XXX",
    "FIXME",
    "<service name>",
    "<…>",
    "<...>",
    "<DATE>",
    "Lorem ipsum dolor sit amet",
    "LOREM IPSUM DOLOR",
]
# (field, value path in the file, the audiences whose output shows it)
FIELDS = [
    ("customer.summary", ("customer", "summary"), {"customer", "status"}),
    ("customer.what_happened", ("customer", "what_happened"), {"customer", "status"}),
    ("executive.summary", ("executive", "summary"), {"executive"}),
    ("summary", ("summary",), {"engineering"}),
    ("root_cause.summary", ("root_cause", "summary"), {"engineering", "executive"}),
]


def _with(path: tuple, value: str) -> str:
    data = yaml.safe_load(postmortem_text())
    node = data
    for k in path[:-1]:
        node = node.setdefault(k, {})
    node[path[-1]] = value
    return yaml.safe_dump(data, sort_keys=False, width=1000, allow_unicode=True)


def _findings(text: str, audience: str, fmt: str | None = None):
    lp = loads(text, "pm.yaml")
    out = pipeline.build(lp, config(), audience, fmt or ("txt" if audience == "status" else "md"))
    return lp, out, [f for f in out.findings if f.rule.startswith("placeholder.")]


@pytest.mark.parametrize("marker", MARKERS)
@pytest.mark.parametrize("field,path,shown", FIELDS, ids=[f[0] for f in FIELDS])
def test_a_marker_blocks_public_outputs_and_warns_for_engineering(marker, field, path, shown):
    text = _with(path, f"Payments failed for some customers. {marker} add the numbers.")
    for audience in ("engineering", "executive", "customer", "status"):
        lp, out, fs = _findings(text, audience)
        if audience not in shown:
            assert not [f for f in fs if f.field == field], (audience, fs)
            continue
        (f,) = [f for f in fs if f.field == field]
        assert f.rule == "placeholder.marker" and f.audience == audience
        assert f.line and marker.split()[0] in text.splitlines()[f.line - 1]
        if audience == "engineering":
            assert f.severity == "warn" and out.refused is None
        else:
            assert f.severity == "block" and out.refused and "skeleton" in out.refused


@pytest.mark.parametrize(
    "text",
    [
        "The todo list grew.",
        "A Tbd item.",
        "XXL shirts sold out.",
        "Use <b>bold</b>.",
        "The <br> tag.",
        "xxx-large",
        "TODOs were triaged.",
        "a<b and c>d",
    ],
)
def test_words_that_look_like_markers_are_left_alone(text):
    _, out, fs = _findings(_with(("customer", "summary"), f"Payments failed at 14:02 UTC. {text}"), "customer")
    assert fs == [] and out.refused is None


def _skeleton_values():
    values, _ = skeleton_phrases()
    return sorted(values)


@pytest.mark.parametrize("value", [v for v in _skeleton_values() if "todo" not in v])
def test_every_skeleton_value_is_recognised_in_a_real_field(value):
    # the skeleton's values, read from templates/skeleton.yaml itself, as the customer summary
    text = _with(("customer", "summary"), value)
    _, out, fs = _findings(text, "customer")
    assert [f.rule for f in fs] == ["placeholder.skeleton"] and out.refused


@pytest.mark.parametrize("sentence", sorted(skeleton_phrases()[1])[:12])
def test_skeleton_guidance_sentences_inside_longer_text_are_caught(sentence):
    text = _with(("customer", "what_happened"), f"Payments failed. {sentence.capitalize()}. We are sorry.")
    _, _, fs = _findings(text, "customer")
    assert [f.rule for f in fs] == ["placeholder.skeleton"]


def test_the_list_follows_the_skeleton_file():
    values, sentences = skeleton_phrases()
    data = yaml.safe_load(skeleton_text())
    assert data["title"].lower() in values and data["people"][0]["name"].lower() in values
    assert "commsgen/postmortem/v1" not in values and "draft" not in values  # not blanks
    assert any("what set the failure off" in s for s in sentences)  # a commented example


@pytest.mark.slow
def test_untouched_skeleton_fails_check_and_render_refuses(tmp_path):
    p = tmp_path / "new.yaml"
    assert run_cli("new", "-o", p).returncode == 0
    r = run_cli_inproc("check", p, "--format", "json")
    assert r.returncode == 1, r.stdout[-500:]
    fs = [f for f in json.loads(r.stdout)["findings"] if f["rule"].startswith("placeholder.")]
    lines = p.read_text().splitlines()
    blocked = {(f["audience"], f["field"]) for f in fs if f["severity"] == "block"}
    assert {("customer", "customer.summary"), ("status", "customer.summary"), ("customer", "customer.title")} <= blocked
    assert all(f["severity"] == "warn" for f in fs if f["audience"] == "engineering")
    for f in fs:
        assert (
            f["line"]
            and f["field"].split(".")[-1].split("[")[0] in lines[f["line"] - 1]
            or "TODO" in lines[f["line"] - 1]
        ), f
    r = run_cli_inproc("render", p, "-a", "customer")
    assert r.returncode == 1 and r.stdout == "" and "refused the customer version" in r.stderr
    assert "customer.summary" in r.stderr
    r = run_cli_inproc("render", p, "-a", "engineering")
    assert r.returncode == 0 and "placeholder.marker" in r.stderr


def test_filled_in_skeleton_passes(tmp_path):
    """The same skeleton with its blanks filled: no placeholder finding in any audience."""
    filled = (
        skeleton_text()
        .replace("INC-YYYY-NNNN", "INC-2026-0300")
        .replace("Short internal title naming what failed and why", "Checkout errors after a config push")
        .replace("my-service", "checkout-web")
        .replace("My Service", "Checkout")
        .replace("Your Name", "Dana Whitfield")
        .replace("Your Team", "Payments SRE")
    )
    import re

    filled = re.sub(r"TODO - [^\n]*|(?<=title: )TODO", "Checkout failed for some customers at 14:02 UTC.", filled)
    p = tmp_path / "filled.yaml"
    p.write_text(filled)
    r = run_cli_inproc("check", p, "--format", "json")
    assert not [f for f in json.loads(r.stdout)["findings"] if f["rule"].startswith("placeholder.")]


def test_batch_refuses_public_outputs_of_a_skeleton(tmp_path):
    p = tmp_path / "in" / "new.yaml"
    p.parent.mkdir()
    run_cli("new", "-o", p)
    r = run_cli(
        "batch", p.parent, "--out", tmp_path / "out", "-a", "customer,engineering", "-f", "md", "--summary", "json"
    )
    res = json.loads(r.stdout)["results"][0]
    assert r.returncode == 1 and "customer.md" in res["refused"] and res["written"] == ["engineering.md"]


def test_severity_can_lower_the_rule(tmp_path):
    cfg = config(lint={"severity": {"placeholder": "warn"}})
    lp = loads(_with(("customer", "summary"), "TODO"), "pm.yaml")
    out = pipeline.build(lp, cfg, "customer", "md")
    assert out.refused is None and any(f.rule == "placeholder.marker" for f in out.findings)
