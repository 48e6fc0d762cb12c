"""Every class of user mistake, one real file each under tests/data/bad/, checked through the CLI.

Each bad file differs from tests/data/good/minimal.yaml by one mistake; the line the message must
point at carries the comment ``# <- ERROR`` (JSON files, which cannot hold comments, give it here).
A mistake must give exit 2, one paragraph naming the file, the line and the field, and no traceback.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from commsgen.errors import InputError, ValidationFailed
from commsgen.model.loader import load, loads
from conftest import DATA, run_cli, run_cli_inproc

BAD = DATA / "bad"
GOOD = DATA / "good"


def marked_lines(path: Path) -> list[int]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return [i for i, line in enumerate(text.splitlines(), 1) if "# <- ERROR" in line]


def check(*paths: Path | str, extra: tuple[str, ...] = (), program=run_cli_inproc):
    """``commsgen check`` on ``paths``, in this process (what it finds and prints; the program
    itself, its exit code 2 and no traceback, is run by ``checked_together`` and
    ``test_every_validation_case_in_json_at_once``)."""
    r = program("check", *extra, *map(str, paths))
    out = r.stdout + r.stderr
    assert "Traceback" not in out, out
    return r, out


# (file, rule, field, words the message must contain, line or None = the marked line)
CASES = [
    ("unknown-key.yaml", "schema.unknown-key", "sevrity", "did you mean `severity`?", None),
    ("wrong-enum.yaml", "schema.enum", "status", "'draft', 'in-review' or 'final' (got `done`)", None),
    ("missing-key.yaml", "schema.missing", "summary", "required key `summary` is missing from the top level", 2),
    ("wrong-type.yaml", "schema.int_parsing", "impact.users_affected", "valid integer", None),
    ("timeline-index.yaml", "schema.datetime_from_date_parsing", "timeline[2].at", "got `around three`", None),
    ("people-index.yaml", "schema.literal_error", "people[0].role", "(got `boss`)", None),
    ("naive-time.yaml", "schema.value_error", "times.detected", "has no UTC offset", None),
    ("bad-timezone.yaml", "schema.value_error", "timezone", "`Europe/Berln` is not an IANA time zone name", None),
    ("resolved-before-started.yaml", "schema.value_error", "times.resolved", "is before `started`", None),
    ("security-without-section.yaml", "schema.value_error", "security", "needs a `security:` section", 2),
    ("no-lead.yaml", "schema.value_error", "people", "no one has `role: lead`", None),
    (
        "percent-over-100.yaml",
        "schema.less_than_equal",
        "impact.users_affected_percent",
        "less than or equal to 100",
        None,
    ),
    ("due-datetime.yaml", "schema.value_error", "action_items[0].due", "`due` is a date", None),
    ("bad-email.yaml", "schema.value_error", "people[0].email", "`ann.example.com` is not an email address", None),
    ("bad-cve.yaml", "schema.value_error", "security.cves[1]", "`CVE-26-1` is not a CVE id", None),
    ("bad-deny-regex.yaml", "schema.value_error", "redaction.deny[1].regex", "not a valid regular expression", None),
    ("wrong-format.yaml", "schema.value_error", "format", "unsupported format `commsgen/postmortem/v2`", None),
]


@pytest.fixture(scope="module")
def checked_together():
    """One run of ``commsgen check`` over every file of CASES (text report): each file is loaded and
    reported on its own (``test_one_bad_file_does_not_hide_the_others``), so each case reads its own
    paragraph here, as it would from a run on that file alone; the exit code and the absence of a
    traceback are the run's. (One run instead of one per file: the program's start-up was most of
    each case's time.)"""
    return check(*(BAD / c[0] for c in CASES), program=run_cli)


@pytest.mark.parametrize("name, rule, field, words, line", CASES, ids=[c[0] for c in CASES])
def test_validation_mistake_is_located(checked_together, name, rule, field, words, line):
    path = BAD / name
    expected_line = line or marked_lines(path)[0]
    r, out = checked_together
    assert r.returncode == 2, out
    paragraphs = [p for p in out.splitlines() if p.startswith(str(path))]
    assert len(paragraphs) == 1, out  # one mistake, one paragraph (no union or typo echo)
    para = paragraphs[0]
    assert f"{path}, line {expected_line}, `{field}`" in para, para
    assert rule in para and words in para, para


