"""Accounts for the command line: encrypted keystore files and the hidden inputs that open them."""

from api.wallet.keystore import Keystore, StoredAccount, WalletError, WrongPassword, key_from_mnemonic
from api.wallet.secret_input import read_mnemonic, read_password, read_private_key

__all__ = ["Keystore", "StoredAccount", "WalletError", "WrongPassword", "key_from_mnemonic", "read_mnemonic",
           "read_password", "read_private_key"]
