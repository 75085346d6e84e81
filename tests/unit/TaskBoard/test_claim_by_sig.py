"""TaskBoard.claimBySig: EIP-712 claims relayed by anyone; replay, front-running and changed
terms fail; unordered nonces are spent only by a claim that goes through, and cancellable."""

import brownie
from brownie import chain
from eth_abi import encode
from eth_account import Account
from eth_account.messages import encode_typed_data
from helpers import error
from hexbytes import HexBytes
from work_fixtures import BOND, CLAIM_SIGNER_KEY, REWARD, sign_claim, terms

from api.chain.types import TaskStatus
from scripts.work_signatures import board_domain, claim


def test_relayed_claim_makes_the_signer_the_claimant(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)

    tx = board.claimBySig(task_id, claim_signer, *terms(board, task_id), 0, deadline, signature, {"from": relayer})

    task = board.task(task_id)
    assert (task["status"], task["claimant"]) == (TaskStatus.CLAIMED, claim_signer)
    event = tx.events["TaskClaimed"]
    assert (event["claimant"], event["relayer"]) == (claim_signer, relayer)
    assert board.isNonceUsed(claim_signer, 0)
    assert (tx.events["ClaimNonceUsed"]["claimant"], tx.events["ClaimNonceUsed"]["nonce"]) == (claim_signer, 0)


def test_claim_digest_matches_the_wallets_typed_data(board, claim_signer):
    typed = claim(
        domain=board_domain(chain_id=chain.id, verifying_contract=board.address),
        task_id=7,
        claimant=claim_signer.address,
        reward=REWARD,
        max_bond=BOND,
        nonce=3,
        deadline=1234,
    )
    signable = encode_typed_data(full_message=typed)
    wallet_digest = b"\x19\x01" + signable.header + signable.body

    assert HexBytes(board.claimDigest(7, claim_signer, REWARD, BOND, 3, 1234)) == brownie.web3.keccak(wallet_digest)


def test_bond_is_pulled_from_the_signer_not_the_relayer(
    board, budget_token, bonded_ws, make_task, claim_signer, relayer
):
    task_id = make_task(bonded_ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)
    signer_balance = budget_token.balanceOf(claim_signer)

    board.claimBySig(task_id, claim_signer, *terms(board, task_id), 0, deadline, signature, {"from": relayer})

    assert budget_token.balanceOf(claim_signer) == signer_balance - BOND


def test_signature_cannot_be_replayed(board, ws, make_task, claim_signer, relayer):
    first, second = make_task(ws), make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=first, claimant=claim_signer.address, deadline=deadline)
    board.claimBySig(first, claim_signer, *terms(board, first), 0, deadline, signature, {"from": relayer})
    board.abandon(first, {"from": claim_signer})

    with brownie.reverts(revert_pattern=error("TaskNonceUsed", claim_signer, 0)):
        board.claimBySig(first, claim_signer, *terms(board, first), 0, deadline, signature, {"from": relayer})
    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(second, claim_signer, *terms(board, second), 0, deadline, signature, {"from": relayer})


def test_signature_for_another_chain_is_rejected(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(
        board,
        CLAIM_SIGNER_KEY,
        task_id=task_id,
        claimant=claim_signer.address,
        deadline=deadline,
        chain_id=chain.id + 1,
    )

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(task_id, claim_signer, *terms(board, task_id), 0, deadline, signature, {"from": relayer})


def test_signature_for_another_board_is_rejected(board, workstreams, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(
        board,
        CLAIM_SIGNER_KEY,
        task_id=task_id,
        claimant=claim_signer.address,
        deadline=deadline,
        verifying_contract=workstreams.address,
    )

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(task_id, claim_signer, *terms(board, task_id), 0, deadline, signature, {"from": relayer})


def test_front_runner_cannot_substitute_the_claimant(board, ws, make_task, claim_signer, relayer, rando):
    task_id = make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)

    # A front-runner copies the signature but names itself as the claimant:
    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", rando)):
        board.claimBySig(task_id, rando, *terms(board, task_id), 0, deadline, signature, {"from": rando})
    # ...or relays it unchanged, which only pays the gas for the signer:
    tx = board.claimBySig(task_id, claim_signer, *terms(board, task_id), 0, deadline, signature, {"from": rando})
    assert tx.events["TaskClaimed"]["claimant"] == claim_signer
    # ...and the original relayer's transaction then fails harmlessly.
    with brownie.reverts(revert_pattern=error("TaskNonceUsed", claim_signer, 0)):
        board.claimBySig(task_id, claim_signer, *terms(board, task_id), 0, deadline, signature, {"from": relayer})
    assert board.task(task_id)["claimant"] == claim_signer


def test_front_runner_cannot_move_the_claim_to_another_task(board, ws, make_task, claim_signer, rando):
    wanted, other = make_task(ws), make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=wanted, claimant=claim_signer.address, deadline=deadline)

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(other, claim_signer, *terms(board, other), 0, deadline, signature, {"from": rando})


def test_expired_signature_reverts(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 60
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)
    chain.sleep(120)

    with brownie.reverts(revert_pattern=error("TaskSignatureExpired", deadline)):
        board.claimBySig(task_id, claim_signer, *terms(board, task_id), 0, deadline, signature, {"from": relayer})


