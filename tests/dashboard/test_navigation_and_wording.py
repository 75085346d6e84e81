"""Finding one's way on the same devnet as test_dashboard_pages (one `teal up` for the run):
`/` leads to the dashboard, a board of every team's tasks with filters and pages, contributor
search, documents that cannot be shown are said so in words, no page scrolls sideways on a
phone, paid tasks read as paid, every tile says what it counts, block deadlines carry a date,
and the API docs work without internet."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest
from devnet import everything
from web3 import Web3

from api.http.dashboard.formatting import when

PHONE = {"width": 375, "height": 812}
# The outermost elements sticking out of the screen (not those inside a box that scrolls).
OVERFLOWING = """() => [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5 && !e.closest('.table-wrap'))
    .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= innerWidth + 0.5)
    .map(e => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.slice(0, 60)}`)"""


# ---- / and the API docs -------------------------------------------------------------------


def test_the_root_sends_visitors_to_the_dashboard(http):
    response = http.get("/", follow_redirects=False)

    assert response.status_code == 307 and response.headers["location"] == "/dashboard"
    landed = http.get("/", follow_redirects=True)
    assert landed.status_code == 200 and landed.headers["content-type"].startswith("text/html")
    assert "<h1>Overview</h1>" in landed.text


ASSET_TYPES = {".js": "javascript", ".css": "text/css", ".png": "image/png"}


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_reference_only_assets_the_app_serves(http, path):
    response = http.get(path)
    page = response.text

    assert "http://" not in page and "https://" not in page  # no CDN, no web font
    # Whatever the scripts would fetch later must come from here too (ReDoc's sidebar logo).
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "img-src 'self' data:" in policy and "connect-src 'self'" in policy
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith(".js") for a in assets)
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
        response = http.get(asset)
        assert response.status_code == 200, asset
        expected = next(kind for ext, kind in ASSET_TYPES.items() if asset.endswith(ext))
        assert expected in response.headers["content-type"], (asset, response.headers["content-type"])


def test_api_docs_render_with_the_network_cut_off(browser, server):
    context = browser.new_context(base_url=server.api_url)
    origin = server.api_url.rstrip("/")
    asked: list[str] = []

    def only_this_origin(route):
        asked.append(route.request.url)
        return route.continue_() if route.request.url.startswith(origin + "/") else route.abort()

    context.route("**/*", only_this_origin)
    page = context.new_page()
    try:
        page.goto("/docs")
        page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
        assert "Teal API" in page.locator(".swagger-ui .info .title").inner_text()
        assert page.locator(".opblock").count() > 10  # every operation listed
        page.locator(".opblock-summary", has_text="/health").first.click()  # try one: it answers
        page.get_by_role("button", name="Try it out").click()
        page.get_by_role("button", name="Execute", exact=True).click()
        assert page.locator(".live-responses-table .response .response-col_status").first.inner_text() == "200"
        page.goto("/redoc")
        page.wait_for_selector("h1:has-text('Teal API')", timeout=30_000)
        assert page.get_by_text("The task board, filtered and sorted.").count() >= 1
    finally:
        context.close()

    assert asked and all(url.startswith(origin + "/") for url in asked), [u for u in asked if not u.startswith(origin)]


# ---- the board of all tasks ---------------------------------------------------------------


def board_ids(page) -> list[int]:
    return page.locator("#tasks tbody tr[data-task-id]").evaluate_all("rows => rows.map(r => Number(r.dataset.taskId))")


def test_the_task_board_lists_every_team_page_by_page(page, http, screenshot):
    tasks = everything(http, "/tasks")
    ids = sorted((t["id"] for t in tasks), reverse=True)
    assert len({t["workstream_id"] for t in tasks}) >= 3

    page.goto("/dashboard")
    page.get_by_role("link", name="Tasks", exact=True).click()
    page.wait_for_url("**/dashboard/tasks")
    screenshot(page, "10-task-board")
    assert board_ids(page) == ids[:50]
    page.goto("/dashboard/tasks?limit=10")
    seen = board_ids(page)
    while page.locator("#next-page").count():
        page.click("#next-page")
        seen += board_ids(page)
    assert seen == ids
    assert page.locator("#first-page").count() == 1


def test_the_task_board_filters_by_status_team_and_claimant(page, http, picks):
    team, claimant = picks["workstream"], picks["contributor"]

    page.goto("/dashboard/tasks")
    page.select_option("#f-status", "paid")
    page.select_option("#f-team", str(team["id"]))
    page.click("form[aria-label='Filter tasks'] button")
    page.wait_for_url(re.compile(r".*status=paid.*workstream_id=\d+"))
    expected = sorted(
        (t["id"] for t in everything(http, "/tasks", status="paid", workstream_id=team["id"])), reverse=True
    )
    assert board_ids(page) == expected and expected
    rows = page.locator("#tasks tbody tr[data-task-id]")
    assert set(rows.evaluate_all("rows => rows.map(r => r.dataset.status)")) == {"paid"}
    assert set(rows.evaluate_all("rows => rows.map(r => r.dataset.workstreamId)")) == {str(team["id"])}

    page.goto("/dashboard/tasks")
    page.fill("#f-claimant", claimant.lower())  # any spelling of the address
    page.click("form[aria-label='Filter tasks'] button")
    page.wait_for_url("**claimant=**")
    assert board_ids(page) == sorted((t["id"] for t in everything(http, "/tasks", claimant=claimant)), reverse=True)
    assert set(
        page.locator("#tasks tbody tr[data-task-id]").evaluate_all("rows => rows.map(r => r.dataset.claimant)")
    ) == {claimant}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("claimant=0xnope", "not a 0x-prefixed 20-byte address"),
        ("status=done", "no status 'done'"),
        ("workstream_id=99999", "no workstream '99999'"),
        ("cursor=garbage", "cursor is not one this list returned"),
        ("limit=0", "limit is a number of tasks"),
        ("limit=" + "9" * 5000, "limit is a number of tasks"),
        ("workstream_id=" + "1" * 5000, "no workstream '1111"),
        ("workstream_id=%EF%BC%91", "no workstream"),  # a full-width digit one
    ],
)
def test_the_task_board_says_what_is_wrong_with_a_filter(http, query, message):
    response = http.get(f"/dashboard/tasks?{query}")

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert message in html.unescape(response.text) and "Traceback" not in response.text
    assert 'id="f-status"' in response.text  # the form is still there to fix it


# ---- contributor search ------------------------------------------------------------------


def found(page) -> list[str]:
    return page.locator("#results tbody tr[data-address]").evaluate_all("rows => rows.map(r => r.dataset.address)")


def test_a_whole_address_typed_in_the_header_opens_that_contributor(page, picks):
    address = picks["contributor"]

    page.goto("/dashboard/proposals")
    page.fill("#find-q", address.lower())
    page.press("#find-q", "Enter")

    page.wait_for_url(f"**/dashboard/contributors/{address}")
    assert page.locator("#address").inner_text() == address


def test_the_beginning_of_an_address_finds_the_addresses_that_start_with_it(page, picks, screenshot):
    address = picks["contributor"]

    for prefix in (address[:6], address[2:7].lower()):  # with or without 0x, any case
        page.goto(f"/dashboard/search?q={prefix}")
        results = found(page)
        assert address in results
        want = "0x" + prefix.lower().removeprefix("0x")
        assert all(r.lower().startswith(want) for r in results), results
    screenshot(page, "11-search-prefix")


def test_a_team_name_finds_its_members_and_the_people_it_paid(page, http, picks, screenshot):
    team = picks["workstream"]
    members = {m["account"] for m in team["members"]}
    paid = {
        payment["recipient"]
        for task in everything(http, "/tasks", workstream_id=team["id"], status="paid")
        for payment in http.get(f"/tasks/{task['id']}").json()["payments"]
    }

    page.goto("/dashboard")
    page.fill("#find-q", team["name"][:5].lower())
    page.press("#find-q", "Enter")
    page.wait_for_url("**/dashboard/search?q=**")
    screenshot(page, "12-search-team")

    results = set(found(page))
    assert members | paid <= results
    assert page.locator(f"#results tr[data-address='{next(iter(members))}']").inner_text().count(team["name"]) >= 1


def test_a_search_that_finds_nobody_says_so(http):
    page = http.get("/dashboard/search", params={"q": "zz-nobody-here"})

    assert page.status_code == 200
    assert "0 contributor(s) found" in page.text and "No address starts with that" in page.text


# ---- documents that cannot be shown -------------------------------------------------------


def test_a_pending_document_reads_not_yet_available_never_the_fetch_error(page, http, unreadable):
    meta = http.get(f"/documents/{unreadable['pending_cid']}/meta").json()
    assert meta["status"] == "pending" and "Error" in meta["reason"]  # what the page must not show

    page.goto(f"/dashboard/tasks/{unreadable['pending']}")

    notice = page.locator("[data-document-status='pending']")
    assert notice.count() == 1 and "not yet available" in notice.inner_text()
    assert page.locator("h1").inner_text() == f"#{unreadable['pending']} (title not yet available)"
    body = page.locator("body").inner_text()
    assert "Error" not in body and meta["reason"] not in body


def test_an_invalid_document_says_invalid_with_a_short_reason(page, http, unreadable):
    meta = http.get(f"/documents/{unreadable['invalid_cid']}/meta").json()
    assert meta["status"] == "invalid" and meta["reason"].split(":")[0].endswith("Error")

    page.goto(f"/dashboard/tasks/{unreadable['invalid']}")

    notice = page.locator("[data-document-status='invalid']").inner_text()
    assert notice.startswith("Invalid document") and "acceptance_criteria" in notice
    assert meta["reason"].split(":")[0] not in notice and len(notice) < 300


# ---- a phone's width ---------------------------------------------------------------------


def test_no_page_scrolls_sideways_on_a_phone(page, http, hostile, posts, picks, unreadable, screenshot):
    executed = next(p for p in everything(http, "/proposals") if p["state"] == "executed")
    paths = [
        "/dashboard",
        "/dashboard/tasks",
        "/dashboard/proposals",
        f"/dashboard/proposals/{executed['id']}",
        f"/dashboard/proposals/{hostile['proposal_id']}",
        *(f"/dashboard/workstreams/{w['id']}" for w in everything(http, "/workstreams")),
        f"/dashboard/tasks/{picks['task']['id']}",
        f"/dashboard/tasks/{hostile['task_id']}",
        f"/dashboard/tasks/{unreadable['pending']}",
        f"/dashboard/tasks/{unreadable['invalid']}",
        f"/dashboard/contributors/{picks['contributor']}",
        "/dashboard/posts",
        f"/dashboard/posts/{posts['thread']}",
        f"/dashboard/posts/{posts['hostile']}",
        f"/dashboard/search?q={picks['workstream']['name'][:4]}",
        f"/dashboard/search?q={picks['contributor'][:4]}",
        "/dashboard/tasks/999999",
    ]
    page.set_viewport_size(PHONE)

    wide = {}
    for path in paths:
        page.goto(path)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        width, screen = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
        if width > screen:
            wide[path] = (width, page.evaluate(OVERFLOWING))
    page.goto(f"/dashboard/workstreams/{picks['workstream']['id']}")
    screenshot(page, "13-workstream-phone")

    assert wide == {}


# ---- wording -----------------------------------------------------------------------------


def test_a_paid_task_says_when_and_to_whom_it_was_paid(page, http, picks):
    task = picks["task"]
    recipients = {p["recipient"] for p in task["payments"]}

    page.goto(f"/dashboard/tasks/{task['id']}")

    assert "Claim expires" not in page.locator("body").inner_text()
    assert page.locator("#paid-at").inner_text() == when(task["paid_at"])
    paid = page.locator("#history li[data-kind='paid']")
    assert paid.count() == 1
    assert paid.inner_text().startswith("paid to ") and " by " not in paid.inner_text()
    assert set(paid.locator("a.addr").evaluate_all("links => links.map(a => a.title)")) == recipients


def test_a_claimed_task_still_says_when_its_claim_expires(page, http):
    claimed = http.get("/tasks", params={"status": "claimed", "limit": 1}).json()["items"][0]

    page.goto(f"/dashboard/tasks/{claimed['id']}")

    assert page.locator("#claim-expiry").inner_text() == when(claimed["claim_expiry"])


def test_every_tile_says_what_it_counts(page, picks):
    pages = {
        "/dashboard": ".cards .card",
        f"/dashboard/workstreams/{picks['workstream']['id']}": "#metrics .card",
        f"/dashboard/contributors/{picks['contributor']}": "#figures .card",
    }
    for path, tiles in pages.items():
        page.goto(path)
        cards = page.locator(tiles)
        assert cards.count() >= 3
        for i in range(cards.count()):
            explained = cards.nth(i).locator(".explain")
            assert explained.count() == 1 and len(explained.inner_text()) > 20, (path, cards.nth(i).inner_text())
            assert explained.is_visible()
    page.goto(f"/dashboard/workstreams/{picks['workstream']['id']}")
    active = page.locator("#metrics .card", has=page.locator("dd[data-field='active_contributors']"))
    assert "claimed, submitted or were paid" in active.locator(".explain").inner_text()


# ---- block numbers with dates ------------------------------------------------------------


def block_time(devnet, number: int) -> int:
    return int(Web3(Web3.HTTPProvider(devnet.rpc_url)).eth.get_block(number)["timestamp"])


def test_voting_windows_show_a_date_beside_the_block_number(page, http, devnet, hostile, screenshot):
    executed = next(p for p in everything(http, "/proposals") if p["state"] == "executed")
    detail = http.get(f"/proposals/{executed['id']}").json()

    page.goto(f"/dashboard/proposals/{executed['id']}")

    for item, block in (
        ("#proposed", detail["created_block"]),
        ("#snapshot", detail["vote_start"]),
        ("#vote-end", detail["vote_end"]),
    ):
        shown = page.locator(f"{item} .block-date")
        assert shown.get_attribute("data-block") == str(block)
        assert f"block {block}" in shown.inner_text()
        assert shown.locator("time").count() == 1
    proposed = page.locator("#proposed .block-date")
    exact = datetime.fromtimestamp(block_time(devnet, detail["created_block"]), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert proposed.locator("time").get_attribute("datetime") == exact  # an indexed block: its own time
    assert "est." not in proposed.inner_text()
    times = [page.locator(f"{item} time").get_attribute("datetime") for item in ("#proposed", "#snapshot", "#vote-end")]
    assert times == sorted(times)

    # A voting end still ahead: an estimate, after now, said to be one.
    active = http.get(f"/proposals/{hostile['proposal_id']}").json()
    assert active["vote_end"] > active["current_block"]
    page.goto(f"/dashboard/proposals/{hostile['proposal_id']}")
    screenshot(page, "14-proposal-dates")
    end = page.locator("#vote-end .block-date")
    assert "est." in end.inner_text() and f"block {active['vote_end']}" in end.inner_text()
    now = block_time(devnet, active["current_block"])
    assert end.locator("time").get_attribute("datetime") > datetime.fromtimestamp(now, UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )

    # The overview's open proposals carry the same dates.
    page.goto("/dashboard")
    cell = page.locator(f"tr[data-proposal-id='{hostile['proposal_id']}'] .block-date")
    assert cell.get_attribute("data-block") == str(active["vote_end"]) and cell.locator("time").count() == 1


def test_a_post_the_team_hid_shows_as_hidden_in_its_views_and_stays_readable(page, http, devnet, teal, screenshot):
    """Two Protocol members (its threshold) vote with `teal hide-post`: the team page lists the
    post as hidden, the thread says by whom and why and keeps the text behind a disclosure."""
    team = next(w["id"] for w in http.get("/workstreams").json()["items"] if w["name"] == "Protocol")
    for name, index in (("ben", 2), ("chloe", 3)):
        teal("account", "import", name, stdin=devnet.key(index) + "\n")
    posted = teal.json("post", "--title", "Cheap followers, DM me", "--text", "spam text", "--workstream", str(team),
                       "--from", "ana", "--api", devnet.api_url)  # fmt: skip
    cid = posted["cid"]
    one = teal.json("hide-post", cid, "--workstream", str(team), "--reason", "spam", "--from", "ben",
                    "--api", devnet.api_url)  # fmt: skip
    two = teal.json("hide-post", cid, "--workstream", str(team), "--reason", "off topic", "--from", "chloe",
                    "--api", devnet.api_url)  # fmt: skip

    page.goto(f"/dashboard/workstreams/{team}")
    listed = page.locator(f"#posts-h ~ ul.posts li:has(a[href='/dashboard/posts/{cid}'])")
    listed_text = listed.inner_text()
    page.goto(f"/dashboard/posts/{cid}")
    screenshot(page, "14-hidden-post")
    note = page.locator(f"p.post-hidden[data-hidden-in='{team}']").inner_text()
    disclosure = page.locator("details.hidden-post")

    assert (one["hidden"], one["votes"], one["required"]) == (False, 1, 2)
    assert (two["hidden"], two["votes"]) == (True, 2)
    assert listed_text.startswith("(hidden by the team)")
    assert "by 2 of its members" in note and "spam" in note and "off topic" in note
    assert disclosure.count() == 1 and not disclosure.get_attribute("open")
    disclosure.locator("summary").click()
    assert "spam text" in disclosure.inner_text()  # never deleted
