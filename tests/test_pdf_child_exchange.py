"""``commsgen.export.pdfchild._exchange``: the request/reply with the WeasyPrint child. The reply is
taken as soon as all of it has arrived, without waiting for the child to exit; a request larger
than a pipe's buffer and a child that writes much on stderr first do not block each other; a child
that dies without a reply ends the exchange at EOF. Stand-in children (small Python scripts) play
the child's side of the protocol: one JSON line with the ``size`` of the body, then the body."""

from __future__ import annotations

import subprocess
import sys

from commsgen.export.pdfchild import PdfProcess, _exchange

# reads the whole request (after 200 kB of stderr), replies with its length and its last 3 bytes,
# then stays alive (a minute) as a child still in its tear-down would; the tests kill it
REPLYING = r"""
import json, sys
sys.stderr.write("w" * 200_000); sys.stderr.flush()
data = sys.stdin.buffer.read()
body = data[-3:]
sys.stdout.buffer.write(json.dumps({"ok": True, "size": len(body), "refused": [str(len(data))]}).encode() + b"\n" + body)
sys.stdout.buffer.flush()
sys.stdin.buffer.read()  # EOF long since: returns at once
import time; time.sleep(60)
"""

DYING = r"""
import sys
sys.stdin.buffer.read()
sys.stderr.write("Traceback: something broke\n")
sys.exit(3)
"""


def child(script: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def test_the_reply_is_taken_before_the_child_exits_with_a_big_request_and_a_chatty_stderr():
    proc = child(REPLYING)
    request = b"x" * 1_000_000 + b"end"  # far larger than a pipe's buffer
    try:
        out, err = _exchange(proc, request)
        assert proc.poll() is None  # still alive: the reply did not wait for its exit
        head, _, body = out.partition(b"\n")
        assert body == b"end" and b'"1000003"' in head  # all of the request arrived, all of the reply
        assert len(err) <= 200_000 and err.strip(b"w") == b""  # stderr was read alongside
    finally:
        proc.kill()
        proc.wait()
        for pipe in (proc.stdout, proc.stderr):
            pipe.close()


def test_a_child_that_dies_without_a_reply_ends_the_exchange_at_eof():
    proc = child(DYING)
    out, err = _exchange(proc, b"{}")
    assert out == b"" and b"something broke" in err
    assert proc.wait() == 3
    for pipe in (proc.stdout, proc.stderr):
        pipe.close()


def test_a_rendered_child_is_reaped_by_close():
    p = PdfProcess.__new__(PdfProcess)  # the real child is not needed: a stand-in that replies
    p.rendered, p.proc, p._exiting = False, child(REPLYING), None
    data, refused = p.render(
        "<p>hi</p>",
        base_dir=None,
        stylesheets=[],
        roots=[],
        meta={},
        created=_now(),  # type: ignore[arg-type]
    )
    assert p.rendered and p.proc is None and p._exiting is not None
    exiting = p._exiting
    exiting.kill()  # the stand-in would sleep; the real child exits by itself
    p.close()
    assert exiting.returncode is not None and p._exiting is None
    assert exiting.stdout is not None and exiting.stdout.closed


def _now():
    from datetime import datetime, timezone

    return datetime(2026, 1, 1, tzinfo=timezone.utc)
