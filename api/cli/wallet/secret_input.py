"""Reading passwords and private keys without them ever appearing in argv, the screen or a log:
a hidden prompt on the terminal, a password file for scripts, or stdin for a piped key."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from api.cli.wallet.keystore import WalletError


def _has_terminal() -> bool:
    try:
        with open("/dev/tty"):
            return True
    except OSError:
        return False


def read_password(password_file: Path | None, *, confirm: bool = False, prompt: str = "Password") -> str:
    """The first line of `password_file`, or a hidden prompt (twice when `confirm`)."""
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise WalletError(f"cannot read the password file {password_file}: {exc.strerror or exc}") from None
        if not lines or not lines[0]:
            raise WalletError(f"the password file {password_file} is empty (the password is its first line)")
        return lines[0]
    if not _has_terminal():
        raise WalletError("no terminal to ask for the password: pass --password-file FILE (or set TEAL_PASSWORD_FILE)")
    password = getpass.getpass(f"{prompt}: ")
    if not password:
        raise WalletError("an empty password is not allowed")
    if confirm and getpass.getpass(f"{prompt} again: ") != password:
        raise WalletError("the passwords do not match")
    return password


def read_private_key() -> str:
    """A private key from a hidden prompt, or the first line of stdin when it is piped in."""
    if sys.stdin is not None and not sys.stdin.isatty():
        key = sys.stdin.readline().strip()
    elif _has_terminal():
        key = getpass.getpass("Private key (hidden): ").strip()
    else:
        raise WalletError("no private key: pipe it on stdin or run in a terminal")
    if not key:
        raise WalletError("no private key given (expected 64 hex digits on stdin or at the prompt)")
    return key


def read_mnemonic() -> str:
    """A BIP-39 mnemonic from a hidden prompt, or the first line of stdin when it is piped in."""
    if sys.stdin is not None and not sys.stdin.isatty():
        phrase = sys.stdin.readline()
    elif _has_terminal():
        phrase = getpass.getpass("Mnemonic (hidden): ")
    else:
        raise WalletError("no mnemonic: pipe it on stdin or run in a terminal")
    phrase = " ".join(phrase.split())
    if not phrase:
        raise WalletError("no mnemonic given (expected 12 or 24 words on stdin or at the prompt)")
    return phrase
