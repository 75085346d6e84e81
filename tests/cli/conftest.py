"""Fixtures for driving the `teal` command line as a user would: subprocesses against the
Ganache chain of the Brownie test session, a deployment manifest written the way the deploy
script writes it, a temporary keystore and a password file.

The fixtures of the wallet/work/governance CLI tests are named `cli_*` (another helper may
add fixtures of their own here).
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from brownie import accounts, chain
from brownie import web3 as brownie_web3
from teal_cli import CLI_KEYS, CLI_PASSWORD, HOLDER_TOKENS, TealCli

from api.cli.wallet.keystore import Keystore
from scripts.deploy import TOKEN_UNIT
from scripts.deploy import manifest as build_manifest


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory):
    """A user's folder: keystore, password file, manifest."""
    return tmp_path_factory.mktemp("cli-home")


@pytest.fixture(scope="module")
def cli_password_file(cli_home):
    path = cli_home / "password.txt"
    path.write_text(CLI_PASSWORD + "\n")
    return path


@pytest.fixture(scope="module")
def cli_manifest(work, cli_home):
    """The deployment manifest of this session's contracts (governance and work)."""
    path = cli_home / "manifest.json"
    path.write_text(json.dumps(build_manifest(work)))
    return path


@pytest.fixture(scope="module")
def cli_env(cli_home, cli_manifest, cli_password_file):
    return {
        "TEAL_DATA_DIR": os.environ["TEAL_DATA_DIR"],
        "TEAL_KEYSTORE": str(cli_home / "keystore"),
        "TEAL_PASSWORD_FILE": str(cli_password_file),
        "TEAL_RPC_URL": brownie_web3.provider.endpoint_uri,
        "TEAL_MANIFEST": str(cli_manifest),
        "TEAL_STORE": "local",
        "COLUMNS": "200",
    }


@pytest.fixture(scope="module")
def cli_teal(cli_env):
    return TealCli(cli_env)


@pytest.fixture(scope="module")
def cli_api_server():
    """tests/api/apiserver.py's ApiServer (real uvicorn on a free port), loaded by path."""
    path = Path(__file__).resolve().parents[1] / "api" / "apiserver.py"
    spec = importlib.util.spec_from_file_location("teal_tests_apiserver", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ApiServer


@pytest.fixture(scope="module")
def cli_relay(cli_api_server, cli_env, gov, work, tmp_path_factory):
    """The HTTP API with the devnet relayer (funded), served by uvicorn; yields its URL."""
    from eth_account import Account

    from api.http.relay import DEV_RELAYER_KEY

    gov.transfer(Account.from_key(DEV_RELAYER_KEY).address, "10 ether")
    folder = tmp_path_factory.mktemp("cli-relay")
    env = {
        **cli_env,
        "TEAL_RELAYER": "dev",
        "TEAL_DATABASE_URL": f"sqlite:///{folder / 'api.db'}",
        "TEAL_RELAY_RATE_LIMIT": "1000",
        "TEAL_POST_RATE_LIMIT": "1000",
        "TEAL_POST_RATE_LIMIT_IP": "1000",
        "TEAL_RELAY_CLAIMANTS": "anyone",
    }  # its database is not indexed
    server = cli_api_server(env, log_path=folder / "server.log").start()
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def cli_people(gov):
    """Brownie accounts for the CLI users' keys, each with 10 ETH for gas."""
    people = {name: accounts.add(key) for name, key in CLI_KEYS.items()}
    for account in people.values():
        gov.transfer(account, "10 ether")
    return people


@pytest.fixture(scope="module")
def cli_keystore(cli_home, cli_people):
    """Members', holder's and nobody's keys in the keystore (the contributor imports theirs
    through `teal account import` in the tests). These test keys are public, so they are stored
    at a low scrypt cost (as `teal account import-demo` stores the demo keys): every `teal ...
    --from member1` unlocks one, and at the default cost each unlock is about a second of CPU."""
    keystore = Keystore(cli_home / "keystore")
    for name in ("member1", "member2", "holder", "nobody"):
        keystore.save(name, CLI_KEYS[name], CLI_PASSWORD, kdf_cost=2**14)
    return keystore


@pytest.fixture(scope="module")
def cli_contributor(cli_teal, cli_keystore, cli_people):
    """The contributor imported their key with `teal account import` (key piped on stdin)."""
    cli_teal("account", "import", "contributor", stdin=CLI_KEYS["contributor"] + "\n")
    return cli_people["contributor"]


@pytest.fixture(scope="module")
def cli_team(make_workstream, cli_people, alice):
    """A funded workstream whose members are member1, member2 and alice (2 approvals)."""
    return make_workstream(members=[cli_people["member1"], cli_people["member2"], alice], name="CLI team")


@pytest.fixture(scope="module")
def cli_holder(token, gov, cli_people, holders):
    """A holder with 50k TEAL (above the 10k proposal threshold), not yet delegated."""
    token.transfer(cli_people["holder"], HOLDER_TOKENS * TOKEN_UNIT, {"from": gov})
    chain.mine()
    return cli_people["holder"]
