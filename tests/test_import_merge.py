"""Inserting into a postmortem's text (commsgen.importers.merge via plan.merge_into): time order,
the list's own indentation and style, comments kept byte for byte, refusals that say why."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from commsgen.errors import UserError
from commsgen.importers.base import Proposed
from commsgen.importers.merge import MergeError, insert
from commsgen.importers.plan import merge_into
from commsgen.model.loader import loads
from commsgen.skeleton import skeleton_text
from conftest import SAMPLES

UTC = timezone.utc


def ev(hh: int, mm: int, text: str = "Imported event", eid: str | None = None, **kw) -> Proposed:
    return Proposed(
        at=datetime(2026, 11, 20, hh, mm, tzinfo=UTC),
        text=text,
        kind=kw.pop("kind", "observation"),
        source=kw.pop("source", "pagerduty"),
        external_id=eid or f"E{hh:02d}{mm:02d}",
        **kw,
    )


def merged(text: str, events: list[Proposed], name: str = "t.yaml") -> str:
    return merge_into(loads(text, name), events)


def only_added(old: str, new: str) -> list[str]:
    import difflib

    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old.splitlines(True), new.splitlines(True), autojunk=False
    ).get_opcodes():
        assert tag in ("equal", "insert"), (tag, old.splitlines(True)[i1:i2])
        if tag == "insert":
            added += new.splitlines(True)[j1:j2]
    return added


HEAD = """format: commsgen/postmortem/v1
id: INC-1
title: T
status: draft
event_type: outage
severity: SEV3
services: [{id: api}]
people: [{name: Ann Lee, role: lead}]
times: {started: 2026-11-20T14:00:00Z}
summary: S
impact: {description: D}
"""


@pytest.mark.parametrize("style", ["indented", "column0", "flow-items", "comments"])
def test_block_lists_keep_their_style_and_every_other_line(style):
    timeline = {
        "indented": "timeline:\n  - at: 2026-11-20T14:00:00Z\n    text: First\n  - at: 2026-11-20T15:00:00Z\n    text: Last\n",
        "column0": "timeline:\n- at: 2026-11-20 14:00:00+00:00\n  text: First\n- at: 2026-11-20 15:00:00+00:00\n  text: Last\n",
        "flow-items": "timeline:\n  - {at: 2026-11-20T14:00:00Z, text: First}\n  - {at: 2026-11-20T15:00:00Z, text: Last}\n",
        "comments": (
            "timeline:   # the facts\n  # phase 1\n  - at: 2026-11-20T14:00:00Z   # first\n    text: |\n"
            "      First\n\n      (block scalar)\n    # actor: someone, commented out\n\n  # phase 2\n"
            "  - at: 2026-11-20T15:00:00Z\n    text: Last\n    # source: a comment in the item\n"
            "# a top-level comment\nlinks: []\n"
        ),
    }[style]
    text = HEAD + timeline
    new = merged(text, [ev(16, 0, "After"), ev(14, 30, "Between: with a colon"), ev(13, 0, "Before")])
    added = only_added(text, new)
    pm = loads(new, "t.yaml").postmortem
    assert [e.text.strip().splitlines()[0] for e in pm.timeline] == [
        "Before",
        "First",
        "Between: with a colon",
        "Last",
        "After",
    ]
    assert all(e.audience == ["engineering"] and e.source == "pagerduty" for e in pm.timeline if e.external_id)
    dash = {"indented": "  - ", "column0": "- ", "flow-items": "  - {", "comments": "  - "}[style]
    assert sum(ln.startswith(dash) for ln in added) == 3
    if style == "comments":  # an item's commented keys stay with it; the next phase's heading too
        lines = new.splitlines()
        i = lines.index("    # actor: someone, commented out")
        assert lines[i + 1].startswith("  - at: 2026-11-20T14:30:00Z")
        assert lines[lines.index("    # source: a comment in the item") + 1].startswith("  - at: 2026-11-20T16:00:00Z")


def test_skeleton_timeline_and_missing_status_page():
    text = skeleton_text()
    sp = ev(14, 5, "We are looking into it.", target="status_page.updates", status="investigating", source="statuspage")
    new = merged(text, [ev(14, 0, "Alert fired", kind="alert"), sp])
    only_added(text, new)
    pm = loads(new, "s.yaml").postmortem
    assert [u.status for u in pm.status_page.updates] == ["investigating"]
    assert new.endswith(
        "status_page:\n  updates:\n    - at: 2026-11-20T14:05:00Z\n      status: investigating\n"
        "      body: We are looking into it.\n"
    )
    lines = new.splitlines()  # after the skeleton's commented keys of its first event
    i = lines.index("    # public_text: We saw errors when ...      # ... in these words")
    assert lines[i + 1] == "  - at: 2026-11-20T14:00:00Z"


def test_status_updates_go_into_an_existing_list_in_order():
    text = (SAMPLES / "outage-checkout-failover.yaml").read_text()
    sp = ev(14, 40, "Still working on it.", target="status_page.updates", status="identified", source="statuspage")
    new = merged(text, [sp])
    added = only_added(text, new)
    assert added == [
        "    - at: 2026-11-20T14:40:00Z\n",
        "      status: identified\n",
        "      body: Still working on it.\n",
    ]
    ups = loads(new, "o.yaml").postmortem.status_page.updates
    assert [u.at.strftime("%H:%M") for u in ups] == sorted(u.at.strftime("%H:%M") for u in ups)


def test_json_target_keeps_its_indentation_and_parses():
    text = (SAMPLES / "degradation-search-latency.json").read_text()
    new = merged(text, [ev(14, 0, 'Quote " and \\ back\u2028slash'), ev(1, 0, "first")], name="d.json")
    added = only_added(text, new)
    data = json.loads(new)
    assert any(
        e.get("external_id") == "E1400" and e["text"] == 'Quote " and \\ back\u2028slash' for e in data["timeline"]
    )
    assert '    {\n' in added and '      "external_id": "E1400",\n' in added


def test_flow_timeline_on_one_line_and_crlf():
    text = HEAD.replace("\n", "\r\n") + "timeline: [{at: 2026-11-20T14:00:00Z, text: First}]  # kept\r\n"
    new = merged(text, [ev(15, 0, "Later, with a comma"), ev(13, 0, "Earlier")])
    assert new.count("\r\n") == text.count("\r\n") and "\n" not in new.replace("\r\n", "")
    pm = loads(new, "t.yaml").postmortem
    assert [e.text for e in pm.timeline] == ["Earlier", "First", "Later, with a comma"]
    assert new.splitlines()[-1].endswith("  # kept")


def test_texts_that_look_like_other_types_stay_text():
    text = HEAD + "timeline:\n  - at: 2026-11-20T14:00:00Z\n    text: First\n"
    tricky = [
        "yes",
        "null",
        "- a list?",
        "#hash",
        "@here ping",
        "a: b",
        "ends with colon:",
        "12:30",
        "[x]",
        "*alias",
        "!tag",
        "% directive",
        "trailing space ",
        "tab\there",
        "'quoted'",
        "line\nbreak",
        "{flow}",
        "`code`",
        "> folded",
        "| literal",
        "\u00e9t\u00e9 \U0001f525",
    ]
    events = [ev(14, i + 1, t) for i, t in enumerate(tricky)]
    pm = loads(merged(text, events), "t.yaml").postmortem
    assert [e.text for e in pm.timeline[1:]] == tricky


def test_unsafe_targets_are_refused_with_reasons(tmp_path):
    sp = ev(14, 5, "Body", target="status_page.updates", status="investigating", source="statuspage")
    flow_sp = HEAD + "timeline: [{at: 2026-11-20T14:00:00Z, text: First}]\nstatus_page: {impact: minor}\n"
    with pytest.raises(UserError, match="flow-style mapping"):
        merged(flow_sp, [sp])
    with pytest.raises(MergeError, match="not a list"):
        insert(HEAD + "timeline: 3\n", ("timeline",), [], [(datetime(2026, 1, 1, tzinfo=UTC), {"at": "x"})])


def test_a_result_that_would_not_validate_is_not_written():
    text = HEAD + "timeline:\n  - at: 2026-11-20T14:00:00Z\n    text: First\n"
    with pytest.raises(UserError, match="does not validate, so nothing was written"):
        merged(text, [ev(14, 5, "x", kind="not-a-kind")])


def test_secrets_are_masked_before_they_land():
    text = HEAD + "timeline:\n  - at: 2026-11-20T14:00:00Z\n    text: First\n"
    from commsgen.importers.plan import mask_secrets

    texts = [
        "plain",
        "key AKIAIOSFODNN7EXAMPLE here",
        "token ghp_0123456789abcdefghijABCDEFGHIJ012345 x",
        "plain again",
    ]
    masked = mask_secrets(texts, loads(text, "t.yaml").postmortem, None)
    assert masked[0] == "plain" and masked[3] == "plain again"
    assert "AKIAIOSFODNN7EXAMPLE" not in masked[1] and masked[1].startswith("key AKIA")
    assert "ghp_0123456789abcdefghijABCDEFGHIJ012345" not in masked[2]


def test_insertion_diff_matches_difflib_and_applies():
    import difflib

    from commsgen.importers.textdiff import insertion_diff

    a = [f"line {i}\n" for i in range(30)]
    for spots in ([0], [29, 30], [3, 4, 12, 13, 30], [5, 9], list(range(0, 31, 3))):
        b = list(a)
        for k, at in enumerate(sorted(spots, reverse=True)):
            b[at:at] = [f"new {at}.{m}\n" for m in range(k % 3 + 1)]
        ours = insertion_diff(a, b, "a", "b")
        assert ours is not None
        # applying our hunks to a gives b (a minimal patcher for pure insertions)
        rebuilt, src = [], 0
        for line in ours[2:]:
            if line.startswith("@@"):
                old_start = int(line.split()[1].split(",")[0][1:])
                old_start = max(old_start - 1, 0)
                rebuilt += a[src:old_start]
                src = old_start
            elif line.startswith("+"):
                rebuilt.append(line[1:])
            else:
                assert a[src] == line[1:]
                rebuilt.append(a[src])
                src += 1
        rebuilt += a[src:]
        assert rebuilt == b
        assert [x for x in ours if x[0] in "+-" and not x.startswith(("---", "+++"))] == [
            x for x in difflib.unified_diff(a, b, "a", "b", n=2) if x[0] in "+-" and not x.startswith(("---", "+++"))
        ]
    assert insertion_diff(a, a[1:], "a", "b") is None


def test_json_without_a_status_page_gets_one():
    data = json.loads((SAMPLES / "degradation-search-latency.json").read_text())
    data.pop("status_page", None)
    text = json.dumps(data, indent=2) + "\n"
    sp = ev(14, 5, "We are looking into it.", target="status_page.updates", status="investigating", source="statuspage")
    new = merged(text, [sp], name="d.json")
    import re

    member = re.search(r',\n  "status_page": \{\n.*?\n  \}(?=\n\}\n$)', new, re.S)
    assert member and new[: member.start()] + new[member.end() :] == text  # only the new member (and its comma)
    assert json.loads(new)["status_page"] == {
        "updates": [{"at": "2026-11-20T14:05:00Z", "status": "investigating", "body": "We are looking into it."}]
    }
    assert '\n  "status_page": {\n    "updates": [\n      {\n' in new


def test_unsorted_timeline_new_event_goes_before_the_first_later_item():
    text = HEAD + (
        "timeline:\n  - at: 2026-11-20T15:00:00Z\n    text: Late\n  - at: 2026-11-20T14:00:00Z\n"
        "    text: Early, written second\n"
    )
    pm = loads(merged(text, [ev(14, 30, "Middle"), ev(16, 0, "Last")]), "t.yaml").postmortem
    assert [e.text for e in pm.timeline] == ["Middle", "Late", "Early, written second", "Last"]


@pytest.mark.parametrize(
    "timeline",
    [
        "timeline:\n  - at: 2026-11-20T14:00:00Z\n    text: First",  # no newline at the end
        "timeline:\n    -   at: 2026-11-20T14:00:00Z\n        text: First\n",  # wide indentation
        "timeline:\n  - at: 2026-11-20T14:00:00Z\n    text: First\n    audience:\n      - engineering\n\n\nlinks: []\n",
        "timeline:\n  - at: 2026-11-20T14:00:00Z\n    text: First\n...\n",  # document end marker
    ],
)
def test_odd_but_valid_layouts(timeline):
    text = HEAD + timeline
    new = merged(text, [ev(15, 0, "Later"), ev(13, 0, "Earlier")])
    assert [e.text for e in loads(new, "t.yaml").postmortem.timeline] == ["Earlier", "First", "Later"]


def test_an_edit_that_would_change_an_existing_event_is_refused():
    # a block scalar at the very end without a newline: appending after it would add one to its value
    text = HEAD + "timeline:\n  - at: 2026-11-20T14:00:00Z\n    text: |\n      First\n      more"
    with pytest.raises(UserError, match="would change events already in the file.*add one"):
        merged(text, [ev(15, 0, "Later")])


def test_plain_block_check_agrees_with_its_pattern():
    """``plain_block`` (string operations) decides exactly as the documented pattern does, over
    strings built from the characters that matter: colons, hashes, spaces, breaks, YAML words."""
    import random

    from commsgen.importers.merge import _PLAIN_BLOCK, plain_block

    rnd = random.Random(20)
    pieces = ["a", "Z", "(", " ", ":", "#", "\t", "\n", "\x85", "\u2028", "é", "0", "-", ",", "[", "'", '"', "yes"]
    pieces += ["no", "Null", "TRUE", "off", "y", "\ufeff", "\x7f", "ü"]
    cases = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 7))) for _ in range(20000)]
    assert [s for s in cases if bool(_PLAIN_BLOCK.match(s)) != plain_block(s)] == []
