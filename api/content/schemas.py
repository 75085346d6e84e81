"""Document kinds, their versioned schemas, and the signed envelope that carries them.

Envelope (the JSON whose RFC 8785 bytes are stored and addressed by CID)::

    {
      "schema": "teal/post@1",          # kind and major version of `body`
      "body": {...},                    # validated by the model registered for `schema`
      "author": "0xAbC...",             # optional; present exactly when signed
      "signature": {"scheme": "eip712", "value": "0x<65 bytes>"}   # optional
    }

Absent optional members are left out (never `null`), so an unsigned document is just
`{"body": ..., "schema": ...}`. A new incompatible body shape gets a new schema id
(`teal/post@2`) next to the old one; stored documents never change meaning.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from eth_utils import is_checksum_address, to_checksum_address
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from api.content.canonical import canonical_bytes
from api.content.cid import normalize_cid
from api.content.errors import DocumentSchemaError, InvalidCidError, UnknownSchemaError

# --- field types ---------------------------------------------------------------------------


def _check_cid(value: str) -> str:
    try:
        normalize_cid(value)  # parses canonical spellings without multiformats' 0.3 ms
    except InvalidCidError as exc:
        raise ValueError(exc.reason) from exc
    return value


def _check_address(value: str) -> str:
    # All-lower or all-upper hex carries no checksum; mixed case must be a valid EIP-55 one.
    body = value[2:]
    if body != body.lower() and body != body.upper() and not is_checksum_address(value):
        raise ValueError("mixed-case address with an invalid EIP-55 checksum")
    return value


CidStr = Annotated[str, StringConstraints(max_length=128), AfterValidator(_check_cid)]
Address = Annotated[str, StringConstraints(pattern=r"^0x[0-9a-fA-F]{40}$"), AfterValidator(_check_address)]
# Token amounts in base units as decimal strings: JSON numbers above 2**53 are not portable.
WeiAmount = Annotated[str, StringConstraints(pattern=r"^(0|[1-9][0-9]{0,77})$")]
ChainId = Annotated[int, Field(ge=0, le=2**53 - 1)]


def _chars(max_length: int, min_length: int = 1) -> StringConstraints:
    """Length bounds of a text field, in characters."""
    return StringConstraints(min_length=min_length, max_length=max_length)


# --- bodies --------------------------------------------------------------------------------


class DocumentBody(BaseModel):
    """Base of every document body: closed (unknown fields are errors) and immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    schema_id: ClassVar[str]


class SignalRef(BaseModel):
    """The closed signal vote (teal's Snapshot-compatible hub) a binding proposal escalates:
    its message id and CID (anyone can refetch and re-check it) and its final result."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    id: Annotated[str, StringConstraints(pattern=r"^0x[0-9a-f]{64}$")]  # the EIP-712 digest
    ipfs: CidStr
    space: Annotated[str, _chars(64)]
    choices: Annotated[list[Annotated[str, _chars(64)]], Field(min_length=1, max_length=100)]
    scores: Annotated[list[Annotated[float, Field(ge=0)]], Field(min_length=1, max_length=100)]
    scores_total: Annotated[float, Field(ge=0)]
    quorum: Annotated[float, Field(ge=0)]
    votes: Annotated[int, Field(ge=0)]


class ProposalV1(DocumentBody):
    """A governance proposal's text; the executable actions live on chain."""

    schema_id: ClassVar[str] = "teal/proposal@1"
    title: Annotated[str, _chars(200)]
    summary: Annotated[str, _chars(1000)]
    description: Annotated[str, _chars(50_000, 0)] = ""
    discussion: CidStr | None = None  # the post where it was discussed
    references: Annotated[list[CidStr], Field(max_length=20)] = []
    signal: SignalRef | None = None  # the signal vote this proposal escalates (`teal propose --from-signal`)


class CharterV1(DocumentBody):
    """A workstream charter: what the team is for, its budget and how it reviews work."""

    schema_id: ClassVar[str] = "teal/charter@1"
    name: Annotated[str, _chars(100)]
    mission: Annotated[str, _chars(2000)]
    scope: Annotated[str, _chars(10_000, 0)] = ""
    budget_wei: WeiAmount
    period_days: Annotated[int, Field(ge=1, le=3660)]
    members: Annotated[list[Address], Field(max_length=200)] = []
    review_policy: Annotated[str, _chars(2000, 0)] = ""
    # "signed": the team's task specs, submissions and reviews must carry their author's
    # signature; the API refuses unsigned ones for it (the chain itself cannot tell).
    documents: Literal["any", "signed"] = "any"


