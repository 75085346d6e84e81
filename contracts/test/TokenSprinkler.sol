// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Bench-only: turns one transaction into many token Transfer events, so the indexer
/// bench can build tens of thousands of real events quickly.
contract TokenSprinkler {
    /// @notice Send `amount` of `token` (held by this contract) to each of `recipients`.
    function sprinkle(IERC20 token, address[] calldata recipients, uint256 amount) external {
        for (uint256 i = 0; i < recipients.length; ++i) {
            token.transfer(recipients[i], amount);
        }
    }
}
