"""The timelock holds the treasury; only the governor can schedule, cancel or execute."""

import brownie
from helpers import error
from hexbytes import HexBytes

from scripts.deploy import TOKEN_UNIT


def role(value) -> bytes:
    """A role id as Brownie shows it inside a decoded custom error."""
    return bytes(HexBytes(value))


def test_deployer_keeps_no_role(timelock, gov):
    for role in ("DEFAULT_ADMIN_ROLE", "PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"):
        assert not timelock.hasRole(getattr(timelock, role)(), gov), role


def test_governor_is_the_only_proposer_canceller_and_executor(timelock, governor):
    for role in ("PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"):
        assert timelock.hasRole(getattr(timelock, role)(), governor), role
    assert not timelock.hasRole(timelock.EXECUTOR_ROLE(), "0x0000000000000000000000000000000000000000")


def test_timelock_is_its_own_admin(timelock):
    assert timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), timelock)


def test_timelock_holds_the_treasury(token, timelock, params):
    assert token.balanceOf(timelock) == params["treasury"] * TOKEN_UNIT


def test_deployer_cannot_schedule_on_the_timelock(timelock, token, gov, rando):
    call = token.transfer.encode_input(rando, 1)

    with brownie.reverts(revert_pattern=error("AccessControlUnauthorizedAccount", gov, role(timelock.PROPOSER_ROLE()))):
        timelock.schedule(token, 0, call, b"\x00" * 32, b"\x01" * 32, 3600, {"from": gov})


def test_nobody_but_the_governor_can_execute_on_the_timelock(timelock, token, rando):
    call = token.transfer.encode_input(rando, 1)

    with brownie.reverts(
        revert_pattern=error("AccessControlUnauthorizedAccount", rando, role(timelock.EXECUTOR_ROLE()))
    ):
        timelock.execute(token, 0, call, b"\x00" * 32, b"\x01" * 32, {"from": rando})


def test_deployer_cannot_grant_itself_a_role(timelock, gov):
    with brownie.reverts(
        revert_pattern=error("AccessControlUnauthorizedAccount", gov, role(timelock.DEFAULT_ADMIN_ROLE()))
    ):
        timelock.grantRole(timelock.PROPOSER_ROLE(), gov, {"from": gov})