class TaskSpecV1(DocumentBody):
    """A task: what to do, how it will be judged, and the reward."""

    schema_id: ClassVar[str] = "teal/task-spec@1"
    title: Annotated[str, _chars(200)]
    description: Annotated[str, _chars(20_000)]
    acceptance_criteria: Annotated[list[Annotated[str, _chars(500)]], Field(min_length=1, max_length=30)]
    reward_wei: WeiAmount
    workstream_id: Annotated[int, Field(ge=0, le=2**53 - 1)] | None = None
    # The post whose problem this task addresses: lets a problem be followed to its payments.
    addresses_post: CidStr | None = None
    deadline: AwareDatetime | None = None


class Deliverable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    label: Annotated[str, _chars(200)]
    uri: Annotated[str, _chars(2000)]


class SubmissionV1(DocumentBody):
    """Work handed in for a task."""

    schema_id: ClassVar[str] = "teal/submission@1"
    task_spec: CidStr
    task_id: Annotated[int, Field(ge=0, le=2**53 - 1)] | None = None
    summary: Annotated[str, _chars(5000)]
    deliverables: Annotated[list[Deliverable], Field(min_length=1, max_length=20)]
    notes: Annotated[str, _chars(20_000, 0)] = ""


class ReviewV1(DocumentBody):
    """A reviewer's verdict on a submission."""

    schema_id: ClassVar[str] = "teal/review@1"
    submission: CidStr
    verdict: Literal["approve", "request_changes", "reject"]
    comments: Annotated[str, _chars(20_000, 0)] = ""


class PostV1(DocumentBody):
    """A question, problem, idea or reply; threads form through `reply_to`."""

    schema_id: ClassVar[str] = "teal/post@1"
    category: Literal["question", "problem", "idea", "discussion", "answer"]
    title: Annotated[str, _chars(200)] | None = None
    text: Annotated[str, _chars(20_000)]
    tags: Annotated[list[Annotated[str, _chars(40)]], Field(max_length=10)] = []
    reply_to: CidStr | None = None
    # When the author wrote it (unix seconds), under the author's signature: threads order by
    # it. The API takes only posts that carry it, within TEAL_POST_CLOCK_WINDOW of its clock.
    created_at: Annotated[int, Field(ge=0, le=2**53 - 1)] | None = None

    @model_validator(mode="after")
    def _top_level_posts_have_a_title(self) -> PostV1:
        if self.reply_to is None and self.title is None:
            raise ValueError("title: a post that is not a reply needs a title")
        return self


class PostHideV1(DocumentBody):
    """A team member's vote to hide a post from the team's views (posts tagged
    `workstream:<id>`): once as many current members as the team's approval threshold have
    signed one, the post shows as hidden there, with their reasons; it is never deleted."""

    schema_id: ClassVar[str] = "teal/post-hide@1"
    post: CidStr
    workstream_id: Annotated[int, Field(ge=0, le=2**53 - 1)]
    reason: Annotated[str, _chars(500, 0)] = ""
    # Signed like a post's, and checked against the server's clock the same way.
    created_at: Annotated[int, Field(ge=0, le=2**53 - 1)]


