"""Governance rescues a team (adds and removes members of any team), member changes expire and
can be withdrawn, thresholds stay reachable, forfeited bonds do not use the cap, and tokens
sent to the escrow by mistake can be swept without touching any budget."""

import brownie
from brownie import chain
from helpers import error
from work_fixtures import BOND, CAP, DAY, FUNDING, UNIT, advance_past, budget_of, guardrails, terms


def test_governance_adds_and_removes_members_of_a_rogue_team(workstreams, dao, ws, alice, dave):
    """Finding: governance could not add or remove members, so a rogue team stayed rogue."""
    workstreams.pause(ws, {"from": dao})  # works even while paused

    added = workstreams.addMemberByGovernance(ws, dave, {"from": dao})
    removed = workstreams.removeMemberByGovernance(ws, alice, {"from": dao})

    assert (added.events["MemberAdded"]["account"], added.events["MemberAdded"]["proposalId"]) == (dave, 0)
    assert (removed.events["MemberRemoved"]["account"], removed.events["MemberRemoved"]["proposalId"]) == (alice, 0)
    assert workstreams.isMember(ws, dave) and not workstreams.isMember(ws, alice)
    assert workstreams.joinedAt(ws, dave) == added.timestamp


def test_only_governance_changes_members_directly(workstreams, ws, alice, dave):
    with brownie.reverts(revert_pattern=error("WorkstreamNotGovernance", alice)):
        workstreams.addMemberByGovernance(ws, dave, {"from": alice})
    with brownie.reverts(revert_pattern=error("WorkstreamNotGovernance", alice)):
        workstreams.removeMemberByGovernance(ws, alice, {"from": alice})


def test_member_change_proposal_expires(workstreams, ws, alice, bob, dave):
    tx = workstreams.proposeMemberChange(ws, dave, True, {"from": alice})
    proposal_id = tx.events["MemberChangeProposed"]["proposalId"]
    expires = workstreams.memberChange(proposal_id)["expiresAt"]
    assert expires == tx.timestamp + workstreams.MEMBER_CHANGE_LIFETIME()
    advance_past(expires)

    with brownie.reverts(revert_pattern=error("WorkstreamProposalExpired", proposal_id, expires)):
        workstreams.approveMemberChange(proposal_id, {"from": bob})


def test_member_change_proposal_can_be_withdrawn_by_its_proposer(workstreams, ws, alice, bob, dave):
    proposal_id = workstreams.proposeMemberChange(ws, dave, True, {"from": alice}).events["MemberChangeProposed"][
        "proposalId"
    ]

    with brownie.reverts(revert_pattern=error("WorkstreamNotProposer", proposal_id, bob, alice)):
        workstreams.withdrawMemberChange(proposal_id, {"from": bob})
    tx = workstreams.withdrawMemberChange(proposal_id, {"from": alice})

    assert tx.events["MemberChangeWithdrawn"]["proposer"] == alice
    assert workstreams.memberChange(proposal_id)["withdrawn"]
    with brownie.reverts(revert_pattern=error("WorkstreamProposalWithdrawn", proposal_id)):
        workstreams.approveMemberChange(proposal_id, {"from": bob})


def test_unreachable_threshold_is_refused_when_set(workstreams, dao, ws, budget_token, alice):
    """Finding: approvalsRequired = 255 was accepted for a three-member team."""
    with brownie.reverts(revert_pattern=error("WorkstreamApprovalsAboveMembers", ws, 255, 3)):
        workstreams.setGuardrails(ws, guardrails(approvals=255), {"from": dao})
    with brownie.reverts(revert_pattern=error("WorkstreamApprovalsAboveMembers", 2, 2, 1)):
        workstreams.createWorkstream(
            "X", "bafkreic", [alice], budget_token, chain.time() + 99 * DAY, guardrails(approvals=2), {"from": dao}
        )


def test_removal_that_would_leave_too_few_reviewers_is_refused(workstreams, dao, make_workstream, alice, bob, carol):
    """Finding: a removal could leave fewer members than the approvals a submission needs."""
    team = make_workstream(members=[alice, bob, carol], rails=guardrails(approvals=3), funding=0)

    with brownie.reverts(revert_pattern=error("WorkstreamApprovalsAboveMembers", team, 3, 2)):
        workstreams.proposeMemberChange(team, carol, False, {"from": alice})
    with brownie.reverts(revert_pattern=error("WorkstreamApprovalsAboveMembers", team, 3, 2)):
        workstreams.removeMemberByGovernance(team, carol, {"from": dao})


def test_forfeited_bonds_do_not_use_the_budget_cap(workstreams, board, dao, make_workstream, make_task, worker):
    """Finding: a forfeited bond counted against the cap, so a governance `fund` sized to the
    cap's headroom reverted after the vote."""
    team = make_workstream(rails=guardrails(bond=BOND), funding=FUNDING)
    task_id = make_task(team)
    board.claim(task_id, *terms(board, task_id), {"from": worker})
    board.abandon(task_id, {"from": worker})
    assert workstreams.bondsForfeited(team) == BOND

    workstreams.fund(team, CAP - FUNDING, {"from": dao})  # exactly the headroom the vote saw

    budget = budget_of(workstreams, team)
    assert budget["funded"] == CAP + BOND


def test_sweep_takes_only_the_excess_over_what_the_escrow_owes(
    workstreams, dao, budget_token, ws, bonded_ws, make_task, board, worker
):
    """Finding: tokens sent to the escrow by mistake were stranded."""
    task_id = make_task(bonded_ws)
    board.claim(task_id, *terms(board, task_id), {"from": worker})
    before = {w: budget_of(workstreams, w) for w in (ws, bonded_ws)}
    budget_token.transfer(workstreams, 7 * UNIT, {"from": worker})
    treasury = budget_token.balanceOf(dao)

    tx = workstreams.sweep(budget_token, {"from": dao})

    assert tx.events["WorkstreamSwept"]["amount"] == 7 * UNIT
    assert budget_token.balanceOf(dao) == treasury + 7 * UNIT
    assert {w: budget_of(workstreams, w) for w in (ws, bonded_ws)} == before
    balance = budget_token.balanceOf(workstreams)
    with brownie.reverts(revert_pattern=error("WorkstreamNothingToSweep", budget_token, balance, balance)):
        workstreams.sweep(budget_token, {"from": dao})


def test_team_rules_are_governance_only_and_emitted(workstreams, dao, ws, alice):
    with brownie.reverts(revert_pattern=error("WorkstreamNotGovernance", alice)):
        workstreams.setTeamRules(ws, (1, 2, 3), {"from": alice})

    tx = workstreams.setTeamRules(ws, (DAY, 2 * DAY, 3), {"from": dao})

    assert tuple(tx.events["WorkstreamTeamRulesChanged"]["rules"]) == (DAY, 2 * DAY, 3)
    assert tuple(workstreams.teamRules(ws)) == (DAY, 2 * DAY, 3)
