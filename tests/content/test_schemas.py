"""Every document kind validates, and every schema error names the field at fault."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from api.content import (
    SCHEMAS,
    DocumentSchemaError,
    PostV1,
    UnknownSchemaError,
    canonical_bytes,
    export_json_schemas,
    json_schemas,
    make_document,
    parse_canonical,
    parse_document,
)
from api.content.errors import NonCanonicalDocumentError

POST_CID = "QmVr26fY1tKyspEJBniVhqxQeEjhF78XerGiqWAwraVLQH"
ADDR = "0x" + "ab" * 20

VALID_BODIES: dict[str, dict[str, Any]] = {
    "teal/proposal@1": {"title": "Fund docs", "summary": "Pay for a docs sprint"},
    "teal/charter@1": {
        "name": "Docs",
        "mission": "Keep docs current",
        "budget_wei": "1000000000000000000",
        "period_days": 90,
        "members": [ADDR],
    },
    "teal/task-spec@1": {
        "title": "Write the API guide",
        "description": "Cover every endpoint",
        "acceptance_criteria": ["every endpoint has an example"],
        "reward_wei": "5",
        "addresses_post": POST_CID,
        "deadline": "2026-12-01T00:00:00Z",
    },
    "teal/submission@1": {
        "task_spec": POST_CID,
        "task_id": 7,
        "summary": "Guide written",
        "deliverables": [{"label": "PR", "uri": "https://example.org/pr/1"}],
    },
    "teal/review@1": {"submission": POST_CID, "verdict": "approve"},
    "teal/post@1": {"category": "problem", "title": "Slow CI", "text": "CI takes 40 min", "created_at": 1_790_000_000},
    "teal/post-index@1": {"day": "2026-11-29", "posts": [POST_CID], "previous": POST_CID},
    "teal/post-hide@1": {"post": POST_CID, "workstream_id": 1, "reason": "spam", "created_at": 1_790_000_000},
    "teal/allocation@1": {
        "epoch_id": 1,
        "workstream_id": 2,
        "giver": ADDR,
        "issued_at": 1_790_000_000,
        "receivers": [{"account": "0x" + "cd" * 20, "give": 60, "note": "ran the release"}],
    },
    "teal/epoch@1": {"workstream_id": 2, "title": "November", "allowance": 100},
    "teal/distribution@1": {
        "epoch_id": 1,
        "workstream_id": 2,
        "pot": "1000",
        "total": "999",
        "allowance": 100,
        "total_give": 60,
        "allocations": [POST_CID],
        "leaves": [[0, "0x" + "cd" * 20, "999"]],
        "root": "0x" + "00" * 32,
    },
}


def envelope(schema: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"schema": schema, "body": body}


def field_errors(exc: pytest.ExceptionInfo[DocumentSchemaError]) -> dict[str, str]:
    return dict(exc.value.errors)


@pytest.mark.parametrize("schema_id", sorted(VALID_BODIES))
def test_each_kind_accepts_a_valid_body(schema_id: str) -> None:
    doc = parse_document(envelope(schema_id, VALID_BODIES[schema_id]))

    assert doc.schema_id == schema_id
    assert doc.body_json == VALID_BODIES[schema_id]


def test_every_registered_kind_has_a_valid_example() -> None:
    assert set(SCHEMAS) == set(VALID_BODIES)


def test_unknown_kind_is_named() -> None:
    with pytest.raises(UnknownSchemaError) as exc:
        parse_document(envelope("teal/invoice@1", {}))

    assert "teal/invoice@1" in field_errors(exc)["schema"]


def test_unknown_version_of_a_known_kind_is_refused() -> None:
    with pytest.raises(UnknownSchemaError, match="teal/post@2"):
        parse_document(envelope("teal/post@2", VALID_BODIES["teal/post@1"]))


@pytest.mark.parametrize("schema_id", sorted(VALID_BODIES))
def test_extra_body_field_is_named(schema_id: str) -> None:
    body = {**VALID_BODIES[schema_id], "colour": "teal"}

    with pytest.raises(DocumentSchemaError) as exc:
        parse_document(envelope(schema_id, body))

    assert field_errors(exc) == {"body.colour": f"unknown field (not part of {schema_id})"}


@pytest.mark.parametrize(
    ("schema_id", "missing"),
    [
        ("teal/proposal@1", "title"),
        ("teal/charter@1", "budget_wei"),
        ("teal/task-spec@1", "acceptance_criteria"),
        ("teal/submission@1", "task_spec"),
        ("teal/review@1", "verdict"),
        ("teal/post@1", "text"),
    ],
)
def test_missing_required_field_is_named(schema_id: str, missing: str) -> None:
    body = {k: v for k, v in VALID_BODIES[schema_id].items() if k != missing}

    with pytest.raises(DocumentSchemaError) as exc:
        parse_document(envelope(schema_id, body))

    assert field_errors(exc) == {f"body.{missing}": "required field is missing"}


@pytest.mark.parametrize(
    ("schema_id", "field", "limit"),
    [
        ("teal/proposal@1", "title", 200),
        ("teal/charter@1", "mission", 2000),
        ("teal/task-spec@1", "description", 20_000),
        ("teal/submission@1", "summary", 5000),
        ("teal/review@1", "comments", 20_000),
        ("teal/post@1", "text", 20_000),
    ],
)
def test_oversize_text_names_field_and_limit(schema_id: str, field: str, limit: int) -> None:
    body = {**VALID_BODIES[schema_id], field: "x" * (limit + 1)}

    with pytest.raises(DocumentSchemaError) as exc:
        parse_document(envelope(schema_id, body))

    assert field_errors(exc) == {f"body.{field}": f"String should have at most {limit} characters"}


def test_text_at_the_limit_is_accepted() -> None:
    body = {**VALID_BODIES["teal/post@1"], "text": "x" * 20_000}

    assert parse_document(envelope("teal/post@1", body)).body.text == "x" * 20_000  # type: ignore[attr-defined]


def test_nested_field_errors_carry_their_path() -> None:
    body = {**VALID_BODIES["teal/submission@1"], "deliverables": [{"label": "PR"}]}

    with pytest.raises(DocumentSchemaError) as exc:
        parse_document(envelope("teal/submission@1", body))

    assert field_errors(exc) == {"body.deliverables.0.uri": "required field is missing"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("reply_to", "not-a-cid"), ("category", "rant"), ("tags", ["x" * 41])],
)
def test_post_field_values_are_checked(field: str, value: object) -> None:
    body = {**VALID_BODIES["teal/post@1"], field: value}

    with pytest.raises(DocumentSchemaError) as exc:
        parse_document(envelope("teal/post@1", body))

    assert next(iter(field_errors(exc))).startswith(f"body.{field}")


def test_reply_threads_to_its_parent_and_needs_no_title() -> None:
    reply = parse_document(envelope("teal/post@1", {"category": "answer", "text": "Cache deps", "reply_to": POST_CID}))

    assert reply.body.reply_to == POST_CID  # type: ignore[attr-defined]


def test_top_level_post_without_title_names_title() -> None:
    with pytest.raises(DocumentSchemaError) as exc:
        parse_document(envelope("teal/post@1", {"category": "idea", "text": "..."}))

    assert field_errors(exc) == {"body.title": "a post that is not a reply needs a title"}


def test_amounts_must_be_decimal_strings() -> None:
    body = {**VALID_BODIES["teal/task-spec@1"], "reward_wei": 5}

    with pytest.raises(DocumentSchemaError) as exc:
        parse_document(envelope("teal/task-spec@1", body))

    assert "body.reward_wei" in field_errors(exc)


def test_bad_checksum_address_is_named() -> None:
    bad = "0x" + "aB" * 20
    body = {**VALID_BODIES["teal/charter@1"], "members": [bad]}

    with pytest.raises(DocumentSchemaError) as exc:
        parse_document(envelope("teal/charter@1", body))

    assert "EIP-55" in field_errors(exc)["body.members.0"]


def test_extra_envelope_member_is_named() -> None:
    value = {**envelope("teal/post@1", VALID_BODIES["teal/post@1"]), "cid": POST_CID}

    with pytest.raises(DocumentSchemaError) as exc:
        parse_document(value)

    assert field_errors(exc) == {"cid": "unknown field (not part of the envelope)"}


def test_author_without_signature_is_refused() -> None:
    value = {**envelope("teal/post@1", VALID_BODIES["teal/post@1"]), "author": ADDR}

    with pytest.raises(DocumentSchemaError) as exc:
        parse_document(value)

    assert "signature" in field_errors(exc)


def test_same_document_has_same_bytes_whatever_the_key_order() -> None:
    a = {"schema": "teal/post@1", "body": {"title": "T", "text": "é", "category": "idea"}}
    b = json.loads(json.dumps({"body": {"category": "idea", "text": "é", "title": "T"}, "schema": "teal/post@1"}))

    assert parse_document(a).to_bytes() == parse_document(b).to_bytes()
    assert parse_document(a).to_bytes() == (
        '{"body":{"category":"idea","text":"é","title":"T"},"schema":"teal/post@1"}'.encode()
    )


def test_model_built_document_round_trips_through_json() -> None:
    doc = make_document(PostV1(category="idea", title="T", text="body"))

    again = parse_document(parse_canonical(doc.to_bytes()))

    assert again == doc


@pytest.mark.parametrize(
    "raw",
    [b'{"b":1,"a":2}', b'{"a": 2}', b'{"a":1,"a":1}', b"\xff"],
    ids=["key-order", "whitespace", "duplicate-key", "not-utf8"],
)
def test_non_canonical_bytes_are_refused(raw: bytes) -> None:
    with pytest.raises(NonCanonicalDocumentError):
        parse_canonical(raw)


def test_canonical_bytes_follow_rfc8785_numbers_and_escapes() -> None:
    value = {"n": 1e21, "s": "\u2028\n", "f": 0.5}

    assert canonical_bytes(value) == '{"f":0.5,"n":1e+21,"s":"\u2028\\n"}'.encode()


def test_json_schemas_export_one_file_per_kind(tmp_path: Path) -> None:
    paths = export_json_schemas(tmp_path)

    names = sorted(p.name for p in paths)
    assert "teal.task-spec@1.schema.json" in names and "teal.envelope.schema.json" in names
    task = json.loads((tmp_path / "teal.task-spec@1.schema.json").read_text())
    assert task["additionalProperties"] is False
    assert task["properties"]["title"]["maxLength"] == 200
    assert set(json_schemas()) == {*SCHEMAS, "teal/envelope"}
