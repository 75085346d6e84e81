"""A reorg over reward events: the orphaned blocks' claim and stipend withdrawal are undone in
the reward tables, the winning branch's claim applied, and the result equals a clean index."""

from __future__ import annotations

from brownie import chain, web3
from rewards_fixtures import DAY
from test_reorg_undo import snapshot

from api.chain.manifest import Manifest
from api.chain.rpc import Backoff, connect
from api.db import models
from api.db.migrate import upgrade
from api.db.session import make_engine, make_sessionmaker
from api.indexer.scanner import Scanner, ScanSettings
from scripts.deploy import manifest as build_manifest


def test_a_reorg_undoes_orphaned_claims_and_withdrawals(
    work, ws, posted_epoch, start_stream, distributor, stipends, relayer, engine, sessions, make_database_url
):
    epoch = posted_epoch(ws)
    stream_id = start_stream(ws, length=10 * DAY)
    chain.sleep(DAY)
    chain.mine()
    manifest = Manifest.model_validate(build_manifest(work))
    settings = ScanSettings(backoff=Backoff(initial=0.05, maximum=0.2, attempts=3))
    scanner = Scanner(w3=connect(web3.provider.endpoint_uri), manifest=manifest, sessions=sessions, settings=settings)
    scanner.sync()

    distributor.claim(*epoch.claim_args(0), {"from": relayer})  # the branch the indexer sees first
    stipends.withdraw(stream_id, {"from": relayer})
    scanner.sync()
    with sessions() as session:
        assert session.get(models.RewardEpoch, epoch.epoch_id).claimed_count == 1
        assert session.get(models.StipendStream, stream_id).withdrawn > 0

    chain.undo(2)
    distributor.claim(*epoch.claim_args(1), {"from": relayer})  # the branch that wins
    chain.mine(2)
    scanner.sync()

    assert len(scanner.reorgs) == 1
    with sessions() as session:
        row = session.get(models.RewardEpoch, epoch.epoch_id)
        claims = session.query(models.RewardClaim).filter_by(epoch_id=epoch.epoch_id).all()
        assert [c.leaf_index for c in claims] == [epoch.claim_args(1)[1]]
        assert row.claimed_count == 1 and row.held == int(distributor.epoch(epoch.epoch_id)["held"])
        assert session.get(models.StipendStream, stream_id).withdrawn == 0 == stipends.stream(stream_id)["withdrawn"]

    clean = make_engine(make_database_url("clean"))
    upgrade(clean)
    Scanner(w3=connect(web3.provider.endpoint_uri), manifest=manifest, sessions=make_sessionmaker(clean)).sync()
    mine, theirs = snapshot(engine), snapshot(clean)
    assert {"reward_epochs", "reward_claims", "stipend_streams"} <= set(mine)
    for name in mine:
        assert mine[name] == theirs[name], f"table {name} differs from a clean index"
    clean.dispose()
