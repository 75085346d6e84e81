"""Accounts and network choice as a user meets them: keys go into encrypted files and
nowhere else; `--network NAME` finds its manifest; mistakes are one line."""

from __future__ import annotations

import json
import stat

from eth_account import Account
from teal_cli import CLI_KEYS, CLI_PASSWORD


def test_imported_key_is_stored_encrypted_and_owner_only(cli_teal, cli_contributor, cli_home):
    path = cli_home / "keystore" / "contributor.json"
    content = path.read_text()

    listed = cli_teal.json("account", "list")

    assert CLI_KEYS["contributor"][2:] not in content.lower()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Account.from_key(Account.decrypt(json.loads(content), CLI_PASSWORD)).address == cli_contributor.address
    assert {"name": "contributor", "address": cli_contributor.address, "path": str(path)} in listed


def test_created_account_opens_with_its_password_and_never_prints_the_key(cli_teal, cli_home, cli_env):
    result = cli_teal("account", "create", "fresh", "--json")

    created = json.loads(result.stdout)
    keystore = json.loads((cli_home / "keystore" / "fresh.json").read_text())
    key = Account.decrypt(keystore, CLI_PASSWORD)
    assert Account.from_key(key).address == created["address"]
    assert key.hex() not in result.stdout + result.stderr


def test_importing_something_that_is_not_a_key_is_one_line(cli_teal, cli_keystore):
    message = cli_teal.error("account", "import", "junk", stdin="not a key\n")

    assert message == "that is not a private key (64 hex digits, optionally after 0x)"


def test_importing_the_same_key_twice_names_the_existing_account(cli_teal, cli_keystore):
    message = cli_teal.error("account", "import", "again", stdin=CLI_KEYS["member1"] + "\n")

    assert message.endswith("is already in the keystore as 'member1'")


def test_network_name_reads_deployments_name_json(cli_teal, cli_manifest, cli_env, tmp_path, board):
    (tmp_path / "deployments").mkdir()
    (tmp_path / "deployments" / "my-chain.json").write_text(cli_manifest.read_text())
    env = {"TEAL_MANIFEST": str(tmp_path / "elsewhere.json")}  # --network wins over the default

    count = len(cli_teal.json("task", "list", "--network", "my-chain", "--rpc-url", cli_env["TEAL_RPC_URL"],
                          env=env, cwd=tmp_path))

    assert count == min(board.taskCount(), 50)


def test_unknown_network_without_a_url_is_one_line(cli_teal, tmp_path):
    message = cli_teal.error("task", "list", "--network", "nowhere", cwd=tmp_path)

    assert message == "unknown network 'nowhere' (known: teal-ganache, teal-anvil); give its RPC URL with --rpc-url"


def test_missing_manifest_says_to_deploy(cli_teal, tmp_path, cli_env):
    message = cli_teal.error("task", "list", "--manifest", str(tmp_path / "none.json"))

    assert message.startswith(f"no deployment manifest at {tmp_path / 'none.json'}: deploy first")
