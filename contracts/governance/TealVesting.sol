// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {VestingWalletCliff} from "@openzeppelin/contracts/finance/VestingWalletCliff.sol";

/// @title TealVesting
/// @notice Holds a team or investor allocation and releases it linearly to its beneficiary
/// (the wallet's owner) from `start` over `duration` seconds, nothing before the cliff.
/// Tokens held here carry no votes: the wallet cannot delegate, so an allocation only
/// counts in governance once released to its beneficiary.
/// @dev OpenZeppelin's VestingWallet + VestingWalletCliff unchanged; a named subclass so
/// Brownie builds an artifact for scripts/deploy.py. One wallet per beneficiary.
contract TealVesting is VestingWalletCliff {
    /// @param beneficiary Receives the released tokens; owns the wallet (transferable).
    /// @param startTimestamp Unix time vesting starts.
    /// @param durationSeconds Seconds from start until everything is vested.
    /// @param cliffSeconds Seconds from start before anything vests (at most the duration).
    constructor(address beneficiary, uint64 startTimestamp, uint64 durationSeconds, uint64 cliffSeconds)
        VestingWallet(beneficiary, startTimestamp, durationSeconds)
        VestingWalletCliff(cliffSeconds)
    {}
}
