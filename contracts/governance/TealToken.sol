// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title TealToken
/// @notice The governance token. Voting power is checkpointed per block and only counts once
/// delegated (to yourself or someone else), so power is read at a proposal's snapshot and
/// tokens moved or borrowed afterwards cannot vote on it.
/// @dev ERC20 + ERC20Permit (gasless approvals) + ERC20Votes (delegation and
/// delegate-by-signature). The whole supply is minted once, to `holder`; there is no owner
/// and no further minting, so governance cannot inflate the supply behind holders' backs.
contract TealToken is ERC20, ERC20Permit, ERC20Votes {
    /// @param name_ ERC20 name, also the EIP-712 domain name for permits and delegations.
    /// @param symbol_ ERC20 symbol.
    /// @param holder Receives the entire fixed supply (the deployer, which at once hands it to the
    /// treasury and the profile's allocations: scripts/deploy.py).
    /// @param supply Total supply in the token's smallest unit.
    constructor(string memory name_, string memory symbol_, address holder, uint256 supply)
        ERC20(name_, symbol_)
        ERC20Permit(name_)
    {
        _mint(holder, supply);
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
