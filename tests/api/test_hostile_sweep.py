"""Hostile input, swept over every operation of /openapi.json and every dashboard route.

One keep-alive connection carries the whole sweep; every answer must be a response (no
dropped connection, the same connection reused), never a 5xx, never a stack trace or an
internal name, and every error body small and typed: `{"error": {...}}` JSON from the API,
the HTML error page from the dashboard. The tests after the sweep pin the exact answer per
kind: out-of-range cursors, non-ASCII digits, strict JSON types, canonical CIDs, header-safe
URL values, the signature policy per document kind, concurrent identical publishes.
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from eth_account import Account
from http_errors import assert_error

# The richest state: the work demo (tasks, workstreams, posts, payments) on top of governance.
from test_api_work import problem_post, scenario  # noqa: F401

from api.content import parse_document, sign_document

VALID_ADDRESS = "0x66aB6D9362d4F35596279692F0251Db635165871"
VALID_CID = "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"
ERROR_BODY_MAX = 4096  # a JSON error body
PAGE_BODY_MAX = 16384  # the dashboard's HTML error page (its layout is most of it)
AUTHOR = Account.from_key("0x" + "44" * 32)

# Text that must never reach a client: tracebacks, library names, exception class names,
# Python byte reprs.
LEAKS = re.compile(
    r"Traceback|File \"|sqlalchemy|psycopg|pydantic_core|errors\.pydantic\.dev"
    r"|\b(?:[A-Z][a-z0-9]+)+(?:Error|Exception)\b|(?<![A-Za-z0-9])b'[^']*'"
)

# Kinds of hostile text for a path segment or a query value.
TEXT_KINDS: dict[str, list[str]] = {
    "huge_int": ["9" * 30, str(2**63), str(2**64), str(2**256)],
    "negative": ["-1", "-9223372036854775809"],
    "float": ["1.0", "26.0", "1e3", "NaN", "inf"],
    "boolean": ["true", "false"],
    "string_for_number": ["abc", "0x1a", " 1", "+1", "1_0", "1\n"],
    "non_ascii_digits": ["٣", "３", "²", "߃", "٢٦"],
    "overlong": ["9" * 3000, "a" * 6000],
    "nul_crlf": ["\x00", "a\r\nX-Injected: 1", "\r\n", "%", "a\x7fb"],
    "path_traversal": ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "..\\..\\win.ini"],
    "bad_cid": [
        " " + VALID_CID,
        VALID_CID + "\n",
        VALID_CID + " ",
        "b" + "A" * 58,
        "Qm" + "1" * 44,
        "zdj7WWeQ43G6JJvLWQWZpyHuAMq6uYWRjkBXFad11vE2LHhQ7",
    ],
    "unicode": ["\u202egnp.exe", "😀", "ä" * 200],
}


def _cursor(payload: Any) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


SORTS = ["posts", "proposals", "votes", "workstreams", "id", "-id", "reward", "-reward"]
BAD_KEYS: list[list[Any]] = [
    [2**63],
    [2**64],
    [2**300],
    [-1],
    [1.5],
    [True],
    [None],
    ["٣"],
    ["x" * 300],
    ["\x00"],
    [[1]],
    [2**63, 1],
    [1, 2**63],
    [2**256, 1],
    [1, 2**256],
    [str(2**64), "Qm"],
    [1, "\x00"],
    [-5, -5],
]
CURSORS: list[str] = [_cursor({"s": s, "k": k}) for s in SORTS for k in BAD_KEYS] + [
    "!!!",
    "%00",
    "a",
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    _cursor([1, 2]),
    _cursor({"s": "id"}),
    _cursor({"k": [1]}),
    base64.urlsafe_b64encode(b"[" * 300 + b"]" * 300).decode().rstrip("="),
]

# Values for one field of a JSON body: wrong types, out of range, huge, control characters.
JSON_KINDS: dict[str, list[str]] = {
    "boolean": ["true", "false"],
    "string_for_number": ['"26"', '"1"', '"0x1a"'],
    "float": ["26.0", "1.0", "1e309", "-0.0"],
    "huge_int": [str(2**64), str(2**256), "1" + "0" * 400],
    "negative": ["-1"],
    "null": ["null"],
    "wrong_container": ["[]", "{}", "[1,2,3]"],
    "overlong": [json.dumps("x" * 60_000)],
    "nul_crlf": [json.dumps("a\x00b"), json.dumps("a\r\nb")],
    "lone_surrogate": ['"\\ud800"', '"a\\udfffb"'],
    "non_ascii_digits": [json.dumps("٣"), json.dumps("３")],
    "deep_nesting": ["[" * 3000 + "]" * 3000, '{"a":' * 2000 + "1" + "}" * 2000],
}
RAW_BODIES: dict[str, list[bytes]] = {
    "bad_json": [
        b'{"schema": ',
        b"{",
        b"",
        b"NaN",
        b'{"a":1}}',
        b"\xff\xfe{}",
        b'{"a":"\x00"}',
        b"[1,2",
    ],
    "deep_nesting": [b"[" * 20_000 + b"]" * 20_000, b'{"a":' * 10_000 + b"1" + b"}" * 10_000],
}
CONTENT_TYPES = [
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "",
]


def _signed_post(domain, title):
    body = {
        "category": "idea",
        "title": title,
        "text": "hostile-input check",
        "tags": ["sweep"],
        "created_at": int(time.time()),
    }
    document = parse_document({"schema": "teal/post@1", "body": body})
    return sign_document(document, account=AUTHOR, domain=domain).envelope()


@dataclass
class Sweep:
    """One keep-alive client; every response checked as it arrives, counts kept."""

    client: httpx.Client
    requests: int = 0
    kinds: set[str] = field(default_factory=set)
    endpoints: set[str] = field(default_factory=set)
    statuses: Counter[int] = field(default_factory=Counter)
    connections: set[Any] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)

    def send(
        self,
        endpoint: str,
        kind: str,
        method: str,
        url: str,
        *,
        params: dict[str, str] | None = None,
        content: bytes | None = None,
        content_type: str | None = "application/json",
    ) -> httpx.Response | None:
        self.requests += 1
        self.kinds.add(kind)
        self.endpoints.add(endpoint)
        headers = {} if content is None or content_type is None else {"content-type": content_type}
        where = f"{kind}: {method} {url[:120]} {str(params)[:120]}"
        try:
            response = self.client.request(method, url, params=params, content=content, headers=headers)
        except httpx.HTTPError as exc:  # dropped connection, protocol error, timeout
            self.failures.append(f"{where}: no response ({type(exc).__name__})")
            return None
        self.statuses[response.status_code] += 1
        stream = response.extensions.get("network_stream")
        if stream is not None:
            self.connections.add(stream.get_extra_info("client_addr"))
        self.check(where, url, response)
        return response

    def check(self, where: str, url: str, response: httpx.Response) -> None:
        status, text = response.status_code, response.text
        problems = []
        if status >= 500:
            problems.append(f"status {status}")
        if response.headers.get("connection", "").lower() == "close":
            problems.append("connection: close")
        if "Traceback" in text or 'File "' in text:
            problems.append("stack trace in body")
        if status >= 400:
            bound = PAGE_BODY_MAX if url.startswith("/dashboard") else ERROR_BODY_MAX
            if len(response.content) > bound:
                problems.append(f"error body of {len(response.content)} bytes")
            leak = LEAKS.search(text)
            if leak:
                problems.append(f"internal text {leak.group()!r}")
            if url.startswith("/dashboard"):
                if not response.headers.get("content-type", "").startswith("text/html") or ('id="error"' not in text):
                    problems.append("not the HTML error page")
            else:
                try:
                    body = response.json()
                    typed = set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}
                    if url.startswith("/snapshot") and not typed:
                        # The Snapshot-compatible hub refuses messages in Snapshot's own error
                        # shape, so snapshot.js shows the reason unchanged.
                        typed = {"error", "error_description"} <= set(body) <= {"error", "error_description", "code"}
                except ValueError:
                    typed = False
                if not typed:
                    problems.append("not the typed JSON error")
        if problems:
            self.failures.append(f"{where}: {status} {', '.join(problems)}: {text[:200]!r}")


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _example_body(spec: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    content = operation["requestBody"]["content"]["application/json"]
    if "examples" in content:
        return dict(next(iter(content["examples"].values()))["value"])
    schema = _resolve(spec, content["schema"])
    if "examples" in schema:
        return dict(schema["examples"][0])
    if "example" in schema:
        return dict(schema["example"])
    return {}


@dataclass
class Operation:
    method: str
    template: str
    path_params: list[str]
    query_params: list[str]
    body: dict[str, Any] | None = None

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"


def _operations(http: httpx.Client, valid: dict[str, str]) -> list[Operation]:
    spec = http.get("/openapi.json").json()
    out = []
    for template, item in spec["paths"].items():
        for method, operation in item.items():
            params = operation.get("parameters", [])
            out.append(
                Operation(
                    method=method.upper(),
                    template=template,
                    path_params=[p["name"] for p in params if p["in"] == "path"],
                    query_params=[p["name"] for p in params if p["in"] == "query"],
                    body=_example_body(spec, operation) if "requestBody" in operation else None,
                )
            )
    return out


def _dashboard_operations() -> list[Operation]:
    """Every dashboard route, from the routers the app includes (not in the OpenAPI schema)."""
    from fastapi.routing import APIRoute

    from api.http.dashboard import pages

    out = []
    for route in [*pages.root.routes, *pages.router.routes]:
        assert isinstance(route, APIRoute)
        for method in sorted(route.methods):
            out.append(
                Operation(
                    method=method,
                    template=route.path,
                    path_params=[p.name for p in route.dependant.path_params],
                    query_params=[p.name for p in route.dependant.query_params],
                )
            )
    return out


def _url(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", urllib.parse.quote(value, safe=""))
    return template


@pytest.fixture(scope="module")
def valid(http, domain) -> dict[str, str]:
    """A real value for each path parameter, so one hostile parameter is tried at a time."""
    proposal = http.get("/proposals", params={"limit": 1}).json()["items"][0]["id"]
    post = http.post("/posts", json=_signed_post(domain, "Sweep anchor"))
    assert post.status_code in (200, 201), post.text
    return {
        "task_id": "1",
        "workstream_id": "1",
        "proposal_id": proposal,
        "cid": post.json()["cid"],
        "address": VALID_ADDRESS,
    }


def _sweep_operation(sweep: Sweep, op: Operation, valid: dict[str, str]) -> None:
    base = {name: valid.get(name, "1") for name in op.path_params}
    for name in op.path_params:
        for kind, values in TEXT_KINDS.items():
            for value in values:
                sweep.send(op.name, kind, op.method, _url(op.template, {**base, name: value}))
    url = _url(op.template, base)
    for kind, values in TEXT_KINDS.items():  # a parameter no route declares: ignored, never a 5xx
        for value in values[:2]:
            sweep.send(op.name, kind, op.method, url, params={"unexpected": value})
    for name in op.query_params:
        for kind, values in {**TEXT_KINDS, "empty": [""]}.items():
            for value in values:
                sweep.send(op.name, kind, op.method, url, params={name: value})
        if name == "cursor":
            for cursor in CURSORS:
                sweep.send(op.name, "bad_cursor", op.method, url, params={"cursor": cursor})
    if op.body is None:
        return
    good = json.dumps(op.body).encode()
    for kind, bodies in RAW_BODIES.items():
        for raw in bodies:
            sweep.send(op.name, kind, op.method, url, content=raw)
    for content_type in CONTENT_TYPES:
        sweep.send(op.name, "wrong_content_type", op.method, url, content=good, content_type=content_type)
    fields = list(op.body) + ["unknown_field"]
    for name in fields:
        for kind, values in JSON_KINDS.items():
            for value in values:
                others = {k: v for k, v in op.body.items() if k != name}
                raw = json.dumps(others)[:-1] + (", " if others else "") + f'"{name}": {value}}}'
                sweep.send(op.name, kind, op.method, url, content=raw.encode())
    # Nested fields (a document's body, a signature object) get the same treatment.
    for name, inner in op.body.items():
        if isinstance(inner, dict):
            for key in list(inner)[:4]:
                for kind in ("boolean", "float", "huge_int", "overlong", "nul_crlf", "lone_surrogate"):
                    for value in JSON_KINDS[kind]:
                        rest = {k: v for k, v in inner.items() if k != key}
                        nested = json.dumps(rest)[:-1] + (", " if rest else "") + f'"{key}": {value}}}'
                        others = {k: v for k, v in op.body.items() if k != name}
                        raw = json.dumps(others)[:-1] + f', "{name}": {nested}}}'
                        sweep.send(op.name, kind, op.method, url, content=raw.encode())


def test_hostile_sweep_of_every_operation_and_page(server, http, valid, capsys):
    api_ops = _operations(http, valid)
    pages = _dashboard_operations()
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    with httpx.Client(base_url=server.url, timeout=60, limits=limits) as client:
        sweep = Sweep(client)
        for op in api_ops + pages:
            _sweep_operation(sweep, op, valid)
        # Still the same connection, still answering.
        alive = client.get("/health")
        sweep.connections.add(alive.extensions["network_stream"].get_extra_info("client_addr"))

    summary = (
        f"hostile sweep: {sweep.requests} requests, {len(sweep.kinds)} kinds, "
        f"{len(sweep.endpoints)} endpoints ({len(api_ops)} API operations + {len(pages)} "
        f"dashboard routes), {sum(n for s, n in sweep.statuses.items() if s >= 500)} 5xx, "
        f"{sum('no response' in f for f in sweep.failures)} dropped, "
        f"{len(sweep.connections)} connection(s); statuses {dict(sorted(sweep.statuses.items()))}"
    )
    with capsys.disabled():
        print("\n" + summary + "\nkinds: " + ", ".join(sorted(sweep.kinds)))
    assert alive.status_code == 200
    assert not sweep.failures, f"{len(sweep.failures)} failures:\n" + "\n".join(sweep.failures[:40])
    assert len(sweep.connections) == 1, sweep.connections
    assert len(api_ops) >= 15 and len(pages) >= 8
    assert sweep.requests > 2000
    assert len(sweep.endpoints) == len(api_ops) + len(pages)


# ---- each kind's exact answer ---------------------------------------------------------------


def _list_endpoints(http: httpx.Client) -> list[str]:
    spec = http.get("/openapi.json").json()
    return [
        path
        for path, item in spec["paths"].items()
        if any(p["name"] == "cursor" for p in item.get("get", {}).get("parameters", []))
    ]


@pytest.mark.parametrize("key", [[2**63], [2**63, 1], [2**256], [2**256, 1], [1, 2**256], [-1], ["٣"], [1, "\x00"]])
def test_cursor_numbers_out_of_range_are_422_on_every_list(http, valid, key):
    lists = _list_endpoints(http)
    assert len(lists) >= 5, lists
    for path in lists:
        url = path.replace("{proposal_id}", valid["proposal_id"])
        for sort in SORTS:
            if sort.endswith("reward") and key == [2**63, 1]:
                continue  # a reward is a uint256: 2**63 is a valid one
            params = {"cursor": _cursor({"s": sort, "k": key})}
            if path == "/tasks" and sort in ("id", "-id", "reward", "-reward"):
                params["sort"] = sort
            assert_error(http.get(url, params=params), 422, "invalid_cursor", "query.cursor")


@pytest.mark.parametrize("digits", ["٣", "３", "²", "1٣", " 1", "1.0", "+1", str(2**63)])
def test_ids_are_ascii_digits_within_range_everywhere(http, digits):
    quoted = urllib.parse.quote(digits, safe="")
    paths = ["/tasks/{}", "/workstreams/{}", "/workstreams/{}/metrics", "/proposals/{}"]
    for path in paths:
        if path.startswith("/proposals") and digits.isascii() and digits.isdigit():
            continue  # a proposal id is a uint256: 2**63 is in range (and unknown: 404)
        assert_error(http.get(path.format(quoted)), 422)
    for param in ["workstream_id", "parent_id", "limit"]:
        assert_error(http.get("/tasks", params={param: digits}), 422, "invalid_request")
    for path in ["/dashboard/tasks/", "/dashboard/workstreams/", "/dashboard/proposals/"]:
        page = http.get(path + quoted)
        assert page.status_code in (404, 422), page.text[:200]
        assert page.headers["content-type"].startswith("text/html")
        assert 'id="error"' in page.text


def test_query_booleans_are_exactly_true_or_false(http):
    assert http.get("/workstreams", params={"paused": "false"}).status_code == 200
    for value in ["1", "yes", "on", "True", "t"]:
        assert_error(http.get("/workstreams", params={"paused": value}), 422, "invalid_request")


@pytest.mark.parametrize("task_id", ["true", '"26"', "26.0", "null", "[26]"])
def test_a_task_id_must_be_a_json_integer(http, task_id):
    body = (
        '{"task_id": ' + task_id + f', "claimant": "{VALID_ADDRESS}", "deadline": 1767225600, '
        '"signature": "0x' + "00" * 65 + '"}'
    )

    response = http.post("/relay/claims", content=body, headers={"content-type": "application/json"})

    assert_error(response, 422, "invalid_request", "body.task_id")


@pytest.mark.parametrize("support", ['"1"', "true", "1.0"])
def test_a_vote_choice_must_be_a_json_integer(http, support):
    body = (
        '{"proposal_id": "1", "support": ' + support + f', "voter": "{VALID_ADDRESS}", '
        '"signature": "0x' + "00" * 65 + '"}'
    )

    response = http.post("/relay/votes", content=body, headers={"content-type": "application/json"})

    assert_error(response, 422, "invalid_request", "body.support")


def test_errors_quote_only_a_short_prefix_of_the_input(http):
    huge = "x" * 60_000

    bodies = [
        http.post("/documents", json={"schema": huge, "body": {}}),
        http.post("/documents", json={"schema": "teal/post@1", "body": {huge: 1}}),
        http.post("/relay/votes", json={"proposal_id": huge, "support": 1}),
        http.get("/contributors/" + "x" * 60),
        http.get("/tasks", params={"claimant": "0x" + "z" * 60}),
    ]

    for response in bodies:
        assert 400 <= response.status_code < 500
        assert len(response.content) < 1024, response.text[:300]
        assert "x" * 100 not in response.text


def test_a_post_answers_the_same_under_its_v0_and_v1_spellings(http, domain):
    from api.http.queries.common import cid_spellings

    cid = http.post("/posts", json=_signed_post(domain, "Two spellings")).json()["cid"]
    v0, v1 = cid_spellings(cid)
    assert v0.startswith("Qm") and v1.startswith("bafy")

    for path in ["/documents/{}", "/documents/{}/meta", "/posts/{}"]:
        first, second = http.get(path.format(v0)), http.get(path.format(v1))
        assert first.status_code == second.status_code == 200, (path, second.text[:200])
        assert first.content == second.content, path
        assert first.headers.get("etag") == second.headers.get("etag")


@pytest.mark.parametrize(
    "spelling",
    [" {}", "{} ", "{}\n", "\t{}", "{}%20"],
)
def test_non_canonical_cid_spellings_are_422_on_every_route(http, spelling):
    text = spelling.format(VALID_CID)
    quoted = urllib.parse.quote(text, safe="%")
    for path in ["/documents/{}", "/documents/{}/meta", "/posts/{}"]:
        response = http.get(path.format(quoted))
        assert_error(response, 422, field="path.cid")
    page = http.get(f"/dashboard/posts/{quoted}")
    assert page.status_code == 422 and 'id="error"' in page.text


def test_a_value_from_the_url_never_breaks_a_response_header(server):
    """A CID with a newline once reached the ETag header and the server dropped the
    connection; every such value is now refused or made header-safe, on one connection."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    with httpx.Client(base_url=server.url, timeout=30, limits=limits) as client:
        ports = set()
        for raw in [VALID_CID + "\r\nX-Injected: 1", "\n" + VALID_CID, VALID_CID + "\x00"]:
            quoted = urllib.parse.quote(raw, safe="")
            for path in ["/documents/", "/posts/", "/dashboard/posts/"]:
                response = client.get(path + quoted)
                assert response.status_code in (404, 422)
                assert "x-injected" not in response.headers
                ports.add(response.extensions["network_stream"].get_extra_info("client_addr"))
        assert client.get("/health").status_code == 200
    assert len(ports) == 1


