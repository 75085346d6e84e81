"""Property-based fuzzing of every endpoint from the OpenAPI schema, with schemathesis run
from its own tool environment (.tools/schemathesis, made by scripts/setup.sh; it cannot share
Brownie's pins) against the real uvicorn server: no 5xx, and every response (status code,
content type, body) matches the documented schema."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

# Fuzz the richest state: the work demo scenario (every resource has rows to find).
from test_api_work import problem_post, scenario  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = Path(os.environ.get("TEAL_SCHEMATHESIS", ROOT / ".tools" / "schemathesis" / "bin" / "schemathesis"))
CHECKS = ",".join(
    [
        "not_a_server_error",
        "response_schema_conformance",
        "status_code_conformance",
        "content_type_conformance",
    ]
)


@pytest.mark.skipif(
    not SCHEMATHESIS.exists(),
    reason=f"schemathesis tool environment missing at {SCHEMATHESIS}: run scripts/setup.sh",
)
def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(server, api_dir):
    report = api_dir / "schemathesis.txt"

    result = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--no-color",
            "run",
            f"{server.url}/openapi.json",
            "--max-examples",
            "20",
            "--checks",
            CHECKS,
            "--request-timeout",
            "20",
            "--generation-deterministic",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )
    report.write_text(result.stdout + result.stderr)

    summary = [
        line.strip()
        for line in result.stdout.splitlines()
        if "generated" in line or ("=====" in line and " in " in line) or "Tested:" in line
    ]
    print("schemathesis:", " | ".join(summary) or result.stdout[-2000:])
    assert result.returncode == 0, result.stdout[-6000:]
    assert "Traceback" not in server.log()