def test_every_validation_case_in_json_at_once():
    """The same files in one run with --format json: exact line, field and rule for each."""
    paths = [BAD / c[0] for c in CASES]
    r = run_cli("check", "--format", "json", *map(str, paths))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    findings = json.loads(r.stdout)["findings"]
    by_file = {}
    for f in findings:
        by_file.setdefault(f["file"], []).append(f)
    for name, rule, field, _, line in CASES:
        path = str(BAD / name)
        [f] = by_file[path]
        assert (f["rule"], f["field"], f["line"]) == (rule, field, line or marked_lines(BAD / name)[0]), f
        assert f["severity"] == "block" and f["kind"] == "validation"


def test_json_findings_shape():
    r, _ = check(BAD / "three-mistakes.yaml", extra=("--format", "json"))
    assert r.returncode == 2
    doc = json.loads(r.stdout)
    assert list(doc) == ["findings"]
    for f in doc["findings"]:
        for key in ("file", "kind", "rule", "severity", "audience", "field", "line", "message"):
            assert key in f, (key, f)
        assert f["file"] == str(BAD / "three-mistakes.yaml")
        assert isinstance(f["line"], int) and f["message"]


def test_all_mistakes_of_a_file_reported_at_once():
    path = BAD / "three-mistakes.yaml"
    r, out = check(path)
    assert r.returncode == 2
    paras = [p for p in out.splitlines() if p.startswith(str(path))]
    assert len(paras) == 3, out
    assert [int(p.split("line ")[1].split(",")[0]) for p in paras] == marked_lines(path)
    assert "people[0].email" in paras[0] and "users_affected_percent" in paras[1] and "action_items[0].type" in paras[2]
    assert "3 blocking" in out


def test_typo_of_required_key_is_one_paragraph_not_two():
    """`sevrity` is unknown AND `severity` is missing: one mistake, reported once (loader fix)."""
    with pytest.raises(ValidationFailed) as e:
        load(BAD / "unknown-key.yaml")
    assert [p.rule for p in e.value.problems] == ["schema.unknown-key"]


# ---------------------------------------------------------------- input (parse and read) mistakes
def _one(out: str, path) -> str:
    paras = [p for p in out.splitlines() if p.startswith(str(path))]
    assert len(paras) == 1, out
    return paras[0]


def test_yaml_syntax_error_names_both_lines():
    path = BAD / "syntax.yaml"
    r, out = check(path)
    assert r.returncode == 2
    para = _one(out, path)
    start = marked_lines(path)[0]
    # libyaml notices the unclosed list on the next line; the message names where it starts
    assert f"line {start + 1}:" in para and f"starts at line {start}" in para, para
    assert "input.syntax" in para and "YAML syntax error" in para


def test_json_syntax_error_with_line_and_trailing_comma_hint():
    path = BAD / "syntax.json"
    r, out = check(path)
    assert r.returncode == 2
    para = _one(out, path)
    assert "line 24:" in para and "JSON syntax error" in para and "trailing comma" in para, para


def test_duplicate_key_yaml():
    path = BAD / "duplicate-key.yaml"
    r, out = check(path)
    assert r.returncode == 2
    line = marked_lines(path)[0]
    para = _one(out, path)
    assert f"line {line}:" in para and "duplicate key `kind`" in para and f"first at line {line - 1}" in para


def test_duplicate_key_json_points_at_the_right_object():
    """`at` is a key of every timeline entry; the duplicate is in the third (loader bug fixed:
    the line used to be that of the second `"at"` anywhere in the file, line 5 of this file's entries)."""
    path = BAD / "duplicate-key.json"
    r, out = check(path)
    assert r.returncode == 2
    para = _one(out, path)
    assert "line 51:" in para and "duplicate key `at` (first at line 49)" in para, para


def test_python_tag_refused():
    path = BAD / "python-tag.yaml"
    r, out = check(path)
    assert r.returncode == 2
    para = _one(out, path)
    assert f"line {marked_lines(path)[0]}" in para and "input.unsafe-tag" in para and "!!python" in para
    assert "pwned" not in r.stdout.replace(para, "")  # nothing ran


def test_alias_bomb_fails_fast_with_alias_message():
    path = BAD / "alias-bomb.yaml"
    with pytest.raises(InputError) as e:
        load(path)
    [p] = e.value.problems
    assert p.rule == "input.alias-bomb" and "alias" in p.message
    r, out = check(path)
    assert r.returncode == 2 and "billion laughs" in _one(out, path)


