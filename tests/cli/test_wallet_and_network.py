"""Accounts and network choice as a user meets them: keys go into encrypted files and
nowhere else; `--network NAME` finds its manifest; mistakes are one line."""

from __future__ import annotations

import json
import os
import stat

from eth_account import Account
from teal_cli import CLI_KEYS, CLI_PASSWORD, run_in_terminal


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

    count = len(
        cli_teal.json(
            "task", "list", "--network", "my-chain", "--rpc-url", cli_env["TEAL_RPC_URL"], env=env, cwd=tmp_path
        )
    )

    assert count == min(board.taskCount(), 50)


def test_unknown_network_without_a_url_is_one_line(cli_teal, tmp_path):
    message = cli_teal.error("task", "list", "--network", "nowhere", cwd=tmp_path)

    assert message == "unknown network 'nowhere' (known: teal-ganache, teal-anvil); give its RPC URL with --rpc-url"


def test_missing_manifest_says_to_deploy(cli_teal, tmp_path, cli_env):
    message = cli_teal.error("task", "list", "--manifest", str(tmp_path / "none.json"))

    assert message.startswith(f"no deployment manifest at {tmp_path / 'none.json'}: deploy first")


def test_key_and_passwords_typed_at_hidden_prompts_are_not_echoed(cli_teal, cli_home):
    env = {k: v for k, v in {**os.environ, **cli_teal.env}.items() if k != "TEAL_PASSWORD_FILE"}
    key = "0x" + "77" * 32

    code, shown = run_in_terminal(
        [*cli_teal.cmd, "account", "import", "typed"],
        env,
        [("Private key", key), ("New password for typed:", "s3cret"), ("again", "s3cret")],
    )

    assert code == 0, shown
    assert key[2:] not in shown and "s3cret" not in shown
    stored = json.loads((cli_home / "keystore" / "typed.json").read_text())
    assert Account.from_key(Account.decrypt(stored, "s3cret")).address == Account.from_key(key).address


def test_mismatched_passwords_at_the_prompt_store_nothing(cli_teal, cli_home):
    env = {k: v for k, v in {**os.environ, **cli_teal.env}.items() if k != "TEAL_PASSWORD_FILE"}

    code, shown = run_in_terminal(
        [*cli_teal.cmd, "account", "create", "typo"], env, [("New password for typo:", "one"), ("again", "two")]
    )

    assert code == 1
    assert shown.strip().splitlines()[-1] == "error: the passwords do not match"
    assert not (cli_home / "keystore" / "typo.json").exists()


TEST_MNEMONIC = "test test test test test test test test test test test junk"


def test_an_account_of_a_mnemonic_is_imported_from_stdin(cli_teal, cli_home):
    result = cli_teal("account", "import", "second", "--mnemonic", "--index", "1", "--json", stdin=TEST_MNEMONIC + "\n")

    imported = json.loads(result.stdout)
    assert imported["address"] == "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"  # what MetaMask and Anvil show
    assert "junk" not in result.stdout + result.stderr
    keystore = json.loads((cli_home / "keystore" / "second.json").read_text())
    assert Account.from_key(Account.decrypt(keystore, CLI_PASSWORD)).address == imported["address"]


def test_a_phrase_that_is_not_bip39_is_one_line(cli_teal, cli_keystore):
    message = cli_teal.error("account", "import", "nope", "--mnemonic", stdin="brownie\n")

    assert message.startswith("that is not a valid BIP-39 mnemonic")


def test_index_without_mnemonic_is_one_line(cli_teal, cli_keystore):
    message = cli_teal.error("account", "import", "nope", "--index", "3", stdin=CLI_KEYS["nobody"] + "\n")

    assert message == "--index picks an account of a mnemonic: add --mnemonic"


def _record(data_dir, manifest, rpc_url):
    from api.cli.devnet.record import DemoAccount, DevnetRecord, write_record

    return write_record(
        data_dir,
        DevnetRecord(
            chain="ganache",
            chain_id=1337,
            rpc_url=rpc_url,
            api_url="http://127.0.0.1:9",
            manifest=manifest,
            state_dir=data_dir / "devnet" / "ganache",
            documents_dir=data_dir / "devnet" / "ganache" / "documents",
            database_url=f"sqlite:///{data_dir / 'devnet' / 'ganache' / 'teal.db'}",
            pid=os.getpid(),
            mnemonic=TEST_MNEMONIC,
            accounts=[
                DemoAccount("foundation", 0, "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
                DemoAccount("ana", 1, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"),
            ],
        ),
    )


def _without_chain_settings(cli_env, data_dir):
    """A user's shell: no TEAL_RPC_URL or TEAL_MANIFEST, the data folder holding a devnet record."""
    return {
        k: v
        for k, v in {**os.environ, **cli_env, "TEAL_DATA_DIR": str(data_dir)}.items()
        if k not in ("TEAL_RPC_URL", "TEAL_MANIFEST", "TEAL_KEYSTORE")
    }


def test_commands_without_a_chain_option_use_the_recorded_running_devnet(cli_teal, cli_env, cli_manifest, tmp_path):
    import fcntl
    import subprocess

    from brownie import web3

    _record(tmp_path, cli_manifest, web3.provider.endpoint_uri)
    env = _without_chain_settings(cli_env, tmp_path)
    with (tmp_path / "devnet.lock").open("a") as lock:  # what a running `teal up` holds
        fcntl.flock(lock, fcntl.LOCK_EX)
        listed = subprocess.run(
            [*cli_teal.cmd, "task", "list", "--json"], capture_output=True, text=True, env=env, timeout=120
        )

    assert listed.returncode == 0, listed.stderr  # without the record: "no deployment manifest at deployments/..."
    assert isinstance(json.loads(listed.stdout), list)


def test_a_stopped_devnet_is_one_line_naming_how_to_start_it(cli_teal, cli_env, cli_manifest, tmp_path):
    import subprocess

    path = _record(tmp_path, cli_manifest, "http://127.0.0.1:9")
    env = _without_chain_settings(cli_env, tmp_path)

    listed = subprocess.run(
        [*cli_teal.cmd, "task", "list"], capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL
    )

    assert listed.returncode == 1
    assert listed.stderr == f"error: the devnet recorded in {path} is not running: start it with scripts/up.sh\n"


def test_import_demo_puts_the_recorded_people_in_the_keystore_by_name(cli_teal, cli_env, cli_manifest, tmp_path):
    _record(tmp_path, cli_manifest, "http://127.0.0.1:9")  # a stopped devnet's record still names its keys
    env = {"TEAL_DATA_DIR": str(tmp_path), "TEAL_KEYSTORE": str(tmp_path / "keystore")}

    first = cli_teal.json("account", "import-demo", env=env)
    again = cli_teal.json("account", "import-demo", env=env)

    assert [(a["name"], a["address"], a["imported"]) for a in first] == [
        ("foundation", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", True),
        ("ana", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", True),
    ]
    assert [a["imported"] for a in again] == [False, False]
    listed = cli_teal.json("account", "list", env=env)
    assert {(a["name"], a["address"]) for a in listed} == {(a["name"], a["address"]) for a in first}
