"""TaskBoard views and deployment wiring."""

import brownie
from brownie import TaskBoard, Workstreams
from helpers import error
from hexbytes import HexBytes

from api.chain.types import TaskStatus


def test_task_view_rejects_unknown_ids(board):
    with brownie.reverts(revert_pattern=error("TaskUnknown", 0)):
        board.task(0)


def test_split_digest_is_abi_encoded_keccak(board, worker, helper):
    from eth_abi import encode

    expected = brownie.web3.keccak(encode(["address[]", "uint16[]"], [[worker.address, helper.address], [1, 9_999]]))

    assert HexBytes(board.splitDigest([worker, helper], [1, 9_999])) == expected


def test_claim_nonces_start_unused(board, rando):
    assert board.nonceBitmap(rando, 0) == 0
    assert not board.isNonceUsed(rando, 2**64 - 1)
    assert TaskStatus.NONE == 0


def test_board_refuses_a_registry_that_names_another_board(gov, timelock, rando):
    registry = Workstreams.deploy(
        timelock, rando, brownie.ZERO_ADDRESS, brownie.ZERO_ADDRESS, brownie.ZERO_ADDRESS, {"from": gov}
    )

    with brownie.reverts(revert_pattern=error("TaskBoardMisconfigured", registry, rando)):
        TaskBoard.deploy(registry, {"from": gov})


def test_registry_refuses_zero_addresses(gov, timelock):
    with brownie.reverts(revert_pattern=error("WorkstreamZeroAddress")):
        Workstreams.deploy(
            timelock,
            brownie.ZERO_ADDRESS,
            brownie.ZERO_ADDRESS,
            brownie.ZERO_ADDRESS,
            brownie.ZERO_ADDRESS,
            {"from": gov},
        )