def test_latin1_bytes_reported_with_line():
    path = BAD / "latin1.yaml"
    r, out = check(path)
    assert r.returncode == 2
    para = _one(out, path)
    assert f"line {marked_lines(path)[0]}:" in para and "not UTF-8" in para and "0xe9" in para


def test_binary_file():
    path = BAD / "binary.yaml"
    r, out = check(path)
    assert r.returncode == 2
    assert "binary file" in _one(out, path)


def test_empty_file():
    path = BAD / "empty.yaml"
    r, out = check(path)
    assert r.returncode == 2
    assert "is empty" in _one(out, path) and "commsgen new" in out


def test_comment_only_file_holds_no_document(tmp_path):
    path = tmp_path / "comments.yaml"
    path.write_text("# just a comment\n")
    r, out = check(path)
    assert r.returncode == 2 and "holds no YAML document" in _one(out, path)


def test_top_level_list():
    path = BAD / "top-level-list.yaml"
    r, out = check(path)
    assert r.returncode == 2
    assert "must be a mapping" in _one(out, path) and "not a list" in out


def test_missing_file():
    path = BAD / "no-such-file.yaml"
    r, out = check(path)
    assert r.returncode == 2
    assert "no such file" in _one(out, path)


def test_folder_instead_of_file():
    # `check` takes a folder as batch does (issue 17): every postmortem file in it is checked
    r, out = check(BAD)
    assert r.returncode == 2
    named = sorted(p for p in BAD.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    assert named and all(str(p) in out for p in named), out
    with pytest.raises(InputError) as e:  # the library says it too, for the TUI's open dialog
        load(BAD)
    assert "is a folder" in e.value.problems[0].message


def test_oversize_file(tmp_path):
    path = tmp_path / "huge.yaml"
    base = (GOOD / "minimal.yaml").read_text()
    filler = "# " + "x" * 1021 + "\n"  # 1 KiB a line
    path.write_text(base + filler * (8 * 1024 + 10))
    assert path.stat().st_size > 8 * 1024 * 1024
    r, out = check(path)
    assert r.returncode == 2
    para = _one(out, path)
    assert "input.too-large" in para and "8 MiB" in para


def test_one_bad_file_does_not_hide_the_others():
    r, out = check(GOOD / "minimal.yaml", BAD / "wrong-enum.yaml", BAD / "binary.yaml")
    assert r.returncode == 2
    assert "3 file(s) checked: 2 blocking" in out


# ---------------------------------------------------------------- the good side of the same rules
def test_naive_time_with_timezone_is_converted():
    pm = load(GOOD / "naive-with-timezone.yaml").postmortem
    assert pm.timezone == "Europe/Berlin"
    assert pm.times.started.astimezone(timezone.utc) == datetime(2026, 11, 20, 14, 2, tzinfo=timezone.utc)
    # an explicit offset is kept as written
    assert pm.times.detected == datetime(2026, 11, 20, 14, 9, tzinfo=timezone.utc)
    assert pm.timeline[0].at.astimezone(timezone.utc).hour == 14
    r, out = check(GOOD / "naive-with-timezone.yaml")
    assert r.returncode == 0, out


def test_json_and_yaml_minimal_are_the_same_postmortem():
    a = load(GOOD / "minimal.yaml").postmortem
    b = load(GOOD / "minimal.json").postmortem
    assert a.model_dump() == b.model_dump()


@pytest.mark.parametrize(
    "deny, expected",
    [
        ("[5]", "should be a text or a mapping with key `regex`"),
        ('[""]', "at least 1 character"),
        ("[{regx: a}]", "did you mean `regex`?"),
    ],
)
def test_deny_union_reports_only_the_branch_meant(deny, expected):
    """A deny term is text or {regex}; pydantic reports both union branches, the loader keeps the
    one the user meant (loader fix: the text branch used to add `...constrained-str` noise)."""
    text = (GOOD / "minimal.yaml").read_text() + f"redaction:\n  deny: {deny}\n"
    with pytest.raises(ValidationFailed) as e:
        loads(text, "x.yaml")
    [p] = e.value.problems
    assert expected in p.message and "constrained-str" not in (p.field or "") and p.line == text.count("\n")