def test_changed_deadline_invalidates_the_signature(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 60
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(
            task_id, claim_signer, *terms(board, task_id), 0, deadline + 3600, signature, {"from": relayer}
        )


def test_another_key_cannot_sign_for_the_claimant(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 3600
    forged = sign_claim(board, "0x" + "66" * 32, task_id=task_id, claimant=claim_signer.address, deadline=deadline)

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(task_id, claim_signer, *terms(board, task_id), 0, deadline, forged, {"from": relayer})


def test_malformed_signature_is_rejected(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(
            task_id, claim_signer, *terms(board, task_id), 0, chain.time() + 3600, b"\x01" * 64, {"from": relayer}
        )


def test_cancelled_nonce_revokes_a_signature(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 3600
    nonce = 5 * 256 + 9
    signature = sign_claim(
        board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline, nonce=nonce
    )

    tx = board.cancelClaimNonces(5, 1 << 9, {"from": claim_signer})

    event = tx.events["ClaimNoncesCancelled"]
    assert (event["claimant"], event["wordPos"], event["mask"]) == (claim_signer, 5, 1 << 9)
    assert board.isNonceUsed(claim_signer, nonce)
    assert board.nonceBitmap(claim_signer, 5) == 1 << 9
    with brownie.reverts(revert_pattern=error("TaskNonceUsed", claim_signer, nonce)):
        board.claimBySig(task_id, claim_signer, *terms(board, task_id), nonce, deadline, signature, {"from": relayer})


def test_failed_relay_leaves_a_cancellable_signature_that_blocks_no_other(
    board, ws, make_task, claimed, claim_signer, relayer
):
    """Attack: a relay that fails (the task was claimed first) must not leave the signer stuck:
    a later signature with another nonce goes through, and the stale one can be cancelled."""
    taken = claimed(ws)
    deadline = chain.time() + 3600
    stale = sign_claim(
        board, CLAIM_SIGNER_KEY, task_id=taken, claimant=claim_signer.address, deadline=deadline, nonce=1
    )
    with brownie.reverts(revert_pattern=error("TaskNotOpen", taken, TaskStatus.CLAIMED)):
        board.claimBySig(taken, claim_signer, *terms(board, taken), 1, deadline, stale, {"from": relayer})
    assert not board.isNonceUsed(claim_signer, 1)  # the failed relay spent nothing

    other = make_task(ws)
    fresh = sign_claim(
        board, CLAIM_SIGNER_KEY, task_id=other, claimant=claim_signer.address, deadline=deadline, nonce=2
    )
    board.claimBySig(other, claim_signer, *terms(board, other), 2, deadline, fresh, {"from": relayer})
    assert board.task(other)["claimant"] == claim_signer

    board.cancelClaimNonces(0, 1 << 1, {"from": claim_signer})
    assert board.isNonceUsed(claim_signer, 1)


def test_relayed_claim_with_a_carved_reward_fails(board, ws, make_task, claim_signer, relayer, alice):
    """Attack: a member front-runs a relayed claim with createTask(parent=P, reward=P.reward),
    leaving the signer a zero-reward task; the signed reward no longer matches."""
    parent = make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=parent, claimant=claim_signer.address, deadline=deadline)
    board.createTask(ws, parent, REWARD, 0, "bafkreicarve", {"from": alice})

    with brownie.reverts(revert_pattern=error("TaskRewardChanged", parent, REWARD, 0)):
        board.claimBySig(parent, claim_signer, REWARD, 0, 0, deadline, signature, {"from": relayer})
    assert not board.isNonceUsed(claim_signer, 0)


def test_relayed_claim_after_governance_raised_the_bond_fails(
    board, workstreams, dao, make_workstream, make_task, claim_signer, relayer
):
    """Attack: governance raises claimBond between signing and relaying; the relay would pull
    the new bond through the signer's allowance. The signed maximum bond stops it."""
    from work_fixtures import guardrails

    ws_id = make_workstream(rails=guardrails(bond=BOND), name="Bond raised")
    task_id = make_task(ws_id)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)
    workstreams.setGuardrails(ws_id, guardrails(bond=BOND * 10), {"from": dao})

    with brownie.reverts(revert_pattern=error("TaskBondAboveMax", task_id, BOND * 10, BOND)):
        board.claimBySig(task_id, claim_signer, REWARD, BOND, 0, deadline, signature, {"from": relayer})


def test_relayed_claim_of_a_claimed_task_reverts(board, ws, claimed, claim_signer, relayer):
    task_id = claimed(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)

    with brownie.reverts(revert_pattern=error("TaskNotOpen", task_id, TaskStatus.CLAIMED)):
        board.claimBySig(task_id, claim_signer, *terms(board, task_id), 0, deadline, signature, {"from": relayer})


def test_domain_separator_names_this_chain_and_board(board):
    domain = board.eip712Domain()

    assert domain["name"] == "TealTaskBoard"
    assert domain["version"] == "1"
    assert domain["chainId"] == chain.id
    assert domain["verifyingContract"] == board.address
    keccak = brownie.web3.keccak
    expected = keccak(
        encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [
                keccak(text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak(text="TealTaskBoard"),
                keccak(text="1"),
                chain.id,
                board.address,
            ],
        )
    )
    assert HexBytes(board.DOMAIN_SEPARATOR()) == expected


def test_eth_account_recovers_the_signer_from_the_contract_digest(board, claim_signer):
    digest = board.claimDigest(1, claim_signer, REWARD, 0, 0, 99)
    signed = Account.unsafe_sign_hash(digest, CLAIM_SIGNER_KEY)

    assert Account._recover_hash(digest, signature=signed.signature) == claim_signer.address
