"""Signed posts: publish, same CID twice, threads with replies, filters; CORS."""

from __future__ import annotations

from eth_account import Account

from api.content import parse_document, sign_document

AUTHOR = Account.from_key("0x" + "33" * 32)


def _signed(domain, body):
    return sign_document(
        parse_document({"schema": "teal/post@1", "body": body}), account=AUTHOR, domain=domain
    ).envelope()


def test_signed_post_publishes_once_and_threads(http, domain):
    root = _signed(
        domain,
        {
            "category": "problem",
            "title": "Flaky CI",
            "text": "fails 1 in 5",
            "tags": ["workstream:1", "ci"],
        },
    )

    first = http.post("/posts", json=root)
    again = http.post("/posts", json=root)
    cid = first.json()["cid"]
    reply = http.post(
        "/posts",
        json=_signed(domain, {"category": "answer", "text": "retry the job", "reply_to": cid}),
    )
    nested = http.post(
        "/posts",
        json=_signed(
            domain,
            {"category": "discussion", "text": "or fix the race", "reply_to": reply.json()["cid"]},
        ),
    )
    thread = http.get(f"/posts/{cid}").json()

    assert first.status_code == 201 and first.json()["author"] == AUTHOR.address
    assert again.status_code == 200 and again.json() == {**first.json(), "created": False}
    assert reply.status_code == 201 and nested.status_code == 201
    assert thread["root"]["cid"] == cid and thread["root"]["replies"] == 1
    assert [p["text"] for p in thread["replies"]] == ["retry the job", "or fix the race"]
    by_team = http.get("/posts", params={"workstream_id": 1}).json()["items"]
    by_topic = http.get("/posts", params={"topic": "ci", "category": "problem"}).json()["items"]
    other = http.get("/posts", params={"topic": "unrelated"}).json()["items"]
    assert cid in [p["cid"] for p in by_team] and cid in [p["cid"] for p in by_topic]
    assert cid not in [p["cid"] for p in other]
    assert all(p["reply_to"] is None for p in by_team)


def test_document_publish_gives_the_same_cid_for_the_same_body(http, domain):
    doc = _signed(domain, {"category": "idea", "title": "Same", "text": "twice"})

    first, second = http.post("/documents", json=doc), http.post("/documents", json=doc)

    assert {first.status_code, second.status_code} <= {200, 201}
    assert first.json()["cid"] == second.json()["cid"]
    assert second.status_code == 200 and second.json()["created"] is False
    assert http.get(first.headers["location"]).status_code == 200


def test_cors_allows_the_configured_origin_only(http):
    allowed = http.options(
        "/tasks",
        headers={"Origin": "http://localhost:5173", "Access-Control-Request-Method": "GET"},
    )
    refused = http.get("/health", headers={"Origin": "http://evil.example"})

    assert allowed.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert "access-control-allow-origin" not in refused.headers
