"""Named accounts kept as encrypted JSON keystore files (Web3 Secret Storage, what geth and
`eth-account`'s `Account.encrypt` write), one `<name>.json` per account in one folder.

A private key only ever exists decrypted in memory: it is read from a hidden prompt or
stdin, encrypted with the password before it touches the disk, and never printed or logged.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import is_address, to_checksum_address

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class WalletError(Exception):
    """Something about an account a user can fix: a name, a file, a password."""


class WrongPassword(WalletError):
    pass


@dataclass(frozen=True)
class StoredAccount:
    name: str
    address: str
    path: Path


class Keystore:
    """The accounts in one folder (TEAL_KEYSTORE, default <data dir>/keystore)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def accounts(self) -> list[StoredAccount]:
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.json")):
            address = _address_of(path)
            if address is not None:
                found.append(StoredAccount(name=path.stem, address=address, path=path))
        return found

    def find(self, name_or_address: str) -> StoredAccount:
        """The account with this name, or with this address."""
        wanted = name_or_address.strip()
        accounts = self.accounts()
        if wanted.lower().startswith("0x"):
            if not is_address(wanted):
                raise WalletError(f"{wanted!r} is not an address (0x and 40 hex digits)")
            for account in accounts:
                if account.address.lower() == wanted.lower():
                    return account
            raise WalletError(
                f"no account with address {wanted} in the keystore {self.folder}: add it with `teal account import`"
            )
        for account in accounts:
            if account.name == wanted:
                return account
        known = ", ".join(a.name for a in accounts) or "none yet"
        raise WalletError(
            f"no account named {wanted!r} in the keystore {self.folder} (accounts: {known}); "
            "create one with `teal account create NAME` or `teal account import NAME`"
        )

    def save(self, name: str, private_key: bytes | str, password: str, *, kdf_cost: int | None = None) -> StoredAccount:
        """Encrypt `private_key` under `password` and store it as `<name>.json` (`kdf_cost`: scrypt's
        n, default eth-account's 2**18; lower only for keys that are public anyway)."""
        check_name(name)
        path = self.folder / f"{name}.json"
        if path.exists():
            raise WalletError(f"an account named {name!r} already exists ({path})")
        try:
            account = Account.from_key(private_key)
        except (ValueError, TypeError):
            raise WalletError("that is not a private key (64 hex digits, optionally after 0x)") from None
        for existing in self.accounts():
            if existing.address == account.address:
                raise WalletError(f"{account.address} is already in the keystore as {existing.name!r}")
        encrypted = Account.encrypt(account.key, password, iterations=kdf_cost)
        self._write(path, encrypted)
        return StoredAccount(name=name, address=account.address, path=path)

    def save_encrypted(self, name: str, keystore_json: dict[str, Any], password: str) -> StoredAccount:
        """Store an existing keystore file's JSON after checking that the password opens it."""
        check_name(name)
        path = self.folder / f"{name}.json"
        if path.exists():
            raise WalletError(f"an account named {name!r} already exists ({path})")
        account = _decrypt(keystore_json, password, what="that keystore file")
        self._write(path, keystore_json)
        return StoredAccount(name=name, address=account.address, path=path)

    def unlock(self, account: StoredAccount, password: str) -> LocalAccount:
        try:
            keystore_json = json.loads(account.path.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise WalletError(f"cannot read the keystore file {account.path}: {exc}") from None
        return _decrypt(keystore_json, password, what=f"account {account.name!r}")

    def _write(self, path: Path, content: dict[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_suffix(".tmp")
        # Owner-only from the first byte: the file is encrypted, but there is no reason to share it.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            json.dump(content, out)
        tmp.replace(path)


def key_from_mnemonic(phrase: str, index: int) -> bytes:
    """The private key of account `index` of a BIP-39 mnemonic, on the path wallets use
    (m/44'/60'/0'/0/index: MetaMask, cast, ethers, Ganache and Anvil)."""
    from eth_account.hdaccount import key_from_seed, seed_from_mnemonic
    from eth_utils.exceptions import ValidationError

    if index < 0 or index >= 2**31:
        raise WalletError(f"account index {index} is out of range (0 to 2^31-1)")
    try:
        seed = seed_from_mnemonic(" ".join(phrase.split()), passphrase="")
    except (ValueError, TypeError, ValidationError) as exc:
        raise WalletError(f"that is not a valid BIP-39 mnemonic ({exc})") from None
    return key_from_seed(seed, f"m/44'/60'/0'/0/{index}")


def check_name(name: str) -> None:
    if not NAME_PATTERN.match(name):
        raise WalletError(
            f"{name!r} is not a usable account name: letters, digits, '.', '_' or '-', "
            "starting with a letter or digit, at most 64 characters"
        )
    if name.lower().startswith("0x"):
        raise WalletError(f"{name!r} looks like an address; choose a name that does not start with 0x")


def _decrypt(keystore_json: dict[str, Any], password: str, *, what: str) -> LocalAccount:
    try:
        key = Account.decrypt(keystore_json, password)
    except ValueError as exc:
        if "MAC mismatch" in str(exc):
            raise WrongPassword(f"wrong password for {what}") from None
        raise WalletError(f"cannot decrypt {what}: {exc}") from None
    except (KeyError, TypeError):
        raise WalletError(f"{what} is not an encrypted JSON keystore") from None
    return Account.from_key(key)


def _address_of(path: Path) -> str | None:
    try:
        value = json.loads(path.read_text())
        return to_checksum_address("0x" + str(value["address"]).removeprefix("0x"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
