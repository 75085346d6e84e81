"""Self-managed membership: members add and remove members by majority of current members."""

import brownie
from brownie import ZERO_ADDRESS
from helpers import error
from work_fixtures import guardrails


def test_proposal_counts_the_proposers_approval(workstreams, ws, alice, dave):
    tx = workstreams.proposeMemberChange(ws, dave, True, {"from": alice})

    proposal_id = tx.events["MemberChangeProposed"]["proposalId"]
    proposed = tx.events["MemberChangeProposed"]
    assert (proposed["workstreamId"], proposed["account"], proposed["add"], proposed["proposer"]) == (
        ws,
        dave,
        True,
        alice,
    )
    approved = tx.events["MemberChangeApproved"]
    assert (approved["member"], approved["approvals"], approved["memberCount"]) == (alice, 1, 3)
    assert "MemberAdded" not in tx.events
    assert workstreams.hasApprovedMemberChange(proposal_id, alice)
    info = workstreams.memberChange(proposal_id)
    assert (info["workstreamId"], info["account"], info["add"], info["executed"], info["approvals"]) == (
        ws,
        dave,
        True,
        False,
        1,
    )
    assert workstreams.memberChangeCount() == proposal_id


def test_majority_adds_the_member(workstreams, ws, alice, bob, dave):
    proposal_id = workstreams.proposeMemberChange(ws, dave, True, {"from": alice}).events["MemberChangeProposed"][
        "proposalId"
    ]

    tx = workstreams.approveMemberChange(proposal_id, {"from": bob})

    added = tx.events["MemberAdded"]
    assert (added["workstreamId"], added["account"], added["proposalId"]) == (ws, dave, proposal_id)
    assert workstreams.isMember(ws, dave)
    assert workstreams.memberChange(proposal_id)["executed"] is True
    assert workstreams.workstream(ws)["memberCount"] == 4


def test_majority_removes_the_member(workstreams, ws, alice, bob, carol):
    proposal_id = workstreams.proposeMemberChange(ws, carol, False, {"from": alice}).events["MemberChangeProposed"][
        "proposalId"
    ]

    tx = workstreams.approveMemberChange(proposal_id, {"from": bob})

    removed = tx.events["MemberRemoved"]
    assert (removed["workstreamId"], removed["account"], removed["proposalId"]) == (ws, carol, proposal_id)
    assert not workstreams.isMember(ws, carol)
    assert set(workstreams.members(ws)) == {alice, bob}


def test_half_is_not_a_majority(workstreams, make_workstream, alice, bob, carol, dave):
    ws4 = make_workstream(members=[alice, bob, carol, dave], funding=0)
    proposal_id = workstreams.proposeMemberChange(ws4, carol, False, {"from": alice}).events["MemberChangeProposed"][
        "proposalId"
    ]

    tx = workstreams.approveMemberChange(proposal_id, {"from": bob})

    assert tx.events["MemberChangeApproved"]["approvals"] == 2
    assert "MemberRemoved" not in tx.events
    tx = workstreams.approveMemberChange(proposal_id, {"from": dave})
    assert tx.events["MemberRemoved"]["account"] == carol


def test_single_member_decides_alone(workstreams, make_workstream, alice, dave):
    solo = make_workstream(members=[alice], funding=0, rails=guardrails(approvals=1))

    tx = workstreams.proposeMemberChange(solo, dave, True, {"from": alice})

    assert tx.events["MemberAdded"]["account"] == dave


def test_last_member_cannot_be_removed(workstreams, make_workstream, alice):
    solo = make_workstream(members=[alice], funding=0, rails=guardrails(approvals=1))

    with brownie.reverts(revert_pattern=error("WorkstreamLastMember", solo, alice)):
        workstreams.proposeMemberChange(solo, alice, False, {"from": alice})


def test_last_member_check_also_applies_at_execution(workstreams, make_workstream, alice, bob):
    pair = make_workstream(members=[alice, bob], funding=0, rails=guardrails(approvals=1))
    remove_bob = workstreams.proposeMemberChange(pair, bob, False, {"from": alice}).events["MemberChangeProposed"][
        "proposalId"
    ]
    remove_alice = workstreams.proposeMemberChange(pair, alice, False, {"from": bob}).events["MemberChangeProposed"][
        "proposalId"
    ]
    workstreams.approveMemberChange(remove_bob, {"from": bob})  # bob leaves; alice is the last member

    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", pair, bob)):
        workstreams.approveMemberChange(remove_alice, {"from": bob})
    # alice alone is a majority of one, but she is the last member
    with brownie.reverts(revert_pattern=error("WorkstreamLastMember", pair, alice)):
        workstreams.approveMemberChange(remove_alice, {"from": alice})


def test_non_member_cannot_propose(workstreams, ws, rando, dave):
    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", ws, rando)):
        workstreams.proposeMemberChange(ws, dave, True, {"from": rando})


def test_non_member_cannot_approve(workstreams, ws, alice, dave, rando):
    proposal_id = workstreams.proposeMemberChange(ws, dave, True, {"from": alice}).events["MemberChangeProposed"][
        "proposalId"
    ]

    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", ws, rando)):
        workstreams.approveMemberChange(proposal_id, {"from": rando})


