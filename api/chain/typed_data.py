"""EIP-712 typed data of the contracts' by-signature functions, shared by the command line,
the Brownie scripts and the tests (scripts/signatures.py and scripts/work_signatures.py
re-export these), so what a wallet signs is built in one place.

Builders return the full typed-data dict (domain, types, message): the structure a wallet
shows is the structure that gets signed. `sign` turns it into the 65-byte signature. Each
struct is declared once, as its `encodeType` string (`FORWARD_REQUEST_TYPE`, `PERMIT_TYPE`, ...),
and `typed_message` builds the types from it.
"""

from __future__ import annotations

import secrets
from typing import Any

from eth_account import Account
from eth_account.datastructures import SignedMessage
from eth_account.messages import encode_typed_data

EIP712_DOMAIN = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
TASK_BOARD_DOMAIN_NAME = "TealTaskBoard"

# The contracts' struct types, in EIP-712's `encodeType` form (as the Solidity typehashes spell them).
CLAIM_TYPE = "Claim(uint256 taskId,address claimant,uint256 reward,uint256 maxBond,uint256 nonce,uint256 deadline)"
FORWARD_REQUEST_TYPE = (
    "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)"
)
BALLOT_TYPE = "Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)"
EXTENDED_BALLOT_TYPE = (
    "ExtendedBallot(uint256 proposalId,uint8 support,address voter,uint256 nonce,string reason,bytes params)"
)
DELEGATION_TYPE = "Delegation(address delegatee,uint256 nonce,uint256 expiry)"
PERMIT_TYPE = "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"


def struct_fields(encoded_type: str) -> tuple[str, list[dict[str, str]]]:
    """`Name(type1 name1,type2 name2,...)` as (Name, [{"name": name1, "type": type1}, ...])."""
    name, _, members = encoded_type.rstrip(")").partition("(")
    fields = []
    for member in members.split(","):
        member_type, member_name = member.split(" ")
        fields.append({"name": member_name, "type": member_type})
    return name, fields


def typed_message(encoded_type: str, *, domain: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    """The full typed-data dict a wallet signs: `message` of the struct `encoded_type` in `domain`."""
    primary, fields = struct_fields(encoded_type)
    return {
        "types": {"EIP712Domain": EIP712_DOMAIN, primary: fields},
        "primaryType": primary,
        "domain": domain,
        "message": message,
    }


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
    return typed_message(
        CLAIM_TYPE,
        domain=domain,
        message={
            "taskId": task_id,
            "claimant": claimant,
            "reward": reward,
            "maxBond": max_bond,
            "nonce": nonce,
            "deadline": deadline,
        },
    )


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
    return typed_message(
        FORWARD_REQUEST_TYPE,
        domain=domain,
        message={
            "from": sender,
            "to": to,
            "value": value,
            "gas": gas,
            "nonce": nonce,
            "deadline": deadline,
            "data": bytes(data),
        },
    )


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
    return typed_message(
        BALLOT_TYPE,
        domain=domain,
        message={"proposalId": proposal_id, "support": support, "voter": voter, "nonce": nonce},
    )


def extended_ballot(
    *, domain: dict[str, Any], proposal_id: int, support: int, voter: str, nonce: int, reason: str, params: bytes = b""
) -> dict[str, Any]:
    """OpenZeppelin Governor's `ExtendedBallot` for castVoteWithReasonAndParamsBySig: a relayed
    vote that carries its reason (and params, empty for our counting module)."""
    return typed_message(
        EXTENDED_BALLOT_TYPE,
        domain=domain,
        message={
            "proposalId": proposal_id,
            "support": support,
            "voter": voter,
            "nonce": nonce,
            "reason": reason,
            "params": params,
        },
    )


def delegation(*, domain: dict[str, Any], delegatee: str, nonce: int, expiry: int) -> dict[str, Any]:
    """ERC20Votes' `Delegation` for delegateBySig."""
    return typed_message(
        DELEGATION_TYPE,
        domain=domain,
        message={"delegatee": delegatee, "nonce": nonce, "expiry": expiry},
    )


def permit(
    *, domain: dict[str, Any], owner: str, spender: str, value: int, nonce: int, deadline: int
) -> dict[str, Any]:
    """ERC-2612 `Permit`."""
    return typed_message(
        PERMIT_TYPE,
        domain=domain,
        message={"owner": owner, "spender": spender, "value": value, "nonce": nonce, "deadline": deadline},
    )


def sign(typed_data: dict[str, Any], private_key: Any) -> SignedMessage:
    """Sign typed data with a key or a LocalAccount; the result has `.signature` (65 bytes)."""
    signable = encode_typed_data(full_message=typed_data)
    if hasattr(private_key, "sign_message"):
        return private_key.sign_message(signable)
    return Account.sign_message(signable, private_key)
