"""Author signatures over documents: EIP-712 typed data (default) or EIP-191 personal_sign.

What is signed is the document's *content digest*: keccak256 of the RFC 8785 bytes of the
unsigned envelope `{"schema", "body", "author"}`. Both schemes also bind the signing domain
(application name and version, chain id and, when set, the verifying contract), so a
signature made for one document, chain or deployment does not validate any other:

- EIP-712: domain `{name, version, chainId[, verifyingContract]}` and the primary type
  `TealDocument(string schema, address author, bytes32 contentDigest)`; wallets show the
  schema and author to the signer.
- EIP-191: the wallet signs the text produced by `personal_message`, which names the same
  fields one per line.

Signatures must be 65 bytes with a low `s` (EIP-2), so each document has one signature
encoding and so one CID. `eth-account` does the cryptography.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from eth_account import Account
from eth_account.messages import SignableMessage, _hash_eip191_message, encode_defunct, encode_typed_data
from eth_account.signers.local import LocalAccount
from eth_utils import keccak, to_checksum_address

from api.content.canonical import canonical_bytes
from api.content.errors import SignatureError
from api.content.schemas import Document, Signature

Scheme = Literal["eip712", "eip191"]
# EIP-1271: (contract account, 32-byte digest, signature) -> whether the account accepts it.
ContractSignatureCheck = Callable[[str, bytes, bytes], bool]

# secp256k1 group order; signatures with s > n/2 are the malleable twin of a low-s one.
_SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


@dataclass(frozen=True)
class SigningDomain:
    """Where a signature is valid. The API builds it from the chain it serves."""

    chain_id: int
    verifying_contract: str | None = None
    name: str = "Teal"
    version: str = "1"

    def eip712_domain(self) -> dict[str, Any]:
        domain: dict[str, Any] = {
            "name": self.name,
            "version": self.version,
            "chainId": self.chain_id,
        }
        if self.verifying_contract is not None:
            domain["verifyingContract"] = to_checksum_address(self.verifying_contract)
        return domain


def content_digest(document: Document) -> bytes:
    """keccak256 of the canonical unsigned envelope (schema, body, author)."""
    return keccak(canonical_bytes(document.unsigned_envelope()))


def typed_data(document: Document, domain: SigningDomain) -> dict[str, Any]:
    """The EIP-712 payload a wallet signs (`eth_signTypedData_v4`)."""
    if document.author is None:
        raise SignatureError("a signed document needs an author")
    domain_fields = [
        {"name": "name", "type": "string"},
        {"name": "version", "type": "string"},
        {"name": "chainId", "type": "uint256"},
    ]
    if domain.verifying_contract is not None:
        domain_fields.append({"name": "verifyingContract", "type": "address"})
    return {
        "types": {
            "EIP712Domain": domain_fields,
            "TealDocument": [
                {"name": "schema", "type": "string"},
                {"name": "author", "type": "address"},
                {"name": "contentDigest", "type": "bytes32"},
            ],
        },
        "primaryType": "TealDocument",
        "domain": domain.eip712_domain(),
        "message": {
            "schema": document.schema_id,
            "author": to_checksum_address(document.author),
            "contentDigest": content_digest(document),
        },
    }


def personal_message(document: Document, domain: SigningDomain) -> str:
    """The text a wallet signs with `personal_sign` (EIP-191) for this document."""
    if document.author is None:
        raise SignatureError("a signed document needs an author")
    return "\n".join(
        [
            "Teal document signature",
            f"schema: {document.schema_id}",
            f"author: {to_checksum_address(document.author)}",
            f"digest: 0x{content_digest(document).hex()}",
            f"app: {domain.name} v{domain.version}",
            f"chain: {domain.chain_id}",
            f"contract: {domain.verifying_contract or 'none'}",
        ]
    )


def _signable(document: Document, domain: SigningDomain, scheme: Scheme) -> SignableMessage:
    if scheme == "eip712":
        return encode_typed_data(full_message=typed_data(document, domain))
    return encode_defunct(text=personal_message(document, domain))


def sign_document(
    document: Document,
    *,
    account: LocalAccount,
    domain: SigningDomain,
    scheme: Scheme = "eip712",
) -> Document:
    """Return `document` with `account` as author and its signature attached."""
    author = to_checksum_address(account.address)
    unsigned = Document(
        schema_id=document.schema_id,
        body=document.body,
        body_json=document.body_json,
        author=author,
    )
    signed = account.sign_message(_signable(unsigned, domain, scheme))
    value = "0x" + bytes(signed.signature).hex()
    return Document(
        schema_id=unsigned.schema_id,
        body=unsigned.body,
        body_json=unsigned.body_json,
        author=author,
        signature=Signature(scheme=scheme, value=value),
    )


def signed_digest(document: Document, domain: SigningDomain) -> bytes:
    """The 32-byte hash the signature is over (what EIP-1271's `isValidSignature` is asked)."""
    if document.signature is None:
        raise SignatureError("document is not signed")
    return bytes(_hash_eip191_message(_signable(document, domain, document.signature.scheme)))


def verify_signature(
    document: Document, *, domain: SigningDomain, contract_check: ContractSignatureCheck | None = None
) -> str:
    """Check the signature recovers to the stated author; return the author's address.

    With `contract_check`, a signature that is not the author's own key's is offered to the
    author as a contract account (EIP-1271 `isValidSignature`, e.g. a Safe whose owners
    signed): accepted when the contract says so.

    Raises SignatureError if the document is unsigned, the signature is malformed or
    malleable, or it was made by someone else, for other content, or for another domain.
    """
    try:
        return _verify_eoa(document, domain=domain)
    except SignatureError:
        if contract_check is None or document.signature is None or document.author is None:
            raise
        author = to_checksum_address(document.author)
        raw = bytes.fromhex(document.signature.value[2:])
        if contract_check(author, signed_digest(document, domain), raw):
            return author
        raise


def _verify_eoa(document: Document, *, domain: SigningDomain) -> str:
    if document.signature is None or document.author is None:
        raise SignatureError("document is not signed")
    raw = bytes.fromhex(document.signature.value[2:])
    s = int.from_bytes(raw[32:64], "big")
    if not 0 < s <= _SECP256K1_N // 2:
        raise SignatureError("signature has a high s value (EIP-2); use the canonical low-s form")
    if raw[64] not in (27, 28):
        raise SignatureError("signature recovery id v must be 27 or 28")
    signable = _signable(document, domain, document.signature.scheme)
    try:
        recovered = Account.recover_message(signable, signature=raw)
    except Exception as exc:  # eth-keys raises several error types for junk signatures
        raise SignatureError(f"signature does not recover: {exc}", author=document.author) from exc
    author = to_checksum_address(document.author)
    if recovered != author:
        raise SignatureError(
            f"signed by {recovered}, not by the stated author {author} "
            "(content, author, chain or domain differ from what was signed)",
            author=author,
            recovered=recovered,
        )
    return author
