"""Signed posts: publish, same CID twice, threads with replies ordered by their signed time,
filters; a post's time checked against the server's clock; rate limits per author and per IP;
every post back from the store after the database is dropped (`teal index`); CORS."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from apiserver import ApiServer
from eth_account import Account
from http_errors import assert_error

from api.content import parse_document, sign_document

AUTHOR = Account.from_key("0x" + "33" * 32)
# Members of the team whose views they hide posts from (approval threshold 2 of 3).
M1, M2, M3 = (Account.from_key("0x" + f"{i:02x}" * 32) for i in (0x41, 0x42, 0x43))


@pytest.fixture(scope="module")
def scenario(scenario, make_workstream):
    """The governance history, plus a team of M1, M2 and M3 (two approvals required)."""
    return {**scenario, "team": make_workstream(members=[M1.address, M2.address, M3.address], name="Hiders")}


def _hide(domain, account, cid, team, reason="off topic", **over):
    body = {"post": cid, "workstream_id": team, "reason": reason, "created_at": int(time.time()), **over}
    return sign_document(
        parse_document({"schema": "teal/post-hide@1", "body": body}), account=account, domain=domain
    ).envelope()


def _listed(http, team, cid):
    return next(p for p in http.get("/posts", params={"workstream_id": team}).json()["items"] if p["cid"] == cid)


def _signed(domain, body, *, account=AUTHOR, at=None):
    stamped = {**body, "created_at": int(time.time()) if at is None else at}
    return sign_document(
        parse_document({"schema": "teal/post@1", "body": stamped}), account=account, domain=domain
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
        json=_signed(domain, {"category": "answer", "text": "retry the job", "reply_to": cid}, at=int(time.time()) - 5),
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


def test_a_post_without_a_signed_time_or_outside_the_window_is_refused(http, domain):
    unstamped = sign_document(
        parse_document({"schema": "teal/post@1", "body": {"category": "idea", "title": "When?", "text": "no time"}}),
        account=AUTHOR,
        domain=domain,
    ).envelope()
    stale = _signed(domain, {"category": "idea", "title": "Old", "text": "an hour ago"}, at=int(time.time()) - 3600)
    future = _signed(domain, {"category": "idea", "title": "Soon", "text": "in an hour"}, at=int(time.time()) + 3600)

    for path in ("/posts", "/documents"):  # one policy per kind, whatever the route
        assert_error(http.post(path, json=unstamped), 422, "post_time_required", "body.body.created_at")
        for envelope in (stale, future):
            error = assert_error(http.post(path, json=envelope), 422, "post_time_out_of_window", "body.body.created_at")
            assert "TEAL_POST_CLOCK_WINDOW" in error["message"]


def test_threads_and_lists_order_by_the_signed_time(http, domain):
    now = int(time.time())
    root = http.post(
        "/posts", json=_signed(domain, {"category": "question", "title": "Order?", "text": "t"}, at=now - 60)
    )
    cid = root.json()["cid"]
    # Published in this order, signed in the other: the signed time decides.
    late = http.post("/posts", json=_signed(domain, {"category": "answer", "text": "second", "reply_to": cid}, at=now))
    early = http.post(
        "/posts", json=_signed(domain, {"category": "answer", "text": "first", "reply_to": cid}, at=now - 30)
    )

    thread = http.get(f"/posts/{cid}").json()
    listed = http.get("/posts", params={"include_replies": "true", "author": AUTHOR.address, "limit": 100}).json()

    assert root.status_code == late.status_code == early.status_code == 201
    assert [p["text"] for p in thread["replies"]] == ["first", "second"]
    assert [p["created_at"] for p in thread["replies"]] == [now - 30, now]
    times = [p["created_at"] or 0 for p in listed["items"]]
    assert times == sorted(times, reverse=True)
    assert [p["cid"] for p in listed["items"]].index(late.json()["cid"]) < [p["cid"] for p in listed["items"]].index(
        early.json()["cid"]
    )


@pytest.fixture(scope="module")
def tight_server(server_env, api_dir):
    # A database of its own: the limits' buckets live in the database, shared by every server on it,
    # and this server's tight buckets would leave the module's other server waiting for tokens.
    env = {
        **server_env,
        "TEAL_POST_RATE_LIMIT": "2",
        "TEAL_POST_RATE_LIMIT_IP": "3",
        "TEAL_DATABASE_URL": f"sqlite:///{api_dir / 'tight.db'}",
    }
    srv = ApiServer(env, log_path=api_dir / "tight-posts.log").start()
    yield srv
    srv.stop()


def test_posts_are_rate_limited_per_author_and_per_ip(tight_server, domain):
    one, other = Account.create(), Account.create()

    def post(account, n):
        body = {"category": "idea", "title": f"Limit {n} {uuid.uuid4()}", "text": "spam?"}
        return httpx.post(tight_server.url + "/posts", json=_signed(domain, body, account=account))

    first, second, third = (post(one, n) for n in range(3))
    fourth = post(other, 3)  # another author, the same client IP: its 4th post this minute

    assert first.status_code == second.status_code == 201
    by_author = assert_error(third, 429, "rate_limited")
    assert one.address in by_author["message"] and int(third.headers["retry-after"]) >= 1
    by_ip = assert_error(fourth, 429, "rate_limited")
    assert "from this address" in by_ip["message"]
    assert httpx.get(tight_server.url + "/posts").status_code == 200  # reads are not limited


def test_members_hide_a_team_post_by_threshold_and_it_stays_listed_as_hidden(http, domain, scenario):
    team = scenario["team"]
    spam = {"category": "idea", "title": f"Buy my NFT {uuid.uuid4()}", "text": "cheap", "tags": [f"workstream:{team}"]}
    cid = http.post("/posts", json=_signed(domain, spam)).json()["cid"]
    elsewhere = http.post("/posts", json=_signed(domain, {**spam, "title": f"Untagged {uuid.uuid4()}", "tags": []}))

    first = http.post(f"/posts/{cid}/hides", json=_hide(domain, M1, cid, team))
    after_one = _listed(http, team, cid)["hides"]
    second = http.post(f"/posts/{cid}/hides", json=_hide(domain, M2, cid, team, reason="spam"))
    hidden = _listed(http, team, cid)
    thread = http.get(f"/posts/{cid}").json()["root"]

    assert first.status_code == 201 and second.status_code == 201, (first.text, second.text)
    assert after_one == [
        {"workstream_id": team, "hidden": False, "members": [M1.address], "required": 2, "reasons": ["off topic"]}
    ]
    assert hidden["hides"] == [{
        "workstream_id": team, "hidden": True, "members": sorted([M1.address, M2.address], key=str.lower),
        "required": 2, "reasons": ["off topic", "spam"] if M1.address.lower() < M2.address.lower() else ["spam", "off topic"],
    }]  # fmt: skip
    assert hidden["text"] == "cheap" and thread["hides"] == hidden["hides"]  # shown as hidden, never deleted

    # Only the team's members, only the team's posts, only the post the path names; on any route.
    assert_error(
        http.post(f"/posts/{cid}/hides", json=_hide(domain, AUTHOR, cid, team)), 403, "not_member", "body.author"
    )
    untagged = elsewhere.json()["cid"]
    assert_error(http.post(f"/posts/{untagged}/hides", json=_hide(domain, M3, untagged, team)), 422, "not_a_team_post",
                 "body.body.workstream_id")  # fmt: skip
    assert_error(http.post(f"/posts/{untagged}/hides", json=_hide(domain, M3, cid, team)), 422, "post_mismatch",
                 "body.body.post")  # fmt: skip
    assert_error(http.post("/documents", json=_hide(domain, AUTHOR, cid, team)), 403, "not_member", "body.author")
    assert_error(http.post(f"/posts/{cid}/hides", json=_hide(domain, M3, cid, team, created_at=1)), 422,
                 "post_time_out_of_window")  # fmt: skip
    assert _listed(http, team, cid)["hides"] == hidden["hides"]  # the refusals stored nothing


def test_every_post_comes_back_from_the_store_after_the_database_is_dropped(
    http, domain, server_env, api_dir, scenario
):
    root = http.post(
        "/posts", json=_signed(domain, {"category": "idea", "title": f"Keep {uuid.uuid4()}", "text": "me"})
    )
    http.post("/posts", json=_signed(domain, {"category": "answer", "text": "and me", "reply_to": root.json()["cid"]}))
    team = scenario["team"]
    tagged = http.post(
        "/posts",
        json=_signed(
            domain, {"category": "idea", "title": f"Hide {uuid.uuid4()}", "text": "x", "tags": [f"workstream:{team}"]}
        ),
    ).json()["cid"]
    assert http.post(f"/posts/{tagged}/hides", json=_hide(domain, M3, tagged, team)).status_code == 201
    before = _all_posts(http)
    assert before[tagged]["hides"][0]["members"] == [M3.address]
    assert len(before) >= 2
    fresh = f"sqlite:///{api_dir / 'dropped.db'}"  # an empty database: the old one is gone

    env = {**server_env, "TEAL_DATABASE_URL": fresh}
    index = subprocess.run(
        [str(Path(sys.executable).parent / "teal"), "index", "--once", "--no-progress"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert index.returncode == 0, index.stderr[-2000:]
    server = ApiServer(env, log_path=api_dir / "dropped.log").start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as again:
            after = _all_posts(again)
            thread = again.get(f"/posts/{root.json()['cid']}").json()
    finally:
        server.stop()

    assert {cid: post for cid, post in after.items() if cid in before} == before
    assert [p["text"] for p in thread["replies"]] == ["and me"]


def _all_posts(client):
    """Every post the API lists (replies too), by CID, as the API shows it."""
    out, cursor = {}, None
    while True:
        params = {"include_replies": "true", "limit": 100, **({"cursor": cursor} if cursor else {})}
        page = client.get("/posts", params=params).json()
        for post in page["items"]:
            out[post["cid"]] = {
                k: post[k] for k in ("author", "created_at", "text", "title", "reply_to", "tags", "hides")
            }
        cursor = page["next_cursor"]
        if cursor is None:
            return out


def test_a_contract_account_signs_a_post_through_eip1271(http, domain, gov):
    from brownie import OwnerSignedWallet
    from eth_account.messages import encode_typed_data

    from api.content.schemas import Document, Signature
    from api.content.signing import typed_data

    owner, stranger = Account.create(), Account.create()
    wallet = OwnerSignedWallet.deploy(owner.address, {"from": gov})

    def as_wallet(signer, title):
        body = {"category": "idea", "title": title, "text": "from a Safe", "created_at": int(time.time())}
        doc = parse_document({"schema": "teal/post@1", "body": body})
        unsigned = Document(schema_id=doc.schema_id, body=doc.body, body_json=doc.body_json, author=wallet.address)
        signature = signer.sign_message(encode_typed_data(full_message=typed_data(unsigned, domain)))
        return Document(
            schema_id=doc.schema_id,
            body=doc.body,
            body_json=doc.body_json,
            author=wallet.address,
            signature=Signature(scheme="eip712", value="0x" + bytes(signature.signature).hex()),
        ).envelope()

    accepted = http.post("/posts", json=as_wallet(owner, f"Owner {uuid.uuid4()}"))
    refused = http.post("/posts", json=as_wallet(stranger, f"Stranger {uuid.uuid4()}"))

    assert accepted.status_code == 201 and accepted.json()["author"] == wallet.address
    assert_error(refused, 422, "invalid_signature", "body.signature")
