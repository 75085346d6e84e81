"""Reorgs cost their depth, not the history: on a long indexed history, a depth-3 reorg undoes
only the rows the three orphaned blocks changed (from their undo records, no replay), and the
database ends equal, table by table, to a clean index of the same chain."""

from brownie import chain, web3
from helpers import DOCUMENT
from sqlalchemy import event, inspect, select, text

from api.chain.rpc import connect
from api.db import models
from api.db.migrate import upgrade
from api.db.session import make_engine, make_sessionmaker
from api.indexer.projector import PROJECTION_TABLES
from api.indexer.scanner import Scanner
from scripts.deploy import TOKEN_UNIT
from scripts.governance import AGAINST, FOR, mine_until_active, propose

HISTORY = 150  # blocks of transfers before the reorg
# Indexer bookkeeping whose rows depend on how the history was cut into ranges, not on the chain.
BOOKKEEPING = {"blocks", "undo_records", "alembic_version"}
DOMAIN = {table.__tablename__ for table in PROJECTION_TABLES} | {"documents"}


def snapshot(engine):
    """Every table's rows, without surrogate ids and wall-clock times of the run."""
    out = {}
    with engine.connect() as connection:
        for name in sorted(set(inspect(engine).get_table_names()) - BOOKKEEPING):
            table = models.Base.metadata.tables[name]
            columns = [
                c for c in table.columns if c.autoincrement is not True and c.name not in ("updated_at", "fetched_at")
            ]
            out[name] = sorted(tuple(str(v) for v in row) for row in connection.execute(select(*columns)))
    return out


def test_depth_3_reorg_touches_only_the_orphaned_rows(
    governor, token, holders, alice, bob, carol, dave, make_scanner, engine, sessions, make_database_url
):
    people = [alice, bob, dave]
    for n in range(HISTORY):  # a long history: transfers among delegated holders
        token.transfer(people[(n + 1) % 3], TOKEN_UNIT, {"from": people[n % 3]})
    proposal = propose(
        governor, [(token, "transfer", [bob, TOKEN_UNIT])], document=DOCUMENT, proposer=alice, title="Undo"
    )
    mine_until_active(proposal)
    scanner = make_scanner()
    scanner.sync()
    governor.castVote(proposal.proposal_id, FOR, {"from": alice})  # the branch the indexer sees first
    token.transfer(carol, 5 * TOKEN_UNIT, {"from": bob})
    token.delegate(carol, {"from": dave})
    scanner.sync()
    orphaned_tip = chain.height

    chain.undo(3)
    governor.castVote(proposal.proposal_id, AGAINST, {"from": alice})  # the branch that wins
    token.transfer(dave, 7 * TOKEN_UNIT, {"from": bob})
    token.transfer(dave, 1 * TOKEN_UNIT, {"from": alice})
    token.transfer(bob, 1 * TOKEN_UNIT, {"from": dave})
    assert chain.height == orphaned_tip + 1
    with sessions() as session:
        domain_rows = sum(session.scalar(text(f"SELECT count(*) FROM {name}")) for name in DOMAIN)

    written: list[tuple[str, int]] = []  # (statement, rows) on domain tables during the reorg

    def count(conn, cursor, statement, parameters, context, executemany):
        verb = statement.lstrip().split(" ", 1)[0].upper()
        if verb in ("INSERT", "UPDATE", "DELETE") and any(f" {name}" in statement for name in DOMAIN):
            written.append((statement.split("\n", 1)[0][:60], max(cursor.rowcount, 0)))

    event.listen(engine, "after_cursor_execute", count)
    try:
        scanner._check_reorg()  # the reorg step alone: what the new branch writes is not counted
    finally:
        event.remove(engine, "after_cursor_execute", count)
    scanner.sync()

    (reorg,) = scanner.reorgs
    rows_touched = sum(rows for _s, rows in written)
    print(
        f"\ndepth-3 reorg over {HISTORY}+ blocks: {reorg.events_removed} events removed, "
        f"{reorg.rows_undone} undo records applied, {rows_touched} domain rows touched "
        f"of {domain_rows}; events replayed: {reorg.events_replayed or 0}"
    )
    assert reorg.ancestor == orphaned_tip - 3
    assert reorg.events_replayed is None  # nothing replayed from history
    # vote (VoteCast) + transfer (Transfer, bob's DelegateVotesChanged; carol never delegated)
    # + delegation (DelegateChanged, DelegateVotesChanged for dave and for carol)
    assert reorg.events_removed == 6
    # what those blocks changed, one row each: the vote and its proposal's tally; bob's and
    # carol's accounts; dave's and carol's accounts. Nothing of the history is touched.
    assert rows_touched == reorg.rows_undone and 4 <= rows_touched <= 8
    with sessions() as session:
        history_events = session.scalar(text("SELECT count(*) FROM events"))
    assert history_events >= 3 * HISTORY  # what a full replay would have re-applied

    clean = make_engine(make_database_url("clean"))
    upgrade(clean)
    Scanner(w3=connect(web3.provider.endpoint_uri), manifest=scanner.manifest, sessions=make_sessionmaker(clean)).sync()
    mine, theirs = snapshot(engine), snapshot(clean)
    assert set(mine) == set(theirs) and {"events", "accounts", "votes", "proposals", "checkpoints"} <= set(mine)
    for name in mine:
        assert mine[name] == theirs[name], f"table {name} differs from a clean index"
    with sessions() as session:
        assert session.get(models.Account, dave.address).balance == token.balanceOf(dave)
        (vote,) = session.scalars(select(models.Vote)).all()
        assert vote.support == AGAINST
    clean.dispose()
