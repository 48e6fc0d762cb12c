"""Files and exit codes (issue 13, item 7): where ``render -o`` writes, and every way a write or an
input can fail ends in one paragraph and exit 2, never a traceback (exit 3)."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import DATA, cli_env, run_cli, run_cli_inproc

MARKERS = DATA / "render" / "markers.yaml"
ID = "INC-2026-0900"


def _clean_failure(r: subprocess.CompletedProcess, *needles: str) -> None:
    """Exit 2, one paragraph (no blank line inside, no traceback), naming what it is about."""
    assert r.returncode == 2, (r.returncode, r.stderr[-2000:])
    assert "Traceback" not in r.stderr and "internal error" not in r.stderr, r.stderr
    message = r.stderr.strip()
    assert message.startswith("commsgen: ") and "\n\n" not in message, message
    for n in needles:
        assert n in message, message


# ----------------------------------------------------------------------------- non-regular targets
def test_render_to_dev_null_leaves_the_device_alone():
    r = run_cli("render", MARKERS, "-o", "/dev/null")
    assert r.returncode == 0, r.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_render_to_dev_stdout_writes_through_the_pipe():
    r = run_cli("render", MARKERS, "-a", "customer", "-o", "/dev/stdout")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("#") and "Some payments" not in r.stderr
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode) and os.path.islink("/dev/stdout")


@pytest.mark.parametrize("target", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"])
def test_render_to_stdout_sent_to_a_file_keeps_the_shells_append(tmp_path, target):
    log = tmp_path / "log.txt"
    log.write_text("EARLIER LINE\n")
    with open(log, "a") as fh:
        r = subprocess.run(
            [sys.executable, "-m", "commsgen", "render", str(MARKERS), "-a", "customer", "-o", target],
            stdout=fh,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(),
        )
    assert r.returncode == 0, r.stderr
    text = log.read_text()
    assert text.startswith("EARLIER LINE\n# ") and text.count("EARLIER LINE") == 1


def test_render_to_a_fifo_writes_into_it(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = run_cli("render", MARKERS, "-a", "engineering", "-o", fifo)
    reader.join(30)
    assert r.returncode == 0, r.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO, not replaced by a file
    assert got and got[0].startswith(b"# " + ID.encode())


def test_render_through_a_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    r = run_cli_inproc("render", MARKERS, "-o", link)
    assert r.returncode == 0, r.stderr
    assert link.is_symlink() and real.read_text().startswith("# " + ID)


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_render_honours_the_umask(tmp_path, umask):
    out = tmp_path / "out.md"
    r = subprocess.run(
        [sys.executable, "-m", "commsgen", "render", str(MARKERS), "-o", str(out)],
        capture_output=True,
        text=True,
        env=cli_env(),
        preexec_fn=lambda: os.umask(umask),
    )
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_render_keeps_the_mode_of_a_replaced_file(tmp_path):
    out = tmp_path / "out.md"
    out.write_text("old")
    out.chmod(0o640)
    assert run_cli_inproc("render", MARKERS, "-o", out).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


# ----------------------------------------------------------------------------- failed writes
def test_render_to_an_existing_folder(tmp_path):
    _clean_failure(run_cli("render", MARKERS, "-o", tmp_path), str(tmp_path), "folder")


def test_render_all_into_a_file(tmp_path):
    f = tmp_path / "afile"
    f.write_text("x")
    _clean_failure(run_cli_inproc("render", MARKERS, "-a", "all", "-o", f), "not a folder")


def test_render_on_a_full_disk():
    _clean_failure(run_cli("render", MARKERS, "-o", "/dev/full"), "/dev/full", "disk is full")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders (see the in-process test)")
def test_render_into_a_read_only_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        _clean_failure(run_cli("render", MARKERS, "-o", ro / "x.md"), "permission denied")
    finally:
        ro.chmod(0o755)


@pytest.mark.parametrize(
    "code,words",
    [
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "read-only"),
        (errno.ENOSPC, "disk is full"),
        (errno.EDQUOT, "quota"),
        (errno.ENAMETOOLONG, "too long"),
        (errno.EIO, "Input/output error"),
    ],
)
def test_every_failed_write_is_a_user_error(tmp_path, monkeypatch, code, words):
    """Every OSError a write can meet (simulated where a test cannot cause it: root ignores
    permissions) is a UserError naming the file, and the target is left as it was."""
    from commsgen import atomic
    from commsgen.errors import UserError

    target = tmp_path / "out.md"
    target.write_text("previous")

    def failing_fsync(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)
    with pytest.raises(UserError) as e:
        atomic.write_output(target, "new text")
    assert e.value.problems[0].file == str(target) and words in e.value.render()
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temporary file left


# ----------------------------------------------------------------------------- hostile templates
@pytest.mark.parametrize(
    "body,needle",
    [
        ('{% include "/etc/passwd" %}', "not found"),
        ('{% include "no-such-part.j2" %}', "not found"),
        ('{% import "../../etc/hostname" as x %}', "not found"),
        ('{% extends "customer.md.j2" %}', "extends or includes itself"),
        ('{% include "customer.md.j2" %}', "extends or includes itself"),
    ],
)
def test_bad_template_references(tmp_path, body, needle):
    (tmp_path / "customer.md.j2").write_text(body)
    # the program on the first; what the others' templates are refused with, in process
    cli = run_cli if body == '{% include "/etc/passwd" %}' else run_cli_inproc
    _clean_failure(cli("render", MARKERS, "-a", "customer", "--templates", tmp_path), needle)


def test_mutual_extends(tmp_path):
    (tmp_path / "customer.md.j2").write_text('{% extends "other.j2" %}')
    (tmp_path / "other.j2").write_text('{% extends "customer.md.j2" %}')
    _clean_failure(run_cli_inproc("render", MARKERS, "-a", "customer", "--templates", tmp_path), "itself")


# ----------------------------------------------------------------------------- deep input
def _deep_json(levels: int) -> str:
    return '{"format": "commsgen/postmortem/v1", "id": "X", "extra": ' + '{"x": ' * levels + "1" + "}" * levels + "}"


@pytest.mark.parametrize(
    "text,suffix",
    [
        ('{"x": ' * 1000 + "1" + "}" * 1000, ".json"),
        ("[" * 1000 + "]" * 1000, ".json"),
        (_deep_json(1000), ".json"),
        (_deep_json(300), ".json"),  # parses; too deep for a postmortem all the same
        ("extra:\n" + "".join("  " * (i + 1) + "x:\n" for i in range(300)) + "  " * 301 + "y: 1\n", ".yaml"),
        ("a: " + "[" * 1000 + "]" * 1000 + "\n", ".yaml"),
    ],
)
@pytest.mark.parametrize("command", ["render", "check"])
def test_deeply_nested_input(tmp_path, text, suffix, command):
    f = tmp_path / f"deep{suffix}"
    f.write_text(text)
    r = run_cli(command, f)
    assert r.returncode == 2, r.stderr[-1000:]
    assert "Traceback" not in r.stderr + r.stdout and str(f) in r.stderr + r.stdout


# ----------------------------------------------------------------------------- ids
@pytest.mark.parametrize(
    "ident", ['"INC\\0-1"', '"   "', '"INC\\t1"', '"INC\\x1b[31m"', '"INC\\r\\n2"', '"INC\\x85"', '"INC\\x7f"']
)
def test_ids_with_control_characters_or_blank_are_invalid(tmp_path, ident):
    src = MARKERS.read_text().replace(f"id: {ID}", f"id: {ident}", 1)
    assert src != MARKERS.read_text()
    f = tmp_path / "bad-id.yaml"
    f.write_text(src)
    # the program checks the first; the other ids are the same command line in process (what is
    # checked is the validation of the id)
    r = (run_cli if ident == '"INC\\0-1"' else run_cli_inproc)("check", "--format", "json", f)
    assert r.returncode == 2, r.stdout[-1000:]
    bad = [x for x in json.loads(r.stdout)["findings"] if x["field"] == "id"]
    assert bad and bad[0]["line"] is not None and bad[0]["file"] == str(f)


def test_new_to_a_full_disk():
    r = run_cli("new", "-o", "/dev/full", "--force")
    _clean_failure(r, "/dev/full", "disk is full")


def test_output_name_helpers():
    from commsgen.staging import dirname_problem, safe_dirname

    assert safe_dirname("../../etc") == "_.._etc"
    assert dirname_problem("x" * 255) is None and "256 bytes" in dirname_problem("é" * 128)
    assert Path(safe_dirname("a/b")).name == "a_b"


# ----------------------------------------------------------------------------- template safety
def test_template_symlinks_out_of_the_folder_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "customer.md.j2").write_text("OUTSIDE {{ title }}")
    (outside / "part.j2").write_text("OUTSIDE PART")
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "customer.md.j2").symlink_to(outside / "customer.md.j2")
    _clean_failure(run_cli("render", MARKERS, "-a", "customer", "--templates", linked), "symbolic link", "outside")
    included = tmp_path / "included"
    included.mkdir()
    (included / "customer.md.j2").write_text('{% include "part.j2" %}')
    (included / "part.j2").symlink_to(outside / "part.j2")
    _clean_failure(run_cli_inproc("render", MARKERS, "-a", "customer", "--templates", included), "part.j2")
    # a link that stays inside the folder is an ordinary template
    inside = tmp_path / "inside"
    (inside / "sub").mkdir(parents=True)
    (inside / "sub" / "real.j2").write_text("INSIDE {{ title }}")
    (inside / "customer.md.j2").symlink_to("sub/real.j2")
    r = run_cli_inproc("render", MARKERS, "-a", "customer", "--templates", inside)
    assert r.returncode == 0 and r.stdout.startswith("INSIDE"), r.stderr


def test_bytecode_cache_only_in_a_private_folder(tmp_path, monkeypatch):
    from commsgen.render import engine

    monkeypatch.delenv("COMMSGEN_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = engine._bytecode_cache()
    assert cache is not None
    top = tmp_path / "commsgen"
    assert stat.S_IMODE(top.stat().st_mode) == 0o700
    folder = next(top.iterdir())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o755)  # ours, writable by no one else: tightened, used
    assert engine._bytecode_cache() is not None and stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o777)  # anyone could have planted compiled code: not used
    assert engine._bytecode_cache() is None
    folder.chmod(0o700)
    real = tmp_path / "real"
    folder.rename(real)
    folder.symlink_to(real)  # a link (where to, we cannot vouch for): not used
    assert engine._bytecode_cache() is None
    monkeypatch.setenv("COMMSGEN_NO_CACHE", "1")
    assert engine._bytecode_cache() is None


@pytest.mark.skipif(os.geteuid() != 0, reason="needs another user's folder: run as root")
def test_bytecode_cache_not_in_another_users_folder(tmp_path, monkeypatch):
    from commsgen.render import engine

    monkeypatch.delenv("COMMSGEN_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "commsgen").mkdir(mode=0o700)
    os.chown(tmp_path / "commsgen", 65534, 65534)
    assert engine._bytecode_cache() is None


def test_cstate_makes_raw_html_inert(tmp_path):
    src = MARKERS.read_text()
    assert "status_page:" in src
    f = tmp_path / "html.yaml"
    # markup the gate lets through (a <script> or an image is a finding of its own, refused before this)
    f.write_text(src.replace("body: ", 'body: <b onclick="steal()">bold</b> <span style="x">styled</span> ', 1))
    r = run_cli_inproc("render", f, "-a", "status", "-f", "cstate")
    assert r.returncode == 0, r.stderr
    assert "<b" not in r.stdout and "<span" not in r.stdout and "&lt;b onclick" in r.stdout


def test_alias_guard_fires_on_aliases_only(monkeypatch):
    from commsgen.errors import InputError
    from commsgen.model import yamlread

    monkeypatch.setattr(yamlread, "MAX_EXPANSION", 50)
    big = "items:\n" + "".join(f"  - 'value *{i}* in bold'\n" for i in range(200))  # a '*', no alias
    assert len(yamlread.parse_yaml_tree(big, "big.yaml")[0]["items"]) == 200
    bomb = "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c]\n"
    with pytest.raises(InputError) as e:
        yamlread.parse_yaml_tree(bomb, "bomb.yaml")
    assert e.value.problems[0].rule == "input.alias-bomb"
    small = "a: &a [x]\nb: *a\n"  # aliases that stay small are fine
    assert yamlread.parse_yaml_tree(small, "ok.yaml")[0] == {"a": ["x"], "b": ["x"]}
