"""Signed documents: valid signatures verify; forged, tampered and replayed ones do not."""

from __future__ import annotations

import dataclasses

import pytest
from eth_account import Account
from eth_account.messages import encode_defunct
from eth_account.signers.local import LocalAccount

from api.content import (
    Document,
    PostV1,
    SignatureError,
    SigningDomain,
    make_document,
    parse_document,
    sign_document,
    verify_signature,
)
from api.content.schemas import Signature
from api.content.signing import personal_message, typed_data

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def post(text: str = "CI takes 40 minutes") -> Document:
    return make_document(PostV1(category="problem", title="Slow CI", text=text))


@pytest.mark.parametrize("scheme", ["eip712", "eip191"])
def test_signature_verifies_to_the_author(scheme: str, alice: LocalAccount, domain: SigningDomain) -> None:
    signed = sign_document(post(), account=alice, domain=domain, scheme=scheme)  # type: ignore[arg-type]

    assert verify_signature(signed, domain=domain) == alice.address
    assert signed.author == alice.address


@pytest.mark.parametrize("scheme", ["eip712", "eip191"])
def test_signed_document_survives_serialisation(scheme: str, alice: LocalAccount, domain: SigningDomain) -> None:
    signed = sign_document(post(), account=alice, domain=domain, scheme=scheme)  # type: ignore[arg-type]

    reparsed = parse_document(signed.envelope())

    assert verify_signature(reparsed, domain=domain) == alice.address


def test_wallet_signature_of_typed_data_is_accepted(alice: LocalAccount, domain: SigningDomain) -> None:
    """A wallet given `typed_data(...)` (eth_signTypedData_v4) produces a valid signature."""
    unsigned = dataclasses.replace(post(), author=alice.address)
    wallet_sig = alice.sign_typed_data(full_message=typed_data(unsigned, domain)).signature

    doc = dataclasses.replace(unsigned, signature=Signature(scheme="eip712", value="0x" + bytes(wallet_sig).hex()))

    assert verify_signature(doc, domain=domain) == alice.address


def test_wallet_personal_sign_is_accepted(alice: LocalAccount, domain: SigningDomain) -> None:
    unsigned = dataclasses.replace(post(), author=alice.address)
    text = personal_message(unsigned, domain)
    wallet_sig = alice.sign_message(encode_defunct(text=text)).signature

    doc = dataclasses.replace(unsigned, signature=Signature(scheme="eip191", value="0x" + bytes(wallet_sig).hex()))

    assert verify_signature(doc, domain=domain) == alice.address
    assert "chain: 1337" in text and "schema: teal/post@1" in text


@pytest.mark.parametrize("scheme", ["eip712", "eip191"])
def test_tampered_body_is_detected(scheme: str, alice: LocalAccount, domain: SigningDomain) -> None:
    signed = sign_document(post(), account=alice, domain=domain, scheme=scheme)  # type: ignore[arg-type]
    envelope = signed.envelope()
    envelope["body"]["text"] = "CI is fine, pay me"

    with pytest.raises(SignatureError, match="not by the stated author"):
        verify_signature(parse_document(envelope), domain=domain)


def test_tampered_author_is_detected(alice: LocalAccount, mallory: LocalAccount, domain: SigningDomain) -> None:
    signed = sign_document(post(), account=alice, domain=domain)
    envelope = {**signed.envelope(), "author": mallory.address}

    with pytest.raises(SignatureError) as exc:
        verify_signature(parse_document(envelope), domain=domain)

    assert exc.value.author == mallory.address
    assert exc.value.recovered != mallory.address


def test_tampered_signature_is_detected(alice: LocalAccount, domain: SigningDomain) -> None:
    signed = sign_document(post(), account=alice, domain=domain)
    assert signed.signature is not None
    value = signed.signature.value
    flipped = value[:10] + ("0" if value[10] != "0" else "1") + value[11:]
    forged = dataclasses.replace(signed, signature=Signature(scheme="eip712", value=flipped))

    with pytest.raises(SignatureError):
        verify_signature(forged, domain=domain)


def test_forged_signature_by_another_key_is_rejected(
    alice: LocalAccount, mallory: LocalAccount, domain: SigningDomain
) -> None:
    """Mallory signs a document claiming Alice as its author."""
    claimed = dataclasses.replace(post(), author=alice.address)
    sig = mallory.sign_typed_data(full_message=typed_data(claimed, domain)).signature
    forged = dataclasses.replace(claimed, signature=Signature(scheme="eip712", value="0x" + bytes(sig).hex()))

    with pytest.raises(SignatureError, match=f"signed by {mallory.address}"):
        verify_signature(forged, domain=domain)


def test_signature_replayed_on_another_document_fails(alice: LocalAccount, domain: SigningDomain) -> None:
    first = sign_document(post("first"), account=alice, domain=domain)
    second = dataclasses.replace(post("second"), author=alice.address, signature=first.signature)

    with pytest.raises(SignatureError):
        verify_signature(second, domain=domain)


@pytest.mark.parametrize("scheme", ["eip712", "eip191"])
@pytest.mark.parametrize(
    "other",
    [
        SigningDomain(chain_id=1, verifying_contract="0x" + "12" * 20),
        SigningDomain(chain_id=1337, verifying_contract="0x" + "34" * 20),
        SigningDomain(chain_id=1337, verifying_contract="0x" + "12" * 20, name="NotTeal"),
    ],
    ids=["other-chain", "other-contract", "other-app"],
)
def test_signature_replayed_on_another_domain_fails(
    scheme: str, other: SigningDomain, alice: LocalAccount, domain: SigningDomain
) -> None:
    signed = sign_document(post(), account=alice, domain=domain, scheme=scheme)  # type: ignore[arg-type]

    with pytest.raises(SignatureError):
        verify_signature(signed, domain=other)


def test_signature_under_one_scheme_does_not_verify_under_the_other(alice: LocalAccount, domain: SigningDomain) -> None:
    signed = sign_document(post(), account=alice, domain=domain, scheme="eip712")
    assert signed.signature is not None
    relabelled = dataclasses.replace(signed, signature=Signature(scheme="eip191", value=signed.signature.value))

    with pytest.raises(SignatureError):
        verify_signature(relabelled, domain=domain)


def test_high_s_twin_signature_is_refused(alice: LocalAccount, domain: SigningDomain) -> None:
    """The malleable (r, n-s) twin would verify in plain ECDSA and give the document a 2nd CID."""
    signed = sign_document(post(), account=alice, domain=domain)
    assert signed.signature is not None
    raw = bytes.fromhex(signed.signature.value[2:])
    s = int.from_bytes(raw[32:64], "big")
    twin = raw[:32] + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - raw[64]])
    doc = dataclasses.replace(signed, signature=Signature(scheme="eip712", value="0x" + twin.hex()))

    with pytest.raises(SignatureError, match="high s"):
        verify_signature(doc, domain=domain)


def test_unsigned_document_does_not_verify(domain: SigningDomain) -> None:
    with pytest.raises(SignatureError, match="not signed"):
        verify_signature(post(), domain=domain)


def test_signing_is_deterministic(domain: SigningDomain) -> None:
    """Same key and document give the same signature, hence the same CID (RFC 6979)."""
    key = Account.from_key("0x" + "c3" * 32)

    assert (
        sign_document(post(), account=key, domain=domain).to_bytes()
        == sign_document(post(), account=key, domain=domain).to_bytes()
    )
