"""The same API over PostgreSQL: the work scenario indexed into a real PostgreSQL server
(started by the test, see tests/pg_server.py), then the JSON-path, uint256 and cursor
queries checked against the contracts as on SQLite."""

from __future__ import annotations

import pytest
from brownie import accounts
from test_api_work import problem_post, scenario  # noqa: F401 - the same scenario, re-used

from scripts.deploy import TOKEN_UNIT


@pytest.fixture(scope="module")
def database_url(postgres):
    return postgres.create_database("teal_api")


def test_budgets_and_board_over_postgres(http, deployment, scenario):  # noqa: F811
    for workstream_id in scenario["workstreams"]:
        body = http.get(f"/workstreams/{workstream_id}").json()
        funded, reserved, paid, available, _ = deployment.workstreams.budget(workstream_id)
        assert [body["budget"][k] for k in ("funded", "reserved", "paid", "available")] == [
            str(funded),
            str(reserved),
            str(paid),
            str(available),
        ]

    by_reward = http.get("/tasks", params={"sort": "-reward", "limit": 2}).json()
    rest = http.get("/tasks", params={"sort": "-reward", "limit": 50, "cursor": by_reward["next_cursor"]}).json()[
        "items"
    ]
    rewards = [int(t["reward"]) for t in by_reward["items"] + rest]
    assert rewards == sorted(rewards, reverse=True)
    assert by_reward["items"][0]["title"]


def test_metrics_contributors_and_posts_over_postgres(http, scenario, problem_post):  # noqa: F811
    community = scenario["workstreams"][1]

    metrics = http.get(f"/workstreams/{community}/metrics").json()
    finn = http.get(f"/contributors/{accounts[5].address}").json()
    http.post("/posts", json=problem_post)
    thread = http.get(f"/posts/{scenario['post_cid']}").json()

    assert int(metrics["paid_in_period"]) == 700 * TOKEN_UNIT
    assert finn["tasks_done"] == 2
    assert thread["root"]["follow_through"][0]["status"] == "paid"
