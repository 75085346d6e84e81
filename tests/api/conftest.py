"""Fixtures for the HTTP API's end-to-end tests: a scenario on chain, indexed into SQLite,
served by a real uvicorn server in a subprocess.

The scenario is built once per module (module-scoped fixtures run before Brownie's
per-test snapshot), so every test reads the same indexed state; tests that write on chain
(relays) are reverted after them by `fn_isolation`.
"""

from __future__ import annotations

import json
import os

import httpx
import pytest
from api_index import index_into
from apiserver import ApiServer
from brownie import chain
from brownie import web3 as brownie_web3
from helpers import DOCUMENT

from api.content import SigningDomain
from api.http.relay import DEV_RELAYER_KEY
from scripts.deploy import manifest as build_manifest
from scripts.governance import (
    ABSTAIN,
    AGAINST,
    FOR,
    mine_until_active,
    pass_proposal,
    proposal_document,
    propose,
)


@pytest.fixture(scope="module")
def api_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("api")


@pytest.fixture(scope="module")
def relayer_address():
    from eth_account import Account

    return Account.from_key(DEV_RELAYER_KEY).address


@pytest.fixture(scope="module")
def scenario(deployment, token, governor, holders, alice, bob, carol, dave, signer, gov, relayer_address):
    """Governance history: a passed proposal, a defeated one, an active one with votes and
    reasons, and a pending one; the signer holds delegated power for relayed votes."""
    from scripts.deploy import TOKEN_UNIT

    gov.transfer(relayer_address, "10 ether")
    token.transfer(signer, 50_000 * TOKEN_UNIT, {"from": gov})
    token.delegate(signer, {"from": signer})
    chain.mine()
    grant = [(token, "transfer", [carol, 1_000 * TOKEN_UNIT])]
    passed = pass_proposal(
        governor,
        grant,
        document=DOCUMENT,
        proposer=alice,
        voters=[alice, bob],
        title="Grant to carol",
    )
    defeated = propose(governor, grant, document=proposal_document("Defeated grant"), proposer=bob)
    mine_until_active(defeated)
    governor.castVoteWithReason(defeated.proposal_id, AGAINST, "too early", {"from": alice})
    active = propose(governor, grant, document=proposal_document("Active grant", "Still voting"), proposer=alice)
    mine_until_active(active)
    governor.castVoteWithReason(active.proposal_id, FOR, "good idea", {"from": bob})
    governor.castVoteWithReason(active.proposal_id, ABSTAIN, "no view", {"from": dave})
    from scripts.governance import mine_until_ended

    mine_until_ended(defeated)
    # `defeated` has ended; `active`, proposed later, must still be open.
    assert governor.state(active.proposal_id) == 1
    pending = propose(governor, grant, document=proposal_document("Pending grant"), proposer=alice)
    return {"passed": passed, "defeated": defeated, "active": active, "pending": pending}


@pytest.fixture(scope="module")
def database_url(api_dir):
    """SQLite by default; a module may override it (see test_api_postgres.py)."""
    return f"sqlite:///{api_dir / 'teal.db'}"


@pytest.fixture(scope="module")
def server_env(api_dir, deployment, scenario, database_url):
    manifest_path = api_dir / "manifest.json"
    manifest_path.write_text(json.dumps(build_manifest(deployment)))
    index_into(database_url, deployment)
    return {
        "TEAL_DATA_DIR": os.environ["TEAL_DATA_DIR"],
        "TEAL_MANIFEST": str(manifest_path),
        "TEAL_DATABASE_URL": database_url,
        "TEAL_RPC_URL": brownie_web3.provider.endpoint_uri,
        "TEAL_RELAYER": "dev",
        "TEAL_HEAD_CACHE_SECONDS": "0",  # the chain is reverted between tests
        "TEAL_RELAY_RATE_LIMIT": "1000",
        "TEAL_POST_RATE_LIMIT": "1000",
        "TEAL_POST_RATE_LIMIT_IP": "1000",
        "TEAL_CORS_ORIGINS": "http://localhost:5173",
        "TEAL_PAGE_SIZE_MAX": "100",
        "TEAL_MAX_REQUEST_BYTES": "65536",
        "TEAL_MAX_DOCUMENT_BYTES": "16384",
    }


@pytest.fixture(scope="module")
def server(server_env, api_dir):
    srv = ApiServer(server_env, log_path=api_dir / "server.log").start()
    yield srv
    srv.stop()
    # No traceback may reach a client; the server log is where they belong.


@pytest.fixture(scope="module")
def http(server):
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def domain(deployment):
    return SigningDomain(chain_id=chain.id, verifying_contract=deployment.governor.address)
