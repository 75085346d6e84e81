"""Bad input gets the right 4xx with the typed error body, never a traceback."""

from __future__ import annotations

import httpx
import pytest
from http_errors import assert_error

VALID_ADDRESS = "0x66aB6D9362d4F35596279692F0251Db635165871"
POST = {
    "schema": "teal/post@1",
    "body": {"category": "idea", "title": "Bad input", "text": "probe"},
}


def test_malformed_json_is_400(http):
    response = http.post("/documents", content=b'{"schema": ', headers={"content-type": "application/json"})

    assert_error(response, 400, "malformed_json", "body")


def test_wrong_types_are_422_naming_the_field(http):
    response = http.post(
        "/relay/votes",
        json={"proposal_id": 5, "support": "yes", "voter": VALID_ADDRESS, "signature": "0x00"},
    )

    error = assert_error(response, 422, "invalid_request")
    assert error["field"].startswith("body.")


def test_body_over_the_limit_is_413_by_content_length(http):
    response = http.post("/documents", content=b"x" * 70_000, headers={"content-type": "application/json"})

    assert_error(response, 413, "request_too_large")


def test_streamed_body_over_the_limit_is_413(server):
    def chunks():
        for _ in range(100):
            yield b"x" * 1024

    # No Content-Length: chunked transfer, counted as it arrives.
    response = httpx.post(server.url + "/documents", content=chunks(), headers={"content-type": "application/json"})

    assert_error(response, 413, "request_too_large")


def test_document_over_the_document_cap_is_413(http):
    big = {
        "schema": "teal/post@1",
        "body": {"category": "idea", "title": "Big", "text": "y" * 19_000},
    }

    response = http.post("/documents", json=big)

    assert_error(response, 413, "document_too_large")


@pytest.mark.parametrize("cid", ["abc", "Qm123", "bafy" + "z" * 50])
def test_bad_cids_are_422(http, cid):
    assert_error(http.get(f"/documents/{cid}"), 422, "invalid_cid", "path.cid")
    assert_error(http.get(f"/posts/{cid}"), 422, "invalid_cid", "path.cid")


def test_unknown_cid_is_404(http):
    response = http.get("/documents/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG")

    assert_error(response, 404, "document_not_found")


@pytest.mark.parametrize("address", ["0x12", "nothex", "0x66ab6D9362d4F35596279692F0251Db635165871", "0x" + "g" * 40])
def test_bad_addresses_are_422(http, address):
    assert_error(http.get(f"/contributors/{address}"), 422, "invalid_address", "path.address")
    assert_error(http.get("/tasks", params={"claimant": address}), 422, "invalid_address", "query.claimant")


def test_unknown_ids_are_404(http):
    assert_error(http.get("/proposals/123"), 404, "proposal_not_found")
    assert_error(http.get("/workstreams/999"), 404, "workstream_not_found")
    assert_error(http.get("/tasks/999"), 404, "task_not_found")
    assert_error(http.get("/no/such/route"), 404, "not_found")


def test_wrong_method_is_405_typed(http):
    assert_error(http.delete("/proposals"), 405, "method_not_allowed")


def test_bad_query_values_are_422(http):
    assert_error(http.get("/tasks", params={"limit": 0}), 422, "invalid_request", "query.limit")
    assert_error(http.get("/tasks", params={"status": "done"}), 422, "invalid_request", "query.status")
    assert_error(http.get("/tasks", params={"min_reward": "-1"}), 422, "invalid_request", "query.min_reward")
    assert_error(
        http.get("/proposals", params={"cursor": "not-a-cursor"}),
        422,
        "invalid_cursor",
        "query.cursor",
    )


def test_a_cursor_from_another_sort_is_422(http):
    # Any cursor the proposals list issues is refused by the tasks list.
    cursor = http.get("/proposals", params={"limit": 1}).json()["next_cursor"]

    assert_error(http.get("/tasks", params={"cursor": cursor}), 422, "invalid_cursor")


def test_pagination_past_the_end_is_an_empty_page(http, scenario):
    pages = http.get("/proposals", params={"limit": 100}).json()
    last_id_cursor = http.get("/proposals", params={"limit": len(pages["items"]) - 1}).json()["next_cursor"]

    tail = http.get("/proposals", params={"limit": 1, "cursor": last_id_cursor}).json()
    after = http.get("/proposals", params={"limit": 5, "cursor": _cursor_after_last(http)}).json()

    assert pages["next_cursor"] is None
    assert len(tail["items"]) == 1 and tail["next_cursor"] is None
    assert after == {"items": [], "next_cursor": None}


def _cursor_after_last(http):
    from api.http.pagination import encode_cursor

    # Older than anything: created block 0, id 0.
    return encode_cursor("proposals", [0, "0"])


def test_limit_above_the_cap_is_clamped(http):
    response = http.get("/proposals", params={"limit": 1000})

    assert response.status_code == 200


def test_invalid_document_names_the_field(http):
    response = http.post("/documents", json={"schema": "teal/post@1", "body": {"category": "idea", "text": "x"}})

    assert_error(response, 422, "invalid_document", "body.body.title")


def test_unknown_schema_is_422(http):
    response = http.post("/documents", json={"schema": "teal/nope@9", "body": {}})

    assert_error(response, 422, "invalid_document", "body.schema")


def test_unsigned_post_is_refused_by_the_signed_post_endpoint(http):
    assert_error(http.post("/posts", json=POST), 422, "signature_required", "body.signature")


def test_forged_post_signature_is_422(http, domain):
    from eth_account import Account

    from api.content import make_document, parse_document, sign_document

    signed = sign_document(parse_document(POST), account=Account.from_key("0x" + "22" * 32), domain=domain)
    envelope = signed.envelope()
    envelope["author"] = VALID_ADDRESS  # claims another author

    assert_error(http.post("/posts", json=envelope), 422, "invalid_signature", "body.signature")
    del make_document


def test_relay_with_bad_signature_shape_is_422(http):
    response = http.post(
        "/relay/votes",
        json={"proposal_id": "1", "support": 1, "voter": VALID_ADDRESS, "signature": "0x1234"},
    )

    assert_error(response, 422, "invalid_request", "body.signature")


def test_no_traceback_on_huge_numbers(http):
    assert_error(http.get("/proposals/" + "9" * 79), 422)
    assert_error(http.get("/tasks", params={"min_reward": "9" * 78}), 422, field="query.min_reward")
    assert http.get("/proposals/" + "9" * 78).status_code == 422
