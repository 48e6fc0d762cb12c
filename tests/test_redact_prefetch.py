"""``scan`` reads a large first file in a thread while the scanner's modules load
(``redact.files.prefetch``), and ``commsgen.redact`` names its functions lazily: both must be
invisible in what the user gets."""

from __future__ import annotations

import importlib
import subprocess
import sys
import threading

import pytest

from commsgen.errors import InputError
from commsgen.redact import files as F


def test_prefetch_reads_large_files_only_and_never_raises(tmp_path):
    small = tmp_path / "small.md"
    small.write_text("ten bytes\n", encoding="utf-8")
    assert F.prefetch(str(small))() is None
    big = tmp_path / "big.md"
    body = ("db-prod-3 talks to 10.12.4.7 \u2014 ok\n" * 40_000).encode("utf-8")
    big.write_bytes(body)
    assert len(body) >= F.PREFETCH_SIZE
    wait = F.prefetch(str(big))
    assert wait() == body
    assert threading.active_count() == 1  # joined: the scan may fork
    assert F.prefetch(str(tmp_path / "missing.md"))() is None
    assert F.prefetch(str(tmp_path))() is None  # a folder
    text, data = F.read_file(str(big), body)
    assert data is body and text == body.decode("utf-8")


def test_prefetched_bytes_get_the_same_errors(tmp_path):
    bad = tmp_path / "latin1.md"
    bad.write_bytes(b"caf\xe9 " * 300_000)
    with pytest.raises(InputError) as plain:
        F.read_file(str(bad))
    with pytest.raises(InputError) as ahead:
        F.read_file(str(bad), F.prefetch(str(bad))())
    assert plain.value.render() == ahead.value.render()


@pytest.mark.slow
def test_scan_json_of_a_large_file_equals_the_general_path(tmp_path):
    """The prefetching path (json, distinct files) and the general one (a file named twice) report
    the same findings for a large file."""
    big = tmp_path / "big.md"
    lines = [
        "Deploy of checkout to db-prod-3 at 14:02 UTC; dana.whitfield@acme.com paged.",
        "The ledger at 10.12.4.7 and ledger.acme.internal refused writes.",
        "Plain prose about the incident and its customer impact.",
    ]
    big.write_text("\n".join(lines * 12_000) + "\n", encoding="utf-8")
    run = [sys.executable, "-m", "commsgen", "scan", "--format", "json"]
    one = subprocess.run([*run, str(big)], capture_output=True, text=True)
    two = subprocess.run([*run, str(big), str(big)], capture_output=True, text=True)
    assert one.returncode == 1 and two.returncode == 1, one.stderr + two.stderr
    import json

    a = json.loads(one.stdout)["findings"]
    b = json.loads(two.stdout)["findings"]
    assert a and sorted(map(json.dumps, b)) == sorted(map(json.dumps, a + a))


def test_lazy_package_names():
    import commsgen.redact as R

    fresh = importlib.reload(R)
    for name in fresh.__all__:
        assert getattr(fresh, name) is getattr(importlib.import_module(f"commsgen.redact.{fresh._WHERE[name]}"), name)
    with pytest.raises(AttributeError):
        fresh.no_such_name  # noqa: B018
