"""Documents: references and published documents."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from api.http.schemas.common import AddressStr, Out


class DocumentRef(Out):
    cid: str = Field(examples=["QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"])
    status: Literal["pending", "ok", "invalid", "unknown"] = Field(
        description="ok: fetched and verified; pending: not fetched yet; invalid: failed checks."
    )
    schema_id: str | None = None
    author: AddressStr | None = None
    body: dict[str, Any] | None = None
    reason: str | None = None
    attribution: Literal["attributed", "unattributed"] | None = Field(
        default=None,
        description=(
            "attributed: signed by an account whose transaction referenced it (a task's creator, "
            "the submission's claimant or a co-contributor, the reviewer; a contract account by "
            "EIP-1271); unattributed: unsigned or signed by anyone else; null: not fetched yet, "
            "or no on-chain actor to check against (charters, proposals, posts)."
        ),
    )
    signers: list[AddressStr] | None = Field(
        default=None, description="The accounts whose transactions referenced this document as theirs."
    )


class PublishedDocument(Out):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "cid": "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
                "schema_id": "teal/post@1",
                "author": None,
                "size": 93,
                "created": True,
            }
        }
    )
    cid: str
    schema_id: str
    author: AddressStr | None
    size: int
    created: bool = Field(description="False when the same document was already stored (same CID).")
