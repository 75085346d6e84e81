"""`teal rewards` for a whole peer-allocation epoch: two members approve opening it, members
give through the API (`give`, signed with their keystore keys), `results` equals a direct
computation, the team posts the root (`post-root`, the distribution document published), a
member claims with `teal rewards claim`; stipends start and stop by the team's threshold."""

from __future__ import annotations

import pytest
from brownie import chain
from rewards_fixtures import *  # noqa: F403 - distributor, stipends
from rewards_fixtures import DAY, UNIT
from work_fixtures import advance_past

from api.content import LocalStore, parse_canonical
from api.rewards import Allocation, compute_distribution


@pytest.fixture(scope="module")
def api_db(tmp_path_factory):
    return f"sqlite:///{tmp_path_factory.mktemp('rewards-api') / 'api.db'}"


@pytest.fixture(scope="module")
def reindex(cli_teal, api_db):
    """Bring the API's database up to the chain's head (`teal index --once`)."""

    def run() -> None:
        cli_teal("index", "--once", "--no-progress", "--database-url", api_db)

    return run


@pytest.fixture(scope="module")
def api_url(cli_api_server, cli_env, api_db, reindex, cli_team, tmp_path_factory, gov):
    from eth_account import Account

    from api.http.relay import DEV_RELAYER_KEY

    gov.transfer(Account.from_key(DEV_RELAYER_KEY).address, "10 ether")  # the relayer of the claims
    reindex()
    env = {**cli_env, "TEAL_DATABASE_URL": api_db, "TEAL_HEAD_CACHE_SECONDS": "0", "TEAL_RELAYER": "dev"}
    server = cli_api_server(env, log_path=tmp_path_factory.mktemp("rewards-api-log") / "server.log").start()
    yield server.url
    server.stop()


def _this_hour() -> str:
    now = chain[-1].timestamp
    return str(now - now % 3600)


def test_members_give_the_team_posts_the_root_and_a_member_claims(
    cli_teal, cli_keystore, cli_people, cli_team, alice, api_url, reindex, distributor, budget_token, data_dir
):
    m1, m2 = cli_people["member1"], cli_people["member2"]
    team = str(cli_team)
    # Both approvers name the same start, as teammates agreeing on one do (by default each takes
    # the chain's current hour, which an hour boundary between the two commands would split).
    hour = _this_hour()
    first = cli_teal.json("rewards", "open-epoch", "--workstream", team, "--pot", "1000", "--length", "2d",
                          "--cap", "700", "--start", hour, "--from", "member1")  # fmt: skip
    assert first["epoch_id"] is None and (first["approvals"], first["required"]) == (1, 2)
    opened = cli_teal.json("rewards", "open-epoch", "--workstream", team, "--pot", "1000", "--length", "2d",
                           "--cap", "700", "--start", hour, "--from", "member2")  # fmt: skip
    epoch = opened["epoch_id"]
    assert epoch == distributor.epochCount() and distributor.epoch(epoch)["pot"] == 1000 * UNIT
    reindex()

    gave = cli_teal.json("rewards", "give", str(epoch), "--to", "member2=60:ran the release", "--to",
                         f"{alice}=40", "--from", "member1", "--api", api_url)  # fmt: skip
    assert gave["total_give"] == 100
    cli_teal("rewards", "give", str(epoch), "--to", "member1=90", "--from", "member2", "--api", api_url)
    # member2 changes its mind: the later allocation replaces the earlier.
    cli_teal("rewards", "give", str(epoch), "--to", "member1=70", "--to", f"{alice}=30:docs", "--from", "member2",
             "--api", api_url)  # fmt: skip
    over = cli_teal.error("rewards", "give", str(epoch), "--to", "member1=101", "--from", "member2", "--api", api_url)
    assert "over the epoch's allowance of 100" in over
    self_ = cli_teal.error("rewards", "give", str(epoch), "--to", "member2=5", "--from", "member2", "--api", api_url)
    assert "gives to itself" in self_
    outsider = cli_teal.error("rewards", "give", str(epoch), "--to", "member1=5", "--from", "nobody", "--api", api_url)
    assert "is not a member of workstream" in outsider
    bad = cli_teal.error("rewards", "give", str(epoch), "--to", "member1", "--from", "member2", "--api", api_url)
    assert bad.startswith("--to 'member1': write ADDRESS=GIVE")

    results = cli_teal.json("rewards", "results", str(epoch), "--api", api_url)
    direct = compute_distribution(
        [
            Allocation(giver=str(m1), receiver=str(m2), give=60),
            Allocation(giver=str(m1), receiver=str(alice), give=40),
            Allocation(giver=str(m2), receiver=str(m1), give=70),
            Allocation(giver=str(m2), receiver=str(alice), give=30),
        ],
        pot=1000 * UNIT,
        cap=700 * UNIT,
        allowance=100,
    )
    assert results["root"] == direct.tree().root_hex and results["total"] == str(direct.total)
    assert [(p["account"], p["amount"]) for p in results["payouts"]] == [
        (p.account, str(p.amount)) for p in direct.payouts
    ]
    assert results["final"] is False and len(results["allocations"]) == 2
    early = cli_teal.error("rewards", "post-root", str(epoch), "--from", "member1", "--api", api_url)
    assert early == f"epoch {epoch} has not ended: its allocations may still change"

    advance_past(distributor.epoch(epoch)["end"])
    late = cli_teal.error("rewards", "give", str(epoch), "--to", "member1=5", "--from", "member2", "--api", api_url)
    assert f"epoch {epoch} ended at" in late
    approved = cli_teal.json("rewards", "post-root", str(epoch), "--from", "member1", "--api", api_url)
    assert approved["posted"] is False and approved["approvals"] == 1
    posted = cli_teal.json("rewards", "post-root", str(epoch), "--from", "member2", "--api", api_url)
    assert posted["posted"] is True and posted["root"] == results["root"]
    assert "0x" + bytes(distributor.epoch(epoch)["root"]).hex() == results["root"]
    stored = parse_canonical(LocalStore(root=data_dir / "documents").get(posted["distribution_cid"]))
    assert stored["schema"] == "teal/distribution@1" and stored["body"]["allocations"] == results["allocations"]

    before = budget_token.balanceOf(m2)
    claimed = cli_teal.json("rewards", "claim", str(epoch), "--from", "member2")
    paid = {p["account"]: int(p["amount"]) for p in results["payouts"]}
    assert int(claimed["amount"]) == paid[str(m2)] and budget_token.balanceOf(m2) - before == paid[str(m2)]

    # alice has no gas and no key here: the API's relayer claims her leaf, which pays only her.
    reindex()
    before = budget_token.balanceOf(alice)
    relayed = cli_teal.json("rewards", "claim", str(epoch), "--for", str(alice), "--relay", api_url)
    assert int(relayed["amount"]) == paid[str(alice)] and budget_token.balanceOf(alice) - before == paid[str(alice)]
    assert relayed["relayer"] != str(alice) and relayed["account"] == str(alice)
    reindex()
    again = cli_teal.error("rewards", "claim", str(epoch), "--for", str(alice), "--relay", api_url)
    assert again.startswith("the relay refused (409)") and "was already claimed" in again
    nothing = cli_teal.error("rewards", "claim", str(epoch), "--for", str(cli_people["nobody"]), "--relay", api_url)
    assert "pays nothing to" in nothing

    # The next epoch lets the contributors paid in the 30 days before its start give and receive:
    # the date is fixed from the start, so every approver names the same terms.
    widened = cli_teal.json("rewards", "open-epoch", "--workstream", team, "--pot", "10", "--contributors-for", "30d",
                            "--from", "member1")  # fmt: skip
    terms = parse_canonical(LocalStore(root=data_dir / "documents").get(widened["terms_cid"]))
    assert terms["body"]["contributors_since"] == widened["start"] - 30 * DAY


