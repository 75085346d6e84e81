"""The dashboard in a real headless Chromium over the demo devnet: a user clicks from the
overview to a workstream, a task and a contributor, and every figure on the way equals the
JSON API's; proposals and task pages show their documents; hostile documents stay inert.
Screenshots of each page go to reports/screenshots/."""

from __future__ import annotations

from collections import Counter

import pytest
from devnet import everything

from api.chain.types import TaskStatus
from api.http.dashboard.formatting import duration, percent, tokens


def data_value(page, selector: str) -> str:
    """The exact base-unit amount a page keeps in `<data value=...>` under `selector`."""
    return page.locator(f"{selector} data").first.get_attribute("value")


def test_overview_to_workstream_to_task_to_contributor_matches_the_api(page, http, picks, screenshot):
    timelock = next(c["address"] for c in http.get("/chain").json()["contracts"] if c["name"] == "TealTimelock")
    teams = everything(http, "/workstreams")
    proposals = everything(http, "/proposals")

    # Overview: treasury, every team's budget, proposal count.
    page.goto("/dashboard")
    screenshot(page, "01-overview")
    treasury = http.get(f"/contributors/{timelock}").json()["balance"]
    assert data_value(page, "#treasury") == treasury
    assert page.locator("#treasury data").inner_text() == tokens(treasury)
    assert page.locator("#proposal-count").inner_text() == str(len(proposals))
    for team in teams:
        row = page.locator(f"tr[data-workstream-id='{team['id']}']")
        for field in ("funded", "paid", "reserved", "available", "cap"):
            assert row.locator(f"td[data-field='{field}'] data").get_attribute("value") == team["budget"][field]
    open_ids = {p["id"] for p in proposals if p["state"] in ("active", "pending", "succeeded", "queued")}
    shown = set(
        page.locator("table.proposals")
        .first.locator("tr[data-proposal-id]")
        .evaluate_all("rows => rows.map(r => r.dataset.proposalId)")
    )
    assert shown == open_ids

    # Workstream: budget, metrics, weekly chart figures and the board, as the API has them.
    chosen = picks["workstream"]  # the split task's team
    page.click(f"tr[data-workstream-id='{chosen['id']}'] th a")
    page.wait_for_url(f"**/dashboard/workstreams/{chosen['id']}")
    screenshot(page, "02-workstream")
    wid = chosen["id"]
    detail = http.get(f"/workstreams/{wid}").json()
    for field, value in detail["budget"].items():
        assert data_value(page, f"#budget dd[data-field='{field}']") == value
    metrics = http.get(f"/workstreams/{wid}/metrics").json()
    card = lambda field: page.locator(f"#metrics dd[data-field='{field}']").inner_text()  # noqa: E731
    assert card("tasks_completed") == str(metrics["tasks_completed"])
    assert card("active_contributors") == str(metrics["active_contributors"])
    assert card("cycle_time") == f"{duration(metrics['cycle_time_median_s'])} / {duration(metrics['cycle_time_p90_s'])}"
    assert card("review_latency") == (
        f"{duration(metrics['review_latency_median_s'])} / {duration(metrics['review_latency_p90_s'])}"
    )
    assert card("rejection_rate").startswith(percent(metrics["rejection_rate"]))
    assert card("burn_vs_cap").startswith(percent(metrics["burn_vs_cap"], 2))
    assert card("reward_concentration_top20") == percent(metrics["reward_concentration_top20"])
    weeks = page.locator("#weekly tbody tr")
    assert weeks.count() >= 1
    for i in range(weeks.count()):
        row = weeks.nth(i)
        start, end = row.get_attribute("data-start"), row.get_attribute("data-end")
        week = http.get(f"/workstreams/{wid}/metrics", params={"start": start, "end": end}).json()
        to_date = http.get(f"/workstreams/{wid}/metrics", params={"end": end}).json()
        # The weekly table sits in a closed <details>: read its text, not its rendering.
        assert row.locator("td[data-field='tasks_completed']").text_content() == str(week["tasks_completed"])
        assert row.locator("td[data-field='paid_in_period'] data").get_attribute("value") == week["paid_in_period"]
        assert row.locator("td[data-field='paid_to_date'] data").get_attribute("value") == to_date["paid_in_period"]
    assert (
        sum(int(weeks.nth(i).locator("td[data-field='tasks_completed']").text_content()) for i in range(weeks.count()))
        == metrics["tasks_completed"]
    )
    charts = page.locator("svg.chart[role='img']")
    assert charts.count() == 4
    assert all(charts.nth(i).locator("title").count() >= 1 for i in range(4))
    board = everything(http, "/tasks", workstream_id=wid)
    per_status = Counter(t["status"] for t in board)
    for status in TaskStatus.labels():
        column = page.locator(f".column[data-status='{status}']")
        assert column.locator(".count").inner_text() == str(per_status[status])
        ids = column.locator("li.task-card").evaluate_all("cards => cards.map(c => Number(c.dataset.taskId))")
        assert sorted(ids) == sorted(t["id"] for t in board if t["status"] == status)

    # Task: a paid one whose reward was split, with its payments and history.
    paid = picks["task"]
    assert paid["id"] in {t["id"] for t in board if t["status"] == "paid"}
    page.click(f"li.task-card[data-task-id='{paid['id']}'] a")
    page.wait_for_url(f"**/dashboard/tasks/{paid['id']}")
    screenshot(page, "03-task")
    task = http.get(f"/tasks/{paid['id']}").json()
    assert data_value(page, "#reward") == task["reward"]
    assert page.locator("#status").inner_text() == task["status"]
    assert page.locator("#history li").count() == len(task["history"])
    amounts = page.locator("#payments tbody tr td:nth-child(2) data").evaluate_all(
        "cells => cells.map(c => c.getAttribute('value'))"
    )
    assert amounts == [p["amount"] for p in task["payments"]] and len(amounts) >= 2
    assert page.locator("h2", has_text="Spec").count() == 1
    assert page.locator("#task-spec").inner_text().strip() == task["spec"]["body"]["description"]

    # Contributor: the claimant, by clicking the address.
    page.click("#claimant a")
    page.wait_for_url(f"**/dashboard/contributors/{task['claimant']}")
    screenshot(page, "04-contributor")
    who = http.get(f"/contributors/{task['claimant']}").json()
    assert page.locator("#address").inner_text() == who["address"]
    fig = lambda field: page.locator(f"#figures dd[data-field='{field}']")  # noqa: E731
    assert fig("tasks_done").inner_text() == str(who["tasks_done"]) and who["tasks_done"] >= 1
    assert fig("reviews_given").inner_text() == str(who["reviews_given"])
    assert fig("balance").locator("data").get_attribute("value") == who["balance"]
    assert fig("voting_power").locator("data").get_attribute("value") == who["voting_power"]
    earned = fig("earnings").locator("data").evaluate_all("cells => cells.map(c => c.getAttribute('value'))")
    assert earned == [e["amount"] for e in who["earnings"]] and earned
    assert page.dialogs == []


