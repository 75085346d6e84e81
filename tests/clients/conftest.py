"""Fixtures for checks of the API against the chain and against clients we did not write
(ethers, Foundry's `cast`): one demo devnet (`teal up --fresh --chain anvil`, free ports, a
temporary data folder) for the session, its contracts read with web3.py straight from the manifest (never
through Teal's code), and `teal` as a user runs it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from web3 import Web3

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS / "cli"))
from devnet import api_client_fixture, demo_devnet_fixture  # noqa: E402 - tests/devnet.py
from teal_cli import TealCli  # noqa: E402 - tests/cli's runner of `teal`

ROOT = TESTS.parent


devnet = demo_devnet_fixture("clients", chain="anvil")
api = api_client_fixture("api")


@pytest.fixture(scope="session")
def manifest(devnet):
    return json.loads((devnet.state_dir / "manifest.json").read_text())


@pytest.fixture(scope="session")
def w3(devnet):
    return Web3(Web3.HTTPProvider(devnet.rpc_url, request_kwargs={"timeout": 30}))


@pytest.fixture(scope="session")
def contracts(w3, manifest):
    """Every contract of the manifest as a web3.py contract, by name."""
    return {name: w3.eth.contract(address=c["address"], abi=c["abi"]) for name, c in manifest["contracts"].items()}


@pytest.fixture(scope="session")
def teal(devnet):
    """`teal` pointed at the devnet's chain, manifest and database (read-only commands)."""
    return TealCli(
        {
            "TEAL_DATA_DIR": str(devnet.state_dir),
            "TEAL_STORE": "local",
            "TEAL_RPC_URL": devnet.rpc_url,
            "TEAL_MANIFEST": str(devnet.state_dir / "manifest.json"),
            "TEAL_DATABASE_URL": f"sqlite:///{devnet.state_dir / 'teal.db'}",
            "COLUMNS": "200",
        }
    )