def test_the_team_starts_and_stops_a_stipend(cli_teal, cli_keystore, cli_people, cli_team, stipends):
    m2 = cli_people["member2"]
    args = ["rewards", "stipend", "start", "--workstream", str(cli_team), "--to", "member2", "--amount", "300",
            "--length", "10d", "--start", _this_hour()]  # fmt: skip
    assert cli_teal.json(*args, "--from", "member1")["stream_id"] is None
    started = cli_teal.json(*args, "--from", "member2")
    stream = started["stream_id"]
    assert stipends.stream(stream)["recipient"] == m2 and stipends.stream(stream)["amount"] == 300 * UNIT
    chain.sleep(2 * DAY)
    chain.mine()

    assert cli_teal.json("rewards", "stipend", "stop", str(stream), "--from", "member1")["stopped"] is False
    stopped = cli_teal.json("rewards", "stipend", "stop", str(stream), "--from", "member2")

    assert stopped["stopped"] is True and stipends.stream(stream)["stopped"] is True
    assert 0 < stipends.stream(stream)["withdrawable"] < 300 * UNIT
    bad = cli_teal.error("rewards", "stipend", "start", "--workstream", str(cli_team), "--to", "member2",
                         "--amount", "300", "--length", "soon", "--from", "member1")  # fmt: skip
    assert bad == "--length 'soon' is not a positive duration (3600s, 90m, 12h or 7d)"


def test_members_approve_a_stipend_through_the_relay_and_pay_no_gas(
    cli_teal, cli_keystore, cli_people, cli_team, stipends, api_url
):
    from brownie import web3

    m1, m2 = cli_people["member1"], cli_people["member2"]
    args = ["rewards", "stipend", "start", "--workstream", str(cli_team), "--to", "member1", "--amount", "120",
            "--length", "5d", "--start", _this_hour(), "--relay", api_url]  # fmt: skip
    eth = {m: web3.eth.get_balance(str(m)) for m in (m1, m2)}

    first = cli_teal.json(*args, "--from", "member1")
    started = cli_teal.json(*args, "--from", "member2")

    assert first["stream_id"] is None and first["approvals"] == 1
    stream = started["stream_id"]
    assert stipends.stream(stream)["recipient"] == m1 and stipends.stream(stream)["amount"] == 120 * UNIT
    chain.sleep(DAY)
    chain.mine()
    withdrawn = cli_teal.json("rewards", "stipend", "withdraw", str(stream), "--from", "member2", "--relay", api_url)
    assert int(withdrawn["amount"]) > 0 and withdrawn["recipient"] == str(m1)
    assert {m: web3.eth.get_balance(str(m)) for m in (m1, m2)} == eth  # the relayer paid every transaction


def test_a_teammate_after_the_hour_joins_the_pending_approval_of_the_same_stipend(
    cli_teal, cli_keystore, cli_people, cli_team, stipends
):
    hour = int(_this_hour())
    args = ["rewards", "stipend", "start", "--workstream", str(cli_team), "--to", "member2", "--amount", "75",
            "--length", "3d"]  # fmt: skip
    # member1 approved in the previous hour (its default start was that hour) ...
    assert cli_teal.json(*args, "--start", str(hour - 3600), "--from", "member1")["stream_id"] is None

    joined = cli_teal.json(*args, "--from", "member2")  # ... member2 names no start, after the hour

    assert joined["start"] == hour - 3600 and joined["approvals"] == 2 and joined["stream_id"] is not None
    assert stipends.stream(joined["stream_id"])["amount"] == 75 * UNIT
