// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Receiver hook that ReentrantToken calls (ERC-777/ERC-1363 style).
interface ITokenReceiverHook {
    function onTokenReceived(address from, uint256 amount) external;
}

/// @title ReentrantToken
/// @notice Test-only hostile token. On every transfer it (1) optionally calls an armed
/// `target` with `payload`, re-entering whatever it is, and (2) calls `onTokenReceived` on
/// the receiver when it is the registered `hookReceiver` (ERC-777 style hooks). With `bubble` the
/// re-entry's revert makes the transfer revert too; otherwise the outcome is recorded.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public payload;
    bool public bubble;
    address public hookReceiver;
    uint256 public attempts;
    bool public lastReentrySucceeded;
    bytes public lastReentryData;
    bool private _inAttack;

    constructor() ERC20("Reentrant Token", "RNT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Re-enter `target_` with `payload_` on the next transfers (until disarmed).
    function arm(address target_, bytes calldata payload_, bool bubble_) external {
        target = target_;
        payload = payload_;
        bubble = bubble_;
    }

    function disarm() external {
        target = address(0);
    }

    function setHookReceiver(address receiver) external {
        hookReceiver = receiver;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from == address(0) || to == address(0)) return;
        if (target != address(0) && !_inAttack) {
            _inAttack = true;
            ++attempts;
            (bool ok, bytes memory data) = target.call(payload);
            _inAttack = false;
            lastReentrySucceeded = ok;
            lastReentryData = data;
            if (!ok && bubble) {
                assembly ("memory-safe") {
                    revert(add(data, 0x20), mload(data))
                }
            }
        }
        if (to == hookReceiver) {
            ITokenReceiverHook(to).onTokenReceived(from, value);
        }
    }
}