def test_proposal_page_shows_tallies_quorum_votes_and_timeline(page, http, screenshot):
    executed = next(p for p in everything(http, "/proposals") if p["state"] == "executed")
    detail = http.get(f"/proposals/{executed['id']}").json()
    votes = everything(http, f"/proposals/{executed['id']}/votes")

    page.goto("/dashboard/proposals")
    page.click(f"tr[data-proposal-id='{executed['id']}'] a")
    page.wait_for_url(f"**/dashboard/proposals/{executed['id']}")
    screenshot(page, "05-proposal")

    assert page.locator("h1").inner_text() == detail["title"]
    for side, key in (("for", "for"), ("against", "against"), ("abstain", "abstain")):
        assert data_value(page, f"#tally-{side}") == detail["tallies"][key]
    assert data_value(page, "#quorum") == detail["quorum"]
    assert page.locator("#quorum-reached").inner_text() == (
        "quorum reached" if detail["quorum_reached"] else "quorum not reached"
    )
    rows = page.locator("table.votes tbody tr")
    assert rows.count() == len(votes) > 0
    for vote in votes:
        if vote["reason"]:
            assert page.locator("table.votes", has_text=vote["reason"]).count() == 1
    assert page.locator("ol.timeline").inner_text().count("block") >= 3
    # From discussion to payment: the execution's transaction and every TEAL it moved.
    execution = detail["trail"]["execution"]
    assert execution["transfers"], "the demo's executed proposal moved no TEAL"
    assert page.locator("#trail-execution code").inner_text() == execution["tx_hash"]
    shown = [row.locator("data").get_attribute("value") for row in page.locator("#trail-transfers li").all()]
    assert shown == [t["amount"] for t in execution["transfers"]]


def inert(page) -> dict:
    """What a hostile document could have left in the DOM, read in the page itself."""
    return page.evaluate(
        """() => ({
            pwned: window.__pwned ?? null,
            scripts: [...document.scripts].map(s => s.src ? new URL(s.src).pathname : "inline"),
            javascript_hrefs: [...document.querySelectorAll('[href],[src],[action]')]
                .map(e => (e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action')))
                .filter(v => /^\\s*(javascript|data|vbscript):/i.test(v)),
            handlers: [...document.querySelectorAll('*')]
                .flatMap(e => [...e.attributes].map(a => a.name))
                .filter(n => n.startsWith('on')),
            images: document.images.length,
        })"""
    )


CLEAN = {"pwned": None, "scripts": ["/dashboard/static/wallet.js"], "javascript_hrefs": [], "handlers": [], "images": 0}


