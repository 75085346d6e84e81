// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title TealTimelock
/// @notice Holds the treasury and is the only admin of the work contracts. Passed proposals
/// wait `minDelay` seconds here before they run, so holders can exit before a change lands.
/// @dev OpenZeppelin's TimelockController unchanged; a named subclass so Brownie builds an
/// artifact (and the indexer an ABI) for it. The deploy script grants the proposer,
/// canceller and executor roles to the governor only and renounces the deployer's admin role.
contract TealTimelock is TimelockController {
    /// @param minDelay Seconds between queueing and execution.
    /// @param proposers Accounts granted PROPOSER_ROLE and CANCELLER_ROLE.
    /// @param executors Accounts granted EXECUTOR_ROLE (address(0) would let anyone execute).
    /// @param admin Optional temporary admin for wiring; must renounce afterwards (address(0) for none).
    constructor(uint256 minDelay, address[] memory proposers, address[] memory executors, address admin)
        TimelockController(minDelay, proposers, executors, admin)
    {}
}
