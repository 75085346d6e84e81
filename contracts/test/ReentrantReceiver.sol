// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ReentrantReceiver
/// @notice Test-only contributor contract. When a hook token pays it, it re-enters an armed
/// `target` with `payload` (e.g. approve another task, withdraw owed, claim); with
/// `rejectPayments` it refuses every payment instead (a receiver that cannot receive).
/// It can also act (claim, submit, withdraw) through `execute`.
contract ReentrantReceiver {
    error ReentrantReceiverRefused();

    address public target;
    bytes public payload;
    bool public rejectPayments;
    uint256 public attempts;
    bool public lastReentrySucceeded;
    bytes public lastReentryData;

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
    }

    function setRejectPayments(bool value) external {
        rejectPayments = value;
    }

    /// @notice Call `to` with `data` as this contract (to claim, submit or withdraw).
    function execute(address to, bytes calldata data) external returns (bytes memory) {
        (bool ok, bytes memory result) = to.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        return result;
    }

    function onTokenReceived(address, uint256) external {
        if (rejectPayments) revert ReentrantReceiverRefused();
        if (target == address(0)) return;
        ++attempts;
        (bool ok, bytes memory data) = target.call(payload);
        lastReentrySucceeded = ok;
        lastReentryData = data;
    }
}