def test_a_proposal_document_with_script_and_javascript_links_renders_inert(page, http, hostile, screenshot):
    proposal_id = hostile["proposal_id"]

    response = page.goto(f"/dashboard/proposals/{proposal_id}")
    screenshot(page, "06-proposal-hostile")

    assert inert(page) == CLEAN
    assert page.dialogs == []
    assert "script-src 'self';" in response.headers["content-security-policy"]  # our module only
    assert "unsafe" not in response.headers["content-security-policy"]
    assert "default-src 'none'" in response.headers["content-security-policy"]
    # The attack is shown as text, and the one real link survives.
    assert "<script>" in page.locator("h1").inner_text()
    document = page.locator("#proposal-document")
    assert "<script>window.__pwned" in document.inner_text()
    assert "javascript:window.__pwned='markdown link'" in document.inner_text()
    assert document.locator("a").evaluate_all("links => links.map(a => a.href)") == ["https://example.org/teal"]
    assert "vote reason" in page.locator("table.votes").inner_text()


@pytest.mark.parametrize("kind", ["task", "post"])
def test_task_specs_submissions_and_posts_render_inert(page, hostile, posts, kind, screenshot):
    path = f"/dashboard/tasks/{hostile['task_id']}" if kind == "task" else f"/dashboard/posts/{posts['hostile']}"

    page.goto(path)
    screenshot(page, f"07-{kind}-hostile")

    assert inert(page) == CLEAN
    assert page.dialogs == []
    assert "<script>" in page.locator("h1").inner_text()
    if kind == "task":
        # The deliverable's javascript: URI is shown, not linked.
        assert page.locator(".unsafe-link", has_text="totally a PR").count() == 1


def test_posts_list_and_thread_show_replies(page, http, posts, hostile, screenshot):
    team = hostile["workstream_id"]
    thread = http.get(f"/posts/{posts['thread']}").json()

    page.goto(f"/dashboard/workstreams/{team}")
    page.get_by_role("link", name="All of this team's posts").click()
    page.wait_for_url(f"**/dashboard/posts?workstream_id={team}")
    screenshot(page, "08-posts")
    listed = everything(http, "/posts", workstream_id=team)
    assert page.locator(".post-list > li").count() == len(listed) >= 2
    page.get_by_role("link", name=thread["root"]["title"]).click()
    page.wait_for_url(f"**/dashboard/posts/{posts['thread']}")
    screenshot(page, "09-thread")

    assert page.locator("article.reply").count() == len(thread["replies"]) == 1
    assert page.locator("article.post strong", has_text="shared list").count() == 1  # Markdown rendered


def test_pages_read_without_javascript(browser, server, hostile, screenshot):
    context = browser.new_context(base_url=server.api_url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/dashboard")
        assert page.locator("table.workstreams tbody tr[data-workstream-id]").count() >= 2
        page.goto(f"/dashboard/workstreams/{hostile['workstream_id']}")
        assert page.locator("svg.chart").count() == 4
        assert page.locator(".board .column").count() == 5
    finally:
        context.close()


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/dashboard/tasks/999999", 404, "999999"),
        ("/dashboard/tasks/not-a-number", 404, "not-a-number"),
        ("/dashboard/workstreams/424242", 404, "424242"),
        ("/dashboard/proposals/123", 404, "123"),
        ("/dashboard/contributors/0xnope", 422, "0xnope"),
    ],
)
def test_unknown_or_bad_ids_get_an_html_error_page(http, path, status, message):
    response = http.get(path)

    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text and "Traceback" not in response.text
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_stylesheet_is_served_with_long_caching(http):
    page = http.get("/dashboard").text
    href = page.split('rel="stylesheet" href="')[1].split('"')[0]

    css = http.get(href)

    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "immutable" in css.headers["cache-control"]


def test_every_page_passes_the_axe_accessibility_checks(page, http, hostile, posts, picks, unreadable):
    from axe_playwright_python.sync_playwright import Axe

    executed = next(p for p in everything(http, "/proposals") if p["state"] == "executed")
    task = hostile["task_id"]
    paths = [
        "/dashboard",
        "/dashboard/proposals",
        f"/dashboard/proposals/{executed['id']}",
        f"/dashboard/proposals/{hostile['proposal_id']}",
        f"/dashboard/workstreams/{picks['workstream']['id']}",
        f"/dashboard/workstreams/{hostile['workstream_id']}",
        f"/dashboard/tasks/{picks['task']['id']}",
        f"/dashboard/tasks/{task}",
        f"/dashboard/contributors/{picks['contributor']}",
        "/dashboard/posts",
        f"/dashboard/posts/{posts['thread']}",
        "/dashboard/tasks/999999",
        "/dashboard/tasks",
        f"/dashboard/tasks?status=paid&workstream_id={picks['workstream']['id']}",
        "/dashboard/tasks?claimant=0xnope",
        f"/dashboard/tasks/{unreadable['pending']}",
        f"/dashboard/tasks/{unreadable['invalid']}",
        f"/dashboard/search?q={picks['workstream']['name'][:4]}",
        "/dashboard/search?q=nobody-at-all",
    ]
    axe = Axe()

    found = {}
    for path in paths:
        page.goto(path)
        violations = axe.run(page).response["violations"]
        if violations:
            found[path] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]

    assert found == {}
