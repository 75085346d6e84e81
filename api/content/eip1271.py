"""EIP-1271: asking a contract account (a Safe, a smart wallet) whether it accepts a signature.

The check is handed to `verify_signature` (api.content.signing) as its `contract_check`; both
the indexer's document fetcher and the API's publishing use it, each with its own web3.
"""

from __future__ import annotations

from typing import Any

from api.content.errors import ContractCheckUnavailableError
from api.content.signing import ContractSignatureCheck

EIP1271_MAGIC = bytes.fromhex("1626ba7e")
_EIP1271_ABI: list[dict[str, Any]] = [
    {
        "name": "isValidSignature",
        "type": "function",
        "stateMutability": "view",
        "inputs": [{"name": "hash", "type": "bytes32"}, {"name": "signature", "type": "bytes"}],
        "outputs": [{"name": "magicValue", "type": "bytes4"}],
    }
]


def eip1271_check(w3: Any) -> ContractSignatureCheck:
    """Ask a contract author whether it accepts a signature (EIP-1271), as a Safe does for
    its owners'. An account with no code, a revert or another answer is a refusal; an RPC
    that cannot be reached is a `ContractCheckUnavailableError`: retried, never a rejection."""

    def check(author: str, digest: bytes, signature: bytes) -> bool:
        try:
            if not w3.eth.get_code(author):
                return False
        except Exception as exc:  # any transport failure: retry later
            raise ContractCheckUnavailableError(
                f"could not read {author}'s code to check an EIP-1271 signature: {exc}"
            ) from exc
        try:
            wallet = w3.eth.contract(address=author, abi=_EIP1271_ABI)
            magic = wallet.functions.isValidSignature(digest, signature).call()
        except Exception:  # noqa: BLE001 - a revert or a non-conforming contract is a refusal
            return False
        return bytes(magic) == EIP1271_MAGIC

    return check