def test_post_documents_refuses_an_unsigned_post_like_post_posts(http, domain):
    unsigned = {
        "schema": "teal/post@1",
        "body": {"category": "idea", "title": "Anonymous", "text": "no author"},
    }

    for path in ["/documents", "/posts"]:
        assert_error(http.post(path, json=unsigned), 422, "signature_required", "body.signature")
    # A title of its own: the SQLite and PostgreSQL runs share the chain's addresses, so the same
    # title would be the same document, already stored by the other run.
    signed = http.post("/documents", json=_signed_post(domain, f"Signed via /documents {uuid.uuid4()}"))
    assert signed.status_code == 201 and signed.json()["author"] == AUTHOR.address
    spec = {
        "schema": "teal/task-spec@1",
        "body": {
            "title": "Unsigned spec",
            "description": "kinds without a signature rule still publish",
            "acceptance_criteria": ["done"],
            "reward_wei": "1",
        },
    }
    assert http.post("/documents", json=spec).status_code in (200, 201)
    nul = {**spec, "body": {**spec["body"], "title": "NUL \x00 inside"}}
    assert_error(http.post("/documents", json=nul), 422, "invalid_document", "body")


@pytest.mark.parametrize("path", ["/posts", "/documents"])
def test_the_same_signed_post_sent_20_times_at_once_is_stored_once(server, domain, path):
    envelope = _signed_post(domain, f"Concurrent via {path}")
    barrier = threading.Barrier(20)

    def publish(_):
        with httpx.Client(base_url=server.url, timeout=60) as client:
            barrier.wait()
            return client.post(path, json=envelope)

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(publish, range(20)))

    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {200, 201}, [r.text[:200] for r in responses if r.status_code >= 300]
    assert statuses[201] <= 1
    assert len({r.json()["cid"] for r in responses}) == 1
    assert all(r.json()["created"] is (r.status_code == 201) for r in responses)


