"""Streamed stipends: started, changed and stopped by the team's threshold; stopping by
themselves the moment the recipient's membership ends, the team is paused or its term ends
(halted by anyone afterwards, to give the rest back); withdrawn by anyone for the recipient;
always reserved in full in the team's budget."""

import brownie
from brownie import chain
from helpers import error
from rewards_fixtures import DAY, STIPEND, STREAM_CID, identity_holds
from work_fixtures import FUNDING, advance_past, budget_of


def accrued_at(info, time):
    start, end = info["start"], info["end"]
    if time <= start:
        return info["base"]
    if time >= end:
        return info["base"] + info["amount"]
    return info["base"] + info["amount"] * (time - start) // (end - start)


def test_threshold_starts_a_stream_and_reserves_it(stipends, workstreams, ws, alice, bob, carol):
    now = chain.time()
    end = now + 30 * DAY

    first = stipends.startStream(ws, carol, STIPEND, now, end, STREAM_CID, {"from": alice})
    tx = stipends.startStream(ws, carol, STIPEND, now, end, STREAM_CID, {"from": bob})

    assert "StreamStarted" not in first.events
    event = tx.events["StreamStarted"]
    assert (event["streamId"], event["workstreamId"], event["recipient"], event["amount"]) == (1, ws, carol, STIPEND)
    assert event["start"] == tx.timestamp and event["end"] == end and event["cid"] == STREAM_CID
    budget = budget_of(workstreams, ws)
    assert budget["reserved"] == STIPEND and budget["available"] == FUNDING - STIPEND
    assert workstreams.rewardReserved(ws, stipends) == STIPEND and workstreams.rewardHeldOutside(ws) == 0
    assert identity_holds(workstreams, ws) and stipends.streamsStarted(ws) == 1


def test_accrues_linearly_and_anyone_withdraws_for_the_recipient(
    stipends, budget_token, start_stream, ws, carol, relayer
):
    stream_id = start_stream(ws)
    chain.sleep(10 * DAY)
    chain.mine()
    before = budget_token.balanceOf(carol)

    tx = stipends.withdraw(stream_id, {"from": relayer})

    info = stipends.stream(stream_id)
    expected = accrued_at(info, tx.timestamp)
    assert 0 < expected < STIPEND
    assert tx.return_value == expected and budget_token.balanceOf(carol) == before + expected
    event = tx.events["StreamWithdrawn"]
    assert (event["recipient"], event["amount"], event["sender"]) == (carol, expected, relayer)
    assert tx.events["RewardPaidOut"]["to"] == carol


def test_after_the_end_everything_is_withdrawable(stipends, workstreams, budget_token, start_stream, ws, carol):
    stream_id = start_stream(ws)
    advance_past(stipends.stream(stream_id)["end"])
    before = budget_token.balanceOf(carol)

    stipends.withdraw(stream_id, {"from": carol})

    assert budget_token.balanceOf(carol) == before + STIPEND
    budget = budget_of(workstreams, ws)
    assert budget["paid"] == STIPEND and budget["reserved"] == 0 and identity_holds(workstreams, ws)


def test_nothing_to_withdraw_is_refused(stipends, start_stream, ws, carol):
    stream_id = start_stream(ws)
    advance_past(stipends.stream(stream_id)["end"])
    stipends.withdraw(stream_id, {"from": carol})

    with brownie.reverts(revert_pattern=error("StipendNothingToWithdraw", stream_id)):
        stipends.withdraw(stream_id, {"from": carol})


def test_team_stops_a_stream_the_accrued_part_stays_withdrawable(
    stipends, workstreams, budget_token, start_stream, team_act, ws, carol
):
    stream_id = start_stream(ws)
    chain.sleep(3 * DAY)
    chain.mine()

    tx = team_act(stipends.stopStream, stream_id)

    event = tx.events["StreamStopped"]
    info = stipends.stream(stream_id)
    assert info["stopped"] and event["byTeam"] and event["accrued"] == info["accrued"]
    assert event["accrued"] + event["released"] == STIPEND and event["released"] > 0
    budget = budget_of(workstreams, ws)
    assert budget["reserved"] == event["accrued"] and identity_holds(workstreams, ws)
    chain.sleep(5 * DAY)
    before = budget_token.balanceOf(carol)
    stipends.withdraw(stream_id, {"from": carol})
    assert budget_token.balanceOf(carol) == before + event["accrued"]


