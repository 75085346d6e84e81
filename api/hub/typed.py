"""Snapshot's signed messages, exactly as `@snapshot-labs/snapshot.js` 0.17.5 signs them.

EIP-712 domain `{"name": "snapshot", "version": "0.1.4"}` (no chainId, no verifying
contract); the types below are copied from the package's `dist` (in this version `from` is
a `string`). The `Vote` type's `choice` is `uint32` (single-choice, basic), `uint32[]`
(approval, ranked-choice) or `string` (JSON, for weighted and quadratic).

A message's id is its EIP-712 hash, `0x`-hex, as Snapshot's hub answers it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # eth_account loads on first use: `teal --help` imports these message types
    from eth_account.messages import SignableMessage

DOMAIN_NAME = "snapshot"
DOMAIN_VERSION = "0.1.4"
DOMAIN = {"name": DOMAIN_NAME, "version": DOMAIN_VERSION}

Field = dict[str, str]


def _fields(*pairs: tuple[str, str]) -> list[Field]:
    return [{"name": name, "type": kind} for name, kind in pairs]


PROPOSAL = _fields(
    ("from", "string"), ("space", "string"), ("timestamp", "uint64"), ("type", "string"),
    ("title", "string"), ("body", "string"), ("discussion", "string"), ("choices", "string[]"),
    ("labels", "string[]"), ("start", "uint64"), ("end", "uint64"), ("snapshot", "uint64"),
    ("plugins", "string"), ("privacy", "string"), ("app", "string"),
)  # fmt: skip
UPDATE_PROPOSAL = _fields(
    ("proposal", "string"), ("from", "string"), ("space", "string"), ("timestamp", "uint64"),
    ("type", "string"), ("title", "string"), ("body", "string"), ("discussion", "string"),
    ("choices", "string[]"), ("labels", "string[]"), ("plugins", "string"), ("privacy", "string"),
)  # fmt: skip
CANCEL_PROPOSAL = _fields(("from", "string"), ("space", "string"), ("timestamp", "uint64"), ("proposal", "string"))


def vote_fields(choice_type: str) -> list[Field]:
    return _fields(
        ("from", "string"), ("space", "string"), ("timestamp", "uint64"), ("proposal", "string"),
        ("choice", choice_type), ("reason", "string"), ("app", "string"), ("metadata", "string"),
    )  # fmt: skip


VOTE_NUMBER, VOTE_ARRAY, VOTE_STRING = vote_fields("uint32"), vote_fields("uint32[]"), vote_fields("string")

# primary type -> the field lists this hub accepts for it
ACCEPTED: dict[str, list[list[Field]]] = {
    "Proposal": [PROPOSAL],
    "UpdateProposal": [UPDATE_PROPOSAL],
    "CancelProposal": [CANCEL_PROPOSAL],
    "Vote": [VOTE_NUMBER, VOTE_ARRAY, VOTE_STRING],
}

# The Vote's `choice` type each voting type uses (what snapshot.js's `vote()` picks).
CHOICE_TYPE = {
    "single-choice": "uint32",
    "basic": "uint32",
    "approval": "uint32[]",
    "ranked-choice": "uint32[]",
    "weighted": "string",
    "quadratic": "string",
}
VOTING_TYPES = tuple(CHOICE_TYPE)


class MessageError(ValueError):
    """A message that is not one of the accepted typed messages (what and why)."""


def primary_type(types: Any) -> str:
    """The message's primary type, if `types` is exactly one accepted type's field list."""
    if not isinstance(types, dict):
        raise MessageError("data.types must be an object")
    names = [name for name in types if name != "EIP712Domain"]
    if len(names) != 1 or names[0] not in ACCEPTED:
        raise MessageError(f"unsupported message types {sorted(names)}; accepted: {sorted(ACCEPTED)}")
    name = names[0]
    if types[name] not in ACCEPTED[name]:
        raise MessageError(f"the {name} type's fields differ from snapshot.js 0.1.4's")
    return name


def signable(domain: dict[str, Any], types: dict[str, Any], message: dict[str, Any]) -> SignableMessage:
    from eth_account.messages import encode_typed_data

    name = primary_type(types)
    return encode_typed_data(
        full_message={
            "types": {
                "EIP712Domain": [
                    {"name": "name", "type": "string"},
                    {"name": "version", "type": "string"},
                ],
                name: types[name],
            },
            "primaryType": name,
            "domain": domain,
            "message": message,
        }
    )


def digest(signable_message: SignableMessage) -> bytes:
    """The 32-byte EIP-712 hash that was signed."""
    from eth_utils import keccak

    m = signable_message
    return keccak(b"\x19" + m.version + m.header + m.body)


def recover(signable_message: SignableMessage, signature: str) -> str:
    from eth_account import Account

    return str(Account.recover_message(signable_message, signature=signature))
