"""Small helpers shared by the Brownie tests."""

from __future__ import annotations

import re
from typing import Any

DOCUMENT = {
    "schema": "teal/proposal@1",
    "body": {"title": "Fund the grants workstream", "summary": "A grant paid from the treasury."},
}


def error(name: str, *args: Any) -> str:
    """An exact `revert_pattern` for custom error `name` with `args`, as Brownie decodes it
    (addresses lower-cased, integers in decimal). Without args it matches any arguments."""
    if not args:
        return rf"{re.escape(name)}(: .*)?"
    shown = []
    for arg in args:
        text = str(arg)
        if re.fullmatch(r"0x[0-9a-fA-F]{40}", text):
            text = text.lower()
        shown.append(re.escape(text))
    return rf"{re.escape(name)}: " + re.escape(", ").join(shown)


def dev_key(account: Any) -> str:
    """The private key of Brownie development account `account`, from the mnemonic the active
    test network launched its chain with (Ganache's "brownie", Anvil's test mnemonic)."""
    from brownie import accounts
    from brownie._config import CONFIG
    from eth_account import Account
    from eth_account.hdaccount import key_from_seed
    from eth_account.hdaccount.mnemonic import Mnemonic

    mnemonic = CONFIG.active_network["cmd_settings"]["mnemonic"]
    index = list(accounts).index(account)
    key = "0x" + key_from_seed(Mnemonic.to_seed(mnemonic), f"m/44'/60'/0'/0/{index}").hex()
    assert Account.from_key(key).address == account.address
    return key


def set_mining(on: bool) -> None:
    """Stop or start mining on the test chain (Ganache's miner_stop/miner_start, Anvil's
    automine); starting a running miner is a no-op."""
    from brownie import web3

    if "anvil" in web3.client_version.lower():
        answer = web3.provider.make_request("evm_setAutomine", [on])
    else:
        answer = web3.provider.make_request("miner_start" if on else "miner_stop", [])
    assert "error" not in answer or on, answer