class Gift(BaseModel):
    """One receiver of an allocation: GIVE (whole points) and an optional note for the team."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    account: Address
    give: Annotated[int, Field(ge=0, le=1_000_000)]
    note: Annotated[str, _chars(1000, 0)] = ""


class AllocationV1(DocumentBody):
    """A giver's split of its GIVE allowance in one epoch (Coordinape-style peer allocation).

    Signed by the giver (the author must be `giver`); a later `issued_at` by the same giver
    replaces the earlier allocation until the epoch ends."""

    schema_id: ClassVar[str] = "teal/allocation@1"
    epoch_id: Annotated[int, Field(ge=1, le=2**53 - 1)]
    workstream_id: Annotated[int, Field(ge=0, le=2**53 - 1)]
    giver: Address
    issued_at: Annotated[int, Field(ge=0, le=2**53 - 1)]  # unix seconds; orders a giver's allocations
    receivers: Annotated[list[Gift], Field(max_length=200)]

    @model_validator(mode="after")
    def _each_receiver_once(self) -> AllocationV1:
        seen = set()
        for gift in self.receivers:
            if gift.account.lower() in seen:
                raise ValueError(f"receivers: {gift.account} is listed twice")
            seen.add(gift.account.lower())
        return self


class EpochTermsV1(DocumentBody):
    """The off-chain terms of a peer-allocation epoch (the CID `openEpoch` names): the GIVE
    allowance of each giver and an optional cap per receiver in token base units."""

    schema_id: ClassVar[str] = "teal/epoch@1"
    workstream_id: Annotated[int, Field(ge=0, le=2**53 - 1)]
    title: Annotated[str, _chars(200, 0)] = ""
    allowance: Annotated[int, Field(ge=1, le=1_000_000)] = 100
    cap_wei: WeiAmount | None = None
    # With a time (unix seconds): contributors the team paid for a task from then until the
    # epoch's end give and receive too, beside its members (Coordinape's "contributors").
    contributors_since: Annotated[int, Field(ge=0, le=2**53 - 1)] | None = None


class DistributionV1(DocumentBody):
    """An epoch's result, published when its root is posted: every allocation counted (by CID),
    the leaves `[index, account, amount]` and their merkle root (OpenZeppelin StandardMerkleTree)."""

    schema_id: ClassVar[str] = "teal/distribution@1"
    epoch_id: Annotated[int, Field(ge=1, le=2**53 - 1)]
    workstream_id: Annotated[int, Field(ge=0, le=2**53 - 1)]
    pot: WeiAmount
    total: WeiAmount
    cap_wei: WeiAmount | None = None
    allowance: Annotated[int, Field(ge=1, le=1_000_000)]
    total_give: Annotated[int, Field(ge=0)]
    allocations: Annotated[list[CidStr], Field(max_length=10_000)]
    leaves: Annotated[list[tuple[int, Address, WeiAmount]], Field(min_length=1, max_length=10_000)]
    root: Annotated[str, StringConstraints(pattern=r"^0x[0-9a-f]{64}$")]


POST_INDEX_PAGE = 100  # posts per day-index page (a page is one document, well under the size cap)


class PostIndexV1(DocumentBody):
    """One page of a day's append-only list of the posts the API accepted (server-made,
    unsigned). Pages chain backwards through `previous`; the newest page of each day is
    named in the store's heads file (api.content.post_index)."""

    schema_id: ClassVar[str] = "teal/post-index@1"
    day: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    posts: Annotated[list[CidStr], Field(min_length=1, max_length=POST_INDEX_PAGE)]
    previous: CidStr | None = None  # the day's previous full page