def test_stopping_a_stopped_stream_is_refused(stipends, start_stream, team_act, ws, alice):
    stream_id = start_stream(ws)
    team_act(stipends.stopStream, stream_id)

    with brownie.reverts(revert_pattern=error("StipendNotActive", stream_id)):
        stipends.stopStream(stream_id, {"from": alice})


def test_change_reserves_more_and_keeps_what_accrued(stipends, workstreams, start_stream, team_act, ws):
    stream_id = start_stream(ws)
    chain.sleep(5 * DAY)
    new_end = chain.time() + 60 * DAY

    tx = team_act(stipends.changeStream, stream_id, STIPEND, new_end)

    event = tx.events["StreamChanged"]
    info = stipends.stream(stream_id)
    assert info["base"] == event["accrued"] > 0 and info["amount"] == STIPEND and info["end"] == new_end
    assert event["reserved"] == event["accrued"] and event["released"] == 0 and info["version"] == 1
    assert budget_of(workstreams, ws)["reserved"] == STIPEND + event["accrued"]
    assert identity_holds(workstreams, ws)


def test_change_to_less_releases_the_difference(stipends, workstreams, start_stream, team_act, ws):
    stream_id = start_stream(ws)
    end = stipends.stream(stream_id)["end"]

    tx = team_act(stipends.changeStream, stream_id, STIPEND // 3, end)

    event = tx.events["StreamChanged"]
    assert event["released"] == STIPEND - event["accrued"] - STIPEND // 3 and event["reserved"] == 0
    assert budget_of(workstreams, ws)["reserved"] == event["accrued"] + STIPEND // 3
    assert identity_holds(workstreams, ws)


def test_a_change_voids_approvals_pending_for_the_old_version(stipends, start_stream, team_act, ws, carol):
    stream_id = start_stream(ws)
    end = stipends.stream(stream_id)["end"]
    stipends.stopStream(stream_id, {"from": carol})
    team_act(stipends.changeStream, stream_id, STIPEND, end)

    tx = team_act(stipends.stopStream, stream_id, approvers=[carol])

    assert "StreamStopped" not in tx.events


def test_recipient_must_be_a_member(stipends, ws, alice, rando):
    now = chain.time()

    with brownie.reverts(revert_pattern=error("WorkstreamNotMember", ws, rando)):
        stipends.startStream(ws, rando, STIPEND, now, now + DAY, STREAM_CID, {"from": alice})


def test_zero_amount_is_refused(stipends, ws, alice, carol):
    now = chain.time()

    with brownie.reverts(revert_pattern=error("StipendInvalidAmount", 0)):
        stipends.startStream(ws, carol, 0, now, now + DAY, STREAM_CID, {"from": alice})


def test_end_not_after_start_is_refused(stipends, ws, alice, carol):
    start = chain.time() + DAY

    with brownie.reverts(revert_pattern=error("StipendInvalidSchedule", start, start)):
        stipends.startStream(ws, carol, STIPEND, start, start, STREAM_CID, {"from": alice})


def test_end_after_the_team_term_is_refused(stipends, workstreams, ws, alice, carol):
    term_end = workstreams.workstream(ws)["termEnd"]
    now = chain.time()

    with brownie.reverts(revert_pattern=error("StipendEndAfterTerm", ws, term_end + 1, term_end)):
        stipends.startStream(ws, carol, STIPEND, now, term_end + 1, STREAM_CID, {"from": alice})


def test_stream_above_the_available_budget_is_refused(stipends, ws, alice, bob, carol):
    now = chain.time()
    stipends.startStream(ws, carol, FUNDING + 1, now, now + DAY, STREAM_CID, {"from": alice})

    with brownie.reverts(revert_pattern=error("WorkstreamInsufficientBudget", ws, FUNDING + 1, FUNDING)):
        stipends.startStream(ws, carol, FUNDING + 1, now, now + DAY, STREAM_CID, {"from": bob})


def test_paused_team_cannot_start_a_stream(stipends, workstreams, dao, ws, alice, carol):
    workstreams.pause(ws, {"from": dao})
    now = chain.time()

    with brownie.reverts(revert_pattern=error("WorkstreamIsPaused", ws)):
        stipends.startStream(ws, carol, STIPEND, now, now + DAY, STREAM_CID, {"from": alice})


def test_halt_of_a_healthy_stream_is_refused(stipends, start_stream, ws, rando):
    stream_id = start_stream(ws)

    with brownie.reverts(revert_pattern=error("StipendNotHaltable", stream_id)):
        stipends.halt(stream_id, {"from": rando})


def test_anyone_halts_the_stream_of_a_removed_member(stipends, workstreams, start_stream, dao, ws, carol, rando):
    stream_id = start_stream(ws)
    chain.sleep(DAY)
    workstreams.removeMemberByGovernance(ws, carol, {"from": dao})

    tx = stipends.halt(stream_id, {"from": rando})

    event = tx.events["StreamStopped"]
    assert not event["byTeam"] and event["caller"] == rando and event["accrued"] + event["released"] == STIPEND
    assert identity_holds(workstreams, ws)
    assert stipends.withdraw(stream_id, {"from": carol}).return_value == event["accrued"]


def test_anyone_halts_the_streams_of_a_paused_team(stipends, workstreams, start_stream, dao, ws, rando):
    stream_id = start_stream(ws)
    workstreams.pause(ws, {"from": dao})

    tx = stipends.halt(stream_id, {"from": rando})

    assert tx.events["StreamStopped"]["released"] > 0 and identity_holds(workstreams, ws)


def test_anyone_halts_a_stream_once_a_shortened_term_ended(stipends, workstreams, start_stream, dao, ws, rando):
    stream_id = start_stream(ws)
    term_end = chain.time() + 2 * DAY
    workstreams.renew(ws, term_end, workstreams.workstream(ws)["guardrails"]["budgetCap"], "", {"from": dao})
    advance_past(term_end)

    tx = stipends.halt(stream_id, {"from": rando})

    assert tx.events["StreamStopped"]["released"] > 0


def test_halt_of_an_ended_stream_is_refused(stipends, start_stream, ws, rando):
    stream_id = start_stream(ws)
    advance_past(stipends.stream(stream_id)["end"])

    with brownie.reverts(revert_pattern=error("StipendNotActive", stream_id)):
        stipends.halt(stream_id, {"from": rando})


def test_unknown_stream_is_refused(stipends, rando):
    with brownie.reverts(revert_pattern=error("StipendUnknownStream", 4)):
        stipends.withdraw(4, {"from": rando})


# ---- a stream stops by itself ----------------------------------------------------------


def test_a_removed_members_stream_stops_accruing_at_the_removal_without_any_call(
    stipends, workstreams, budget_token, start_stream, dao, ws, carol
):
    stream_id = start_stream(ws)
    chain.sleep(5 * DAY)
    removal = workstreams.removeMemberByGovernance(ws, carol, {"from": dao})
    chain.sleep(10 * DAY)  # nobody halts it
    chain.mine()

    info = stipends.stream(stream_id)
    owed = accrued_at(info, removal.timestamp)
    assert 0 < owed < STIPEND
    assert info["accruesUntil"] == removal.timestamp and not info["stopped"]
    assert info["accrued"] == info["withdrawable"] == owed
    before = budget_token.balanceOf(carol)
    assert stipends.withdraw(stream_id, {"from": carol}).return_value == owed
    assert budget_token.balanceOf(carol) == before + owed
    chain.sleep(DAY)
    with brownie.reverts(revert_pattern=error("StipendNothingToWithdraw", stream_id)):
        stipends.withdraw(stream_id, {"from": carol})


def test_halting_after_the_removal_gives_back_exactly_what_did_not_accrue(
    stipends, workstreams, start_stream, dao, ws, carol, rando
):
    stream_id = start_stream(ws)
    chain.sleep(3 * DAY)
    removal = workstreams.removeMemberByGovernance(ws, carol, {"from": dao})
    owed = accrued_at(stipends.stream(stream_id), removal.timestamp)
    chain.sleep(7 * DAY)
    available = budget_of(workstreams, ws)["available"]

    tx = stipends.halt(stream_id, {"from": rando})

    event = tx.events["StreamStopped"]
    assert (event["accrued"], event["released"]) == (owed, STIPEND - owed)
    assert budget_of(workstreams, ws)["available"] == available + STIPEND - owed
    assert identity_holds(workstreams, ws)
    assert stipends.withdraw(stream_id, {"from": carol}).return_value == owed


def test_a_pause_stops_the_stream_for_good_even_after_the_unpause(
    stipends, workstreams, start_stream, dao, ws, alice, rando
):
    stream_id = start_stream(ws)
    chain.sleep(2 * DAY)
    pause = workstreams.pause(ws, {"from": dao})
    chain.sleep(DAY)
    workstreams.unpause(ws, {"from": dao})
    chain.sleep(4 * DAY)
    chain.mine()

    info = stipends.stream(stream_id)
    assert info["accruesUntil"] == pause.timestamp
    assert info["accrued"] == accrued_at(info, pause.timestamp)
    with brownie.reverts(revert_pattern=error("StipendNotActive", stream_id)):
        stipends.changeStream(stream_id, STIPEND, info["end"], {"from": alice})
    assert stipends.halt(stream_id, {"from": rando}).events["StreamStopped"]["accrued"] == info["accrued"]


def test_a_stream_started_after_an_unpause_accrues(stipends, workstreams, start_stream, dao, ws, rando):
    workstreams.pause(ws, {"from": dao})
    workstreams.unpause(ws, {"from": dao})
    stream_id = start_stream(ws)
    chain.sleep(DAY)
    chain.mine()

    info = stipends.stream(stream_id)
    assert info["accruesUntil"] == info["end"] and info["accrued"] > 0
    with brownie.reverts(revert_pattern=error("StipendNotHaltable", stream_id)):
        stipends.halt(stream_id, {"from": rando})


def test_a_member_removed_and_added_again_keeps_the_first_stream_cut_at_the_first_removal(
    stipends, workstreams, start_stream, team_act, dao, ws, carol
):
    old = start_stream(ws)
    chain.sleep(DAY)
    first_removal = workstreams.removeMemberByGovernance(ws, carol, {"from": dao})
    chain.sleep(DAY)
    workstreams.addMemberByGovernance(ws, carol, {"from": dao})
    new = start_stream(ws)
    chain.sleep(2 * DAY)
    workstreams.removeMemberByGovernance(ws, carol, {"from": dao})
    chain.sleep(DAY)
    chain.mine()

    assert stipends.stream(old)["accruesUntil"] == first_removal.timestamp
    second = stipends.stream(new)
    assert first_removal.timestamp < second["accruesUntil"] < second["end"]
    # The team cannot stop (nor change) a stream that already stopped by itself.
    with brownie.reverts(revert_pattern=error("StipendNotActive", new)):
        team_act(stipends.stopStream, new)


def test_a_member_removed_before_the_start_gets_nothing(stipends, workstreams, team_act, dao, ws, carol, rando):
    start = chain.time() + 5 * DAY
    tx = team_act(stipends.startStream, ws, carol, STIPEND, start, start + 10 * DAY, STREAM_CID)
    stream_id = tx.events["StreamStarted"]["streamId"]
    workstreams.removeMemberByGovernance(ws, carol, {"from": dao})
    advance_past(start + 2 * DAY)

    assert stipends.stream(stream_id)["accrued"] == 0
    assert stipends.halt(stream_id, {"from": rando}).events["StreamStopped"]["released"] == STIPEND


def test_the_start_action_id_computed_off_chain_is_the_one_approvals_count_toward(stipends, ws, alice, carol):
    from api.rewards.streams import start_stream_action_id

    start = chain.time() - 3600
    stipends.startStream(ws, carol, STIPEND, start, start + DAY, STREAM_CID, {"from": alice})

    action = start_stream_action_id(
        ws, stipends.streamsStarted(ws), str(carol), STIPEND, start, start + DAY, STREAM_CID
    )
    assert stipends.actionApprovals(ws, action) == 1 and stipends.hasApprovedAction(action, alice)
    other = start_stream_action_id(
        ws, stipends.streamsStarted(ws), str(carol), STIPEND, start + 1, start + DAY, STREAM_CID
    )
    assert stipends.actionApprovals(ws, other) == 0


def test_a_stream_that_stopped_short_is_settled_even_after_its_planned_end(
    stipends, workstreams, start_stream, dao, ws, carol, rando
):
    stream_id = start_stream(ws, length=10 * DAY)
    chain.sleep(2 * DAY)
    removal = workstreams.removeMemberByGovernance(ws, carol, {"from": dao})
    owed = accrued_at(stipends.stream(stream_id), removal.timestamp)
    advance_past(stipends.stream(stream_id)["end"] + 5 * DAY)  # nobody noticed for a while
    available = budget_of(workstreams, ws)["available"]

    event = stipends.halt(stream_id, {"from": rando}).events["StreamStopped"]

    assert (event["accrued"], event["released"]) == (owed, STIPEND - owed)
    assert budget_of(workstreams, ws)["available"] == available + STIPEND - owed and identity_holds(workstreams, ws)
