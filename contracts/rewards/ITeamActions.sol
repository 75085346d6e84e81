// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ITeamActions
/// @notice Team decisions of the reward contracts (open an epoch, post its root, start, change
/// or stop a stream) are taken by the team's approval threshold, as task reviews are: each
/// member calls the same function with the same arguments, and the call that brings the
/// approvals of current members to the workstream's `approvalsRequired` carries it out. An
/// approval may come through the registry's ERC-2771 forwarder (a member's signed request,
/// relayed): the signer is the member.
interface ITeamActions {
    /// @notice `member` approved action `actionId` of workstream `workstreamId`; `approvals` of
    /// the `required` now approve (the action runs when they meet).
    event TeamActionApproved(
        uint256 indexed workstreamId, bytes32 indexed actionId, address indexed member, uint256 approvals, uint256 required
    );

    /// @notice Action `actionId` has already been carried out.
    error TeamActionDone(bytes32 actionId);
    /// @notice `member` already approved action `actionId`.
    error TeamActionAlreadyApproved(bytes32 actionId, address member);
    /// @notice `workstreams` is not a Workstreams registry naming this contract as its reward module.
    error TeamActionsMisconfigured(address workstreams, address expected);

    /// @notice Approvals from current members for action `actionId` of `workstreamId`.
    function actionApprovals(uint256 workstreamId, bytes32 actionId) external view returns (uint256);

    /// @notice Whether `member` approved action `actionId`.
    function hasApprovedAction(bytes32 actionId, address member) external view returns (bool);

    /// @notice Whether action `actionId` has been carried out.
    function isActionDone(bytes32 actionId) external view returns (bool);

    /// @notice The Workstreams registry whose budgets and members this contract uses.
    function workstreams() external view returns (address);
}
