"""The tests' `teal` runner (tests/cli/teal_cli.py over tests/forked.py): a forked `teal`
answers exactly as the installed executable does, and each call is a process of its own."""

from __future__ import annotations

import json
import os
import subprocess

from eth_account import Account
from teal_cli import CLI_KEYS, CLI_PASSWORD, TealCli, _forked


def _env(tmp_path, name: str) -> dict[str, str]:
    password = tmp_path / "password.txt"
    password.write_text(CLI_PASSWORD + "\n")
    return {
        **os.environ,
        "TEAL_DATA_DIR": str(tmp_path / name),
        "TEAL_KEYSTORE": str(tmp_path / name / "keystore"),
        "TEAL_PASSWORD_FILE": str(password),
        "COLUMNS": "200",
    }


def test_a_forked_teal_answers_as_the_executable(tmp_path):
    env = _env(tmp_path, "same")
    for args in (["--version"], ["task", "show", "0"], ["account", "list"], ["no-such-command"]):
        forked = _forked(args, env, None, None)
        executed = subprocess.run(
            [*TealCli({}).cmd, *args], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60
        )

        assert (forked.returncode, forked.stdout, forked.stderr) == (
            executed.returncode,
            executed.stdout,
            executed.stderr,
        ), args


def test_each_call_has_its_own_environment_and_standard_input(tmp_path):
    first, second = _env(tmp_path, "first"), _env(tmp_path, "second")

    _forked(["account", "import", "one", "--json"], first, None, CLI_KEYS["member1"] + "\n")
    _forked(["account", "import", "two", "--json"], second, None, CLI_KEYS["member2"] + "\n")
    listed = [json.loads(_forked(["account", "list", "--json"], env, None, None).stdout) for env in (first, second)]

    assert [[(a["name"], a["address"]) for a in accounts] for accounts in listed] == [
        [("one", Account.from_key(CLI_KEYS["member1"]).address)],
        [("two", Account.from_key(CLI_KEYS["member2"]).address)],
    ]
