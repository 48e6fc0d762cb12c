"""Golden files: every audience of every sample, compared byte for byte.

After an intended change, regenerate with `pytest tests/test_golden.py --update-golden` and
review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from commsgen import pipeline
from commsgen.config import load_config
from conftest import ROOT, SAMPLES

GOLDEN = ROOT / "tests" / "golden"
TODAY = date(2026, 11, 27)
OUTPUTS = [
    ("engineering", "md"),
    ("executive", "md"),
    ("executive", "html"),
    ("customer", "md"),
    ("customer", "txt"),
    ("status", "txt"),
    ("status", "json"),
    ("status", "cachet"),
    ("status", "cstate"),
    ("status", "gatus"),
]
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".yaml", ".json"))


@pytest.fixture(scope="module")
def config():
    return load_config(SAMPLES / "commsgen.toml")


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("audience,fmt", OUTPUTS, ids=lambda x: x)
def test_golden(sample: Path, audience: str, fmt: str, config, update_golden):
    loaded = pipeline.load(sample)
    out = pipeline.build(loaded, config, audience, fmt, today=TODAY)
    assert out.ok, out.refused
    golden = GOLDEN / sample.stem / out.filename
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out.content, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden}; run pytest --update-golden and review it"
    assert out.content == golden.read_text(encoding="utf-8"), (
        f"{sample.name} {audience}.{fmt} differs from {golden}; if intended, run --update-golden and review"
    )
