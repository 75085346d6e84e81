"""TaskBoard.claimBySig: EIP-712 claims relayed by anyone; replay and front-running fail."""

import brownie
from brownie import chain
from eth_abi import encode
from eth_account import Account
from eth_account.messages import encode_typed_data
from helpers import error
from hexbytes import HexBytes
from work_fixtures import BOND, CLAIM_SIGNER_KEY, CLAIMED, sign_claim

from scripts.work_signatures import board_domain, claim


def test_relayed_claim_makes_the_signer_the_claimant(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)

    tx = board.claimBySig(task_id, claim_signer, deadline, signature, {"from": relayer})

    task = board.task(task_id)
    assert (task["status"], task["claimant"]) == (CLAIMED, claim_signer)
    event = tx.events["TaskClaimed"]
    assert (event["claimant"], event["relayer"]) == (claim_signer, relayer)
    assert board.nonces(claim_signer) == 1


def test_claim_digest_matches_the_wallets_typed_data(board, claim_signer):
    typed = claim(domain=board_domain(chain_id=chain.id, verifying_contract=board.address),
                  task_id=7, claimant=claim_signer.address, nonce=3, deadline=1234)
    signable = encode_typed_data(full_message=typed)
    wallet_digest = b"\x19\x01" + signable.header + signable.body

    assert HexBytes(board.claimDigest(7, claim_signer, 3, 1234)) == brownie.web3.keccak(wallet_digest)


def test_bond_is_pulled_from_the_signer_not_the_relayer(board, budget_token, bonded_ws, make_task, claim_signer, relayer):
    task_id = make_task(bonded_ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)
    signer_balance = budget_token.balanceOf(claim_signer)

    board.claimBySig(task_id, claim_signer, deadline, signature, {"from": relayer})

    assert budget_token.balanceOf(claim_signer) == signer_balance - BOND


def test_signature_cannot_be_replayed(board, ws, make_task, claim_signer, relayer):
    first, second = make_task(ws), make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=first, claimant=claim_signer.address, deadline=deadline)
    board.claimBySig(first, claim_signer, deadline, signature, {"from": relayer})
    board.abandon(first, {"from": claim_signer})

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(first, claim_signer, deadline, signature, {"from": relayer})
    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(second, claim_signer, deadline, signature, {"from": relayer})


def test_signature_for_another_chain_is_rejected(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address,
                           deadline=deadline, chain_id=chain.id + 1)

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(task_id, claim_signer, deadline, signature, {"from": relayer})


def test_signature_for_another_board_is_rejected(board, workstreams, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address,
                           deadline=deadline, verifying_contract=workstreams.address)

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(task_id, claim_signer, deadline, signature, {"from": relayer})


def test_front_runner_cannot_substitute_the_claimant(board, ws, make_task, claim_signer, relayer, rando):
    task_id = make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)

    # A front-runner copies the signature but names itself as the claimant:
    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", rando)):
        board.claimBySig(task_id, rando, deadline, signature, {"from": rando})
    # ...or relays it unchanged, which only pays the gas for the signer:
    tx = board.claimBySig(task_id, claim_signer, deadline, signature, {"from": rando})
    assert tx.events["TaskClaimed"]["claimant"] == claim_signer
    # ...and the original relayer's transaction then fails harmlessly.
    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(task_id, claim_signer, deadline, signature, {"from": relayer})
    assert board.task(task_id)["claimant"] == claim_signer


def test_front_runner_cannot_move_the_claim_to_another_task(board, ws, make_task, claim_signer, rando):
    wanted, other = make_task(ws), make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=wanted, claimant=claim_signer.address, deadline=deadline)

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(other, claim_signer, deadline, signature, {"from": rando})


def test_expired_signature_reverts(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 60
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)
    chain.sleep(120)

    with brownie.reverts(revert_pattern=error("TaskSignatureExpired", deadline)):
        board.claimBySig(task_id, claim_signer, deadline, signature, {"from": relayer})


def test_changed_deadline_invalidates_the_signature(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 60
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(task_id, claim_signer, deadline + 3600, signature, {"from": relayer})


def test_another_key_cannot_sign_for_the_claimant(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 3600
    forged = sign_claim(board, "0x" + "66" * 32, task_id=task_id, claimant=claim_signer.address, deadline=deadline)

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(task_id, claim_signer, deadline, forged, {"from": relayer})


def test_malformed_signature_is_rejected(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)

    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(task_id, claim_signer, chain.time() + 3600, b"\x01" * 64, {"from": relayer})


def test_use_nonce_revokes_a_signature(board, ws, make_task, claim_signer, relayer):
    task_id = make_task(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)

    tx = board.useNonce({"from": claim_signer})

    assert (tx.events["ClaimNonceUsed"]["claimant"], tx.events["ClaimNonceUsed"]["nonce"]) == (claim_signer, 0)
    with brownie.reverts(revert_pattern=error("TaskInvalidSignature", claim_signer)):
        board.claimBySig(task_id, claim_signer, deadline, signature, {"from": relayer})


def test_relayed_claim_of_a_claimed_task_reverts(board, ws, claimed, claim_signer, relayer):
    task_id = claimed(ws)
    deadline = chain.time() + 3600
    signature = sign_claim(board, CLAIM_SIGNER_KEY, task_id=task_id, claimant=claim_signer.address, deadline=deadline)

    with brownie.reverts(revert_pattern=error("TaskNotOpen", task_id, CLAIMED)):
        board.claimBySig(task_id, claim_signer, deadline, signature, {"from": relayer})


def test_domain_separator_names_this_chain_and_board(board):
    domain = board.eip712Domain()

    assert domain["name"] == "TealTaskBoard"
    assert domain["version"] == "1"
    assert domain["chainId"] == chain.id
    assert domain["verifyingContract"] == board.address
    keccak = brownie.web3.keccak
    expected = keccak(encode(
        ["bytes32", "bytes32", "bytes32", "uint256", "address"],
        [keccak(text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
         keccak(text="TealTaskBoard"), keccak(text="1"), chain.id, board.address],
    ))
    assert HexBytes(board.DOMAIN_SEPARATOR()) == expected


def test_eth_account_recovers_the_signer_from_the_contract_digest(board, claim_signer):
    digest = board.claimDigest(1, claim_signer, 0, 99)
    signed = Account.unsafe_sign_hash(digest, CLAIM_SIGNER_KEY)

    assert Account._recover_hash(digest, signature=signed.signature) == claim_signer.address