SCHEMAS: dict[str, type[DocumentBody]] = {
    model.schema_id: model
    for model in (
        ProposalV1,
        CharterV1,
        TaskSpecV1,
        SubmissionV1,
        ReviewV1,
        PostV1,
        PostHideV1,
        PostIndexV1,
        AllocationV1,
        EpochTermsV1,
        DistributionV1,
    )
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema (draft 2020-12, as pydantic emits it) of every body, by schema id."""
    out = {}
    for schema_id, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$id"] = schema_id
        out[schema_id] = schema
    out["teal/envelope"] = envelope_json_schema()
    return out


def envelope_json_schema() -> dict[str, Any]:
    return {
        "$id": "teal/envelope",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema", "body"],
        "properties": {
            "schema": {"enum": sorted(SCHEMAS)},
            "body": {"type": "object"},
            "author": {"type": "string", "pattern": "^0x[0-9a-fA-F]{40}$"},
            "signature": Signature.model_json_schema(),
        },
        "dependentRequired": {"signature": ["author"], "author": ["signature"]},
    }


def export_json_schemas(directory: Path) -> list[Path]:
    """Write one `<kind>@<version>.schema.json` file per schema; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for schema_id, schema in json_schemas().items():
        path = directory / f"{schema_id.replace('/', '.')}.schema.json"
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


# --- envelope ------------------------------------------------------------------------------


class Signature(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    scheme: Literal["eip712", "eip191"]
    value: Annotated[str, StringConstraints(pattern=r"^0x[0-9a-fA-F]{130}$")]


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)
    schema_id: str = Field(alias="schema")
    body: dict[str, Any]
    author: Address | None = None
    signature: Signature | None = None


@dataclass(frozen=True)
class Document:
    """A parsed, schema-checked document. Build with `parse_document` or `make_document`.

    `body_json` is the body exactly as its author wrote it (defaults not filled in), because
    that is what the signature and the CID cover; `body` is the validated model of it.
    """

    schema_id: str
    body: DocumentBody
    body_json: dict[str, Any]
    author: str | None = None
    signature: Signature | None = None

    @property
    def kind(self) -> str:
        return self.schema_id.split("/", 1)[1].split("@", 1)[0]

    def unsigned_envelope(self) -> dict[str, Any]:
        """The members a signature covers: schema, body and (when set) author."""
        env: dict[str, Any] = {"schema": self.schema_id, "body": self.body_json}
        if self.author is not None:
            env["author"] = self.author
        return env

    def envelope(self) -> dict[str, Any]:
        env = self.unsigned_envelope()
        if self.signature is not None:
            env["signature"] = self.signature.model_dump(mode="json")
        return env

    def to_bytes(self) -> bytes:
        """The canonical (RFC 8785) bytes that are stored and addressed by CID."""
        return canonical_bytes(self.envelope())


def _schema_errors(exc: ValidationError, prefix: str, schema_id: str | None) -> DocumentSchemaError:
    errors = []
    for err in exc.errors():
        path = [str(p) for p in (prefix, *err["loc"]) if p != ""]
        msg = err["msg"]
        if err["type"] == "value_error":
            # Model-level checks raise "field: message" so the error can name the field.
            msg = str(err["ctx"]["error"]) if "ctx" in err else msg
            field, sep, rest = msg.partition(": ")
            if sep and field.isidentifier():
                path.append(field)
                msg = rest
        loc = ".".join(path)
        if err["type"] == "extra_forbidden":
            msg = f"unknown field (not part of {schema_id or 'the envelope'})"
        elif err["type"] == "missing":
            msg = "required field is missing"
        errors.append((loc or "document", msg))
    return DocumentSchemaError(errors)


def parse_body(schema_id: str, body: Mapping[str, Any]) -> DocumentBody:
    model = SCHEMAS.get(schema_id)
    if model is None:
        raise UnknownSchemaError(schema_id, sorted(SCHEMAS))
    try:
        text = json.dumps(dict(body), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise DocumentSchemaError([("body", f"not a JSON object: {exc}")]) from exc
    try:
        # Validate the JSON form: documents arrive as JSON, and strict mode then still
        # accepts ISO 8601 strings for datetimes.
        return model.model_validate_json(text)
    except ValidationError as exc:
        raise _schema_errors(exc, "body", schema_id) from exc


def parse_document(value: Any) -> Document:
    """Check a JSON value against the envelope and its body schema; errors name the field."""
    if not isinstance(value, Mapping):
        raise DocumentSchemaError([("document", "a document must be a JSON object")])
    schema_id = value.get("schema")
    if "schema" in value and (not isinstance(schema_id, str) or schema_id not in SCHEMAS):
        raise UnknownSchemaError(schema_id, sorted(SCHEMAS))
    try:
        env = _Envelope.model_validate(dict(value))
    except ValidationError as exc:
        raise _schema_errors(exc, "", None) from exc
    if (env.author is None) != (env.signature is None):
        raise DocumentSchemaError(
            [
                (
                    "signature" if env.signature is None else "author",
                    "author and signature go together: sign the document or leave both out",
                )
            ]
        )
    body = parse_body(env.schema_id, env.body)
    return Document(
        schema_id=env.schema_id,
        body=body,
        body_json=dict(value["body"]),
        author=env.author,
        signature=env.signature,
    )


def make_document(body: DocumentBody, *, author: str | None = None) -> Document:
    """An unsigned document for a body model (set `author` only to sign it next)."""
    if author is not None:
        author = to_checksum_address(author)
    body_json = body.model_dump(mode="json", exclude_none=True)
    return Document(schema_id=body.schema_id, body=body, body_json=body_json, author=author)
