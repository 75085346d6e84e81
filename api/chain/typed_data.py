"""EIP-712 typed data of the contracts' by-signature functions, shared by the command line,
the Brownie scripts and the tests (scripts/signatures.py and scripts/work_signatures.py
re-export these), so what a wallet signs is built in one place.

Builders return the full typed-data dict (domain, types, message): the structure a wallet
shows is the structure that gets signed. `sign` turns it into the 65-byte signature.
"""

from __future__ import annotations

import secrets
from typing import Any

from eth_account import Account
from eth_account.messages import encode_typed_data

EIP712_DOMAIN = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
TASK_BOARD_DOMAIN_NAME = "TealTaskBoard"


def domain(*, name: str, chain_id: int, verifying_contract: str, version: str = "1") -> dict[str, Any]:
    return {"name": name, "version": version, "chainId": chain_id, "verifyingContract": verifying_contract}


def board_domain(*, chain_id: int, verifying_contract: str) -> dict[str, Any]:
    """The TaskBoard's EIP-712 domain (name TealTaskBoard, version 1)."""
    return domain(name=TASK_BOARD_DOMAIN_NAME, chain_id=chain_id, verifying_contract=verifying_contract)


def claim(
    *, domain: dict[str, Any], task_id: int, claimant: str, reward: int, max_bond: int, nonce: int, deadline: int
) -> dict[str, Any]:
    """TaskBoard's `Claim(uint256 taskId,address claimant,uint256 reward,uint256 maxBond,uint256 nonce,
    uint256 deadline)`: the claimant signs the reward it expects and the most bond it accepts, so a
    relayer or front-runner cannot change the deal. Nonces are unordered (see `claim_nonce`)."""
    return {
        "types": {
            "EIP712Domain": EIP712_DOMAIN,
            "Claim": [
                {"name": "taskId", "type": "uint256"},
                {"name": "claimant", "type": "address"},
                {"name": "reward", "type": "uint256"},
                {"name": "maxBond", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Claim",
        "domain": domain,
        "message": {
            "taskId": task_id,
            "claimant": claimant,
            "reward": reward,
            "maxBond": max_bond,
            "nonce": nonce,
            "deadline": deadline,
        },
    }


FORWARDER_DOMAIN_NAME = "TealForwarder"
# Gas a forwarded call gets when the signer does not say (the forwarder passes exactly this
# much to the target; what is left unused is not charged).
DEFAULT_FORWARD_GAS = 500_000


def forwarder_domain(*, chain_id: int, verifying_contract: str) -> dict[str, Any]:
    """The TealForwarder's EIP-712 domain (OpenZeppelin ERC2771Forwarder, name TealForwarder, version 1)."""
    return domain(name=FORWARDER_DOMAIN_NAME, chain_id=chain_id, verifying_contract=verifying_contract)


def forward_request(
    *,
    domain: dict[str, Any],
    sender: str,
    to: str,
    data: bytes,
    nonce: int,
    deadline: int,
    gas: int = DEFAULT_FORWARD_GAS,
    value: int = 0,
) -> dict[str, Any]:
    """OpenZeppelin ERC2771Forwarder's `ForwardRequest(address from,address to,uint256 value,uint256 gas,
    uint256 nonce,uint48 deadline,bytes data)`: `sender` asks the forwarder to call `to` with `data`
    as itself. Nonces are the forwarder's sequential `nonces(sender)`."""
    return {
        "types": {
            "EIP712Domain": EIP712_DOMAIN,
            "ForwardRequest": [
                {"name": "from", "type": "address"},
                {"name": "to", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "gas", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint48"},
                {"name": "data", "type": "bytes"},
            ],
        },
        "primaryType": "ForwardRequest",
        "domain": domain,
        "message": {
            "from": sender,
            "to": to,
            "value": value,
            "gas": gas,
            "nonce": nonce,
            "deadline": deadline,
            "data": bytes(data),
        },
    }


def forward_request_data(typed: dict[str, Any], signature: bytes) -> tuple[Any, ...]:
    """The `ForwardRequestData` tuple `execute` takes (from, to, value, gas, deadline, data,
    signature) for a signed `forward_request`: the nonce is not in it (the forwarder reads its own)."""
    m = typed["message"]
    return (m["from"], m["to"], m["value"], m["gas"], m["deadline"], bytes(m["data"]), bytes(signature))


def claim_nonce() -> int:
    """A fresh claim-signature nonce. TaskBoard's nonces are unordered bitmaps (as Uniswap's
    Permit2): any unused number works, so a random 64-bit one never collides with another
    pending signature and never waits for one (`cancelClaimNonces(nonce >> 8, 1 << (nonce & 255))`
    revokes it)."""
    return secrets.randbits(64)


def ballot(*, domain: dict[str, Any], proposal_id: int, support: int, voter: str, nonce: int) -> dict[str, Any]:
    """OpenZeppelin Governor's `Ballot` for castVoteBySig."""
    return {
        "types": {
            "EIP712Domain": EIP712_DOMAIN,
            "Ballot": [
                {"name": "proposalId", "type": "uint256"},
                {"name": "support", "type": "uint8"},
                {"name": "voter", "type": "address"},
                {"name": "nonce", "type": "uint256"},
            ],
        },
        "primaryType": "Ballot",
        "domain": domain,
        "message": {"proposalId": proposal_id, "support": support, "voter": voter, "nonce": nonce},
    }


def extended_ballot(
    *, domain: dict[str, Any], proposal_id: int, support: int, voter: str, nonce: int, reason: str, params: bytes = b""
) -> dict[str, Any]:
    """OpenZeppelin Governor's `ExtendedBallot` for castVoteWithReasonAndParamsBySig: a relayed
    vote that carries its reason (and params, empty for our counting module)."""
    return {
        "types": {
            "EIP712Domain": EIP712_DOMAIN,
            "ExtendedBallot": [
                {"name": "proposalId", "type": "uint256"},
                {"name": "support", "type": "uint8"},
                {"name": "voter", "type": "address"},
                {"name": "nonce", "type": "uint256"},
                {"name": "reason", "type": "string"},
                {"name": "params", "type": "bytes"},
            ],
        },
        "primaryType": "ExtendedBallot",
        "domain": domain,
        "message": {
            "proposalId": proposal_id,
            "support": support,
            "voter": voter,
            "nonce": nonce,
            "reason": reason,
            "params": params,
        },
    }


def delegation(*, domain: dict[str, Any], delegatee: str, nonce: int, expiry: int) -> dict[str, Any]:
    """ERC20Votes' `Delegation` for delegateBySig."""
    return {
        "types": {
            "EIP712Domain": EIP712_DOMAIN,
            "Delegation": [
                {"name": "delegatee", "type": "address"},
                {"name": "nonce", "type": "uint256"},
                {"name": "expiry", "type": "uint256"},
            ],
        },
        "primaryType": "Delegation",
        "domain": domain,
        "message": {"delegatee": delegatee, "nonce": nonce, "expiry": expiry},
    }


def permit(
    *, domain: dict[str, Any], owner: str, spender: str, value: int, nonce: int, deadline: int
) -> dict[str, Any]:
    """ERC-2612 `Permit`."""
    return {
        "types": {
            "EIP712Domain": EIP712_DOMAIN,
            "Permit": [
                {"name": "owner", "type": "address"},
                {"name": "spender", "type": "address"},
                {"name": "value", "type": "uint256"},
                {"name": "nonce", "type": "uint256"},
                {"name": "deadline", "type": "uint256"},
            ],
        },
        "primaryType": "Permit",
        "domain": domain,
        "message": {"owner": owner, "spender": spender, "value": value, "nonce": nonce, "deadline": deadline},
    }


def sign(typed_data: dict[str, Any], private_key: Any) -> Any:
    """Sign typed data with a key or a LocalAccount; the result has `.signature` (65 bytes)."""
    signable = encode_typed_data(full_message=typed_data)
    if hasattr(private_key, "sign_message"):
        return private_key.sign_message(signable)
    return Account.sign_message(signable, private_key)