def test_cannot_add_an_existing_member(workstreams, ws, alice, bob):
    with brownie.reverts(revert_pattern=error("WorkstreamAlreadyMember", ws, bob)):
        workstreams.proposeMemberChange(ws, bob, True, {"from": alice})


def test_cannot_add_the_zero_address(workstreams, ws, alice):
    with brownie.reverts(revert_pattern=error("WorkstreamInvalidMember", ZERO_ADDRESS)):
        workstreams.proposeMemberChange(ws, ZERO_ADDRESS, True, {"from": alice})


def test_cannot_remove_a_non_member(workstreams, ws, alice, rando):
    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", ws, rando)):
        workstreams.proposeMemberChange(ws, rando, False, {"from": alice})


def test_cannot_approve_twice(workstreams, make_workstream, alice, bob, carol, dave, rando):
    ws5 = make_workstream(members=[alice, bob, carol, dave, rando], funding=0)
    proposal_id = workstreams.proposeMemberChange(ws5, dave, False, {"from": alice}).events["MemberChangeProposed"][
        "proposalId"
    ]

    with brownie.reverts(revert_pattern=error("WorkstreamAlreadyApproved", proposal_id, alice)):
        workstreams.approveMemberChange(proposal_id, {"from": alice})


def test_cannot_approve_an_executed_change(workstreams, ws, alice, bob, carol, dave):
    proposal_id = workstreams.proposeMemberChange(ws, dave, True, {"from": alice}).events["MemberChangeProposed"][
        "proposalId"
    ]
    workstreams.approveMemberChange(proposal_id, {"from": bob})

    with brownie.reverts(revert_pattern=error("WorkstreamProposalExecuted", proposal_id)):
        workstreams.approveMemberChange(proposal_id, {"from": carol})


def test_unknown_proposal(workstreams, alice):
    with brownie.reverts(revert_pattern=error("WorkstreamUnknownProposal", 999)):
        workstreams.approveMemberChange(999, {"from": alice})
    with brownie.reverts(revert_pattern=error("WorkstreamUnknownProposal", 999)):
        workstreams.memberChange(999)


def test_adding_twice_by_parallel_proposals_fails_at_execution(workstreams, ws, alice, bob, carol, dave):
    first = workstreams.proposeMemberChange(ws, dave, True, {"from": alice}).events["MemberChangeProposed"][
        "proposalId"
    ]
    second = workstreams.proposeMemberChange(ws, dave, True, {"from": bob}).events["MemberChangeProposed"]["proposalId"]
    workstreams.approveMemberChange(first, {"from": bob})  # dave joins: 4 members
    workstreams.approveMemberChange(second, {"from": carol})  # bob + carol: 2 of 4, no majority yet

    with brownie.reverts(revert_pattern=error("WorkstreamAlreadyMember", ws, dave)):
        workstreams.approveMemberChange(second, {"from": dave})


def test_removed_members_approvals_stop_counting(workstreams, make_workstream, alice, bob, carol, dave, rando):
    ws5 = make_workstream(members=[alice, bob, carol, dave, rando], funding=0)
    add_helper = workstreams.proposeMemberChange(ws5, ZERO_ADDRESS.replace("0x0", "0x1"), True, {"from": rando})
    pending = add_helper.events["MemberChangeProposed"]["proposalId"]
    workstreams.approveMemberChange(pending, {"from": dave})  # rando + dave: 2 of 5
    remove_rando = workstreams.proposeMemberChange(ws5, rando, False, {"from": alice}).events["MemberChangeProposed"][
        "proposalId"
    ]
    workstreams.approveMemberChange(remove_rando, {"from": bob})
    workstreams.approveMemberChange(remove_rando, {"from": carol})  # 3 of 5: rando removed

    assert workstreams.memberChange(pending)["approvals"] == 1  # only dave still counts
    tx = workstreams.approveMemberChange(pending, {"from": alice})  # dave + alice: 2 of 4, not a majority
    assert "MemberAdded" not in tx.events
    tx = workstreams.approveMemberChange(pending, {"from": bob})
    assert "MemberAdded" in tx.events


def test_membership_changes_are_frozen_while_paused(workstreams, dao, ws, alice, bob, dave):
    proposal_id = workstreams.proposeMemberChange(ws, dave, True, {"from": alice}).events["MemberChangeProposed"][
        "proposalId"
    ]
    workstreams.pause(ws, {"from": dao})

    with brownie.reverts(revert_pattern=error("WorkstreamIsPaused", ws)):
        workstreams.proposeMemberChange(ws, dave, True, {"from": bob})
    with brownie.reverts(revert_pattern=error("WorkstreamIsPaused", ws)):
        workstreams.approveMemberChange(proposal_id, {"from": bob})


def test_propose_for_unknown_workstream(workstreams, alice, dave):
    with brownie.reverts(revert_pattern=error("WorkstreamUnknown", 55)):
        workstreams.proposeMemberChange(55, dave, True, {"from": alice})
