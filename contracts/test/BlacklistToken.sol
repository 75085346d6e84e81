// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title BlacklistToken
/// @notice Test-only token in the manner of USDC/USDT: transfers to or from a blacklisted
/// address fail, by reverting or (with `returnFalse`) by returning false.
contract BlacklistToken is ERC20 {
    error BlacklistTokenBlocked(address account);

    mapping(address => bool) public blacklisted;
    bool public returnFalse;

    constructor() ERC20("Blacklist Token", "BLK") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setBlacklisted(address account, bool value) external {
        blacklisted[account] = value;
    }

    function setReturnFalse(bool value) external {
        returnFalse = value;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        if (returnFalse && (blacklisted[msg.sender] || blacklisted[to])) return false;
        return super.transfer(to, value);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blacklisted[from]) revert BlacklistTokenBlocked(from);
        if (blacklisted[to]) revert BlacklistTokenBlocked(to);
        super._update(from, to, value);
    }
}
