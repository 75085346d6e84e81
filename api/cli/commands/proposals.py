"""`teal proposal list|show`: the governor's proposals, read from the chain.

`teal proposal ID` (a bare id) still shows one proposal: the group reads a first argument
that is a number as `show ID`.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from api.chain.types import ProposalState, ProposalVotes
from api.cli.commands.failures import teal_command
from api.cli.commands.output import table
from api.cli.commands.session import CliError, Session, chain_command


class _BareIdShows(TyperGroup):
    """`teal proposal 5274...` is `teal proposal show 5274...` (the command before `list`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0].isdigit():
            args = ["show", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_BareIdShows,
    no_args_is_help=True,
    help="Proposals: `list` (with --state), `show ID`, `cancel ID`; `teal proposal ID` shows one too.",
)


def _title(description: str) -> tuple[str | None, str]:
    """(document CID, title) of an `ipfs://<cid>\\n<title>` description (else no CID, first line)."""
    first, _, rest = description.partition("\n")
    if first.startswith("ipfs://"):
        return first.removeprefix("ipfs://").strip(), rest.strip().splitlines()[0] if rest.strip() else ""
    return None, first.strip()


@app.command("list")
@teal_command
@chain_command()
def list_proposals(
    session: Session,
    state: Annotated[
        list[str] | None,
        typer.Option(
            "--state",
            help="Only proposals in this state (repeat): pending, active, canceled, defeated, succeeded, "
            "queued, expired or executed.",
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many, newest first.")] = 50,
) -> None:
    """List proposals, newest first, with their state and tally, read from the chain."""
    from api.chain.errors import amount

    known = {s.label: s.title for s in ProposalState}
    wanted = set()
    for entry in state or []:
        if entry.lower() not in known:
            raise CliError("bad_state", f"unknown state {entry!r}; one of {', '.join(known)}")
        wanted.add(known[entry.lower()])
    chain = session.chain
    token = chain.token(chain.contracts["TealToken"].address)
    created = chain.logs("TealGovernor", "ProposalCreated")
    head, _ = chain.head()
    found: list[dict[str, Any]] = []
    for event in reversed(created):
        args = event["args"]
        proposal_id = int(args["proposalId"])
        current = ProposalState(int(chain.call("TealGovernor", "state", proposal_id))).title
        if wanted and current not in wanted:
            continue
        votes = chain.view(ProposalVotes, "TealGovernor", "proposalVotes", proposal_id)
        against, for_, abstain = votes.against_votes, votes.for_votes, votes.abstain_votes
        cid, title = _title(args["description"])
        found.append(
            {
                "proposal_id": str(proposal_id),
                "state": current,
                "title": title,
                "document_cid": cid,
                "proposer": args["proposer"],
                "snapshot": int(args["voteStart"]),
                "deadline": int(args["voteEnd"]),
                "votes": {"for": str(for_), "against": str(against), "abstain": str(abstain)},
                "created_block": int(event["blockNumber"]),
            }
        )
        if len(found) >= limit:
            break
    rows = [
        (
            p["proposal_id"],
            p["state"],
            p["title"],
            f"{p['snapshot'] + 1}..{p['deadline']}",
            amount(int(p["votes"]["for"]), token),
            amount(int(p["votes"]["against"]), token),
            amount(int(p["votes"]["abstain"]), token),
        )
        for p in found
    ]
    which = f" {'/'.join(sorted(wanted))}" if wanted else ""
    session.out.result(
        found,
        table=table(
            f"{len(found)}{which} of {len(created)} proposals (block {head})",
            ["id", "state", "title", "voting blocks", "for", "against", "abstain"],
            rows,
        ),
    )


def register(root: typer.Typer) -> None:
    from api.cli.commands.governance import cancel, proposal

    app.command("show")(proposal)
    app.command("cancel")(cancel)
    root.add_typer(app, name="proposal")