def test_after_a_500_the_keep_alive_connection_stays_open():
    """Any exception no handler takes is the typed 500, answered inside the app: uvicorn (real,
    on a loopback port) keeps the connection, and a header built from the URL stays legal."""
    import time

    import uvicorn
    from apiserver import free_port
    from fastapi import FastAPI
    from fastapi.responses import PlainTextResponse

    from api.http.errors import install_error_handlers
    from api.http.guard import ResponseGuard

    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(ResponseGuard)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("internal detail that must not leak")

    @app.get("/echo/{value}")
    def echo(value: str) -> PlainTextResponse:
        return PlainTextResponse("ok", headers={"X-Echo": value})

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", limits=limits) as client:
            ports = set()
            for path in ["/boom", "/echo/a%0D%0AX-Injected:%201", "/boom", "/echo/%00x"]:
                response = client.get(path)
                ports.add(response.extensions["network_stream"].get_extra_info("client_addr"))
                if path == "/boom":
                    error = assert_error(response, 500, "internal_error")
                    assert "internal detail" not in error["message"]
                else:
                    assert response.status_code == 200 and "x-injected" not in response.headers
                    assert "\r" not in response.headers["x-echo"]
            assert len(ports) == 1
    finally:
        server.should_exit = True
        thread.join(timeout=10)
