"""Relay requests are rate-limited per client IP (429 with Retry-After)."""

from __future__ import annotations

import httpx
import pytest
from apiserver import ApiServer
from http_errors import assert_error


@pytest.fixture(scope="module")
def tight_server(server_env, api_dir):
    srv = ApiServer({**server_env, "TEAL_RELAY_RATE_LIMIT": "2"}, log_path=api_dir / "tight.log").start()
    yield srv
    srv.stop()


def test_relay_over_the_rate_limit_is_429(tight_server):
    request = {
        "proposal_id": "1",
        "support": 1,
        "voter": "0x66aB6D9362d4F35596279692F0251Db635165871",
        "signature": "0x" + "11" * 65,
    }

    responses = [httpx.post(tight_server.url + "/relay/votes", json=request) for _ in range(3)]

    assert [r.status_code for r in responses[:2]] != [429, 429]
    assert_error(responses[2], 429, "rate_limited")
    assert int(responses[2].headers["retry-after"]) >= 1
    # Reads are not limited.
    assert httpx.get(tight_server.url + "/proposals").status_code == 200
