// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/// @title TealForwarder
/// @notice OpenZeppelin's ERC-2771 forwarder, unchanged, under the EIP-712 domain name
/// "TealForwarder" (version 1). The Workstreams registry and the TaskBoard trust it: a signed
/// `ForwardRequest(from, to, value, gas, nonce, deadline, data)` executed here calls `to` as
/// `from`, so anyone (a relayer) can pay the gas of a member's or contributor's action.
/// @dev Checks the signer, the per-signer sequential nonce, the deadline and that `to` trusts
/// this forwarder; refuses otherwise with ERC2771ForwarderInvalidSigner,
/// ERC2771ForwarderExpiredRequest or ERC2771UntrustfulTarget.
contract TealForwarder is ERC2771Forwarder {
    constructor() ERC2771Forwarder("TealForwarder") {}
}
