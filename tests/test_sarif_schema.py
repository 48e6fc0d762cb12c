"""`scan --format sarif` validates against the SARIF 2.1.0 JSON Schema (OASIS; the rtm.5 schema file
as shipped in the npm package @microsoft/jest-sarif 1.0.0-beta.0, MIT licence), for a file with
findings of every kind and for a clean file."""

import json
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import run_cli

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.schema.json").read_text())

LEAKY = """Status update: we are investigating.
The primary db-01.corp.acme.internal (10.12.4.7) was restarted by dana.whitfield@acme.com.
Token AKIAIOSFODNN7EXAMPLE was rotated; see https://grafana.corp.acme.internal/d/abc.
Card 4111 1111 1111 1111 was used in a test. Call +1 415 555 0100.
"""


@pytest.mark.parametrize("text", [LEAKY, "All systems are operating normally.\n"])
def test_sarif_output_is_valid_sarif_2_1_0(tmp_path, text):
    f = tmp_path / "update.md"
    f.write_text(text)
    p = run_cli("scan", "--format", "sarif", str(f))
    assert p.returncode in (0, 1), p.stderr
    doc = json.loads(p.stdout)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    results = doc["runs"][0]["results"]
    assert bool(results) == (text is LEAKY)
