// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";

import {IWorkstreams} from "../work/IWorkstreams.sol";
import {ITeamActions} from "./ITeamActions.sol";

/// @title TeamActions
/// @notice The team-threshold approvals shared by the reward contracts (see {ITeamActions}).
/// @dev As the task board counts review approvals: approvals count only current members (a
/// removal moves the registry's member epoch, and the approvals are then recounted against the
/// current members); the threshold is read when each approval arrives, so a guardrail change
/// applies at once; a paused workstream takes no decisions. Members and anyone acting are read
/// with `_msgSender()` (ERC-2771), trusting the registry's forwarder, so an approval can be
/// signed and relayed like every other member action; governance calls require `msg.sender`.
abstract contract TeamActions is ITeamActions, ERC2771Context {
    struct Action {
        uint8 approvals;
        uint8 memberEpoch;
        bool done;
    }

    IWorkstreams internal immutable _workstreams;

    mapping(bytes32 actionId => Action) private _actions;
    mapping(bytes32 actionId => mapping(address member => bool)) private _approvedBy;

    constructor(IWorkstreams workstreams_)
        ERC2771Context(ERC2771Context(address(workstreams_)).trustedForwarder())
    {
        _workstreams = workstreams_;
    }

    /// @inheritdoc ITeamActions
    function actionApprovals(uint256 workstreamId, bytes32 actionId) external view returns (uint256) {
        return _recount(workstreamId, actionId);
    }

    /// @inheritdoc ITeamActions
    function hasApprovedAction(bytes32 actionId, address member) external view returns (bool) {
        return _approvedBy[actionId][member];
    }

    /// @inheritdoc ITeamActions
    function isActionDone(bytes32 actionId) external view returns (bool) {
        return _actions[actionId].done;
    }

    /// @inheritdoc ITeamActions
    function workstreams() external view returns (address) {
        return address(_workstreams);
    }

    /// Record the sender's approval of `actionId`; true when the threshold is met (the
    /// caller then carries the action out; it is marked done here).
    function _approveAction(uint256 workstreamId, bytes32 actionId) internal returns (bool) {
        address sender = _msgSender();
        (bool paused, bool member, uint8 required, uint8 epoch,) = _workstreams.reviewTerms(workstreamId, sender);
        if (paused) revert IWorkstreams.WorkstreamIsPaused(workstreamId);
        if (!member) revert IWorkstreams.WorkstreamNotMember(workstreamId, sender);
        Action storage action = _actions[actionId];
        if (action.done) revert TeamActionDone(actionId);
        if (_approvedBy[actionId][sender]) revert TeamActionAlreadyApproved(actionId, sender);

        _approvedBy[actionId][sender] = true;
        uint256 approvals = action.approvals;
        // A member was removed since the last approval: count only current members (this one included).
        if (approvals != 0 && action.memberEpoch != epoch) approvals = _recount(workstreamId, actionId);
        else ++approvals;
        // Approvals never exceed the member count; saturate as the task board does.
        action.approvals = approvals > type(uint8).max ? type(uint8).max : uint8(approvals);
        action.memberEpoch = epoch;
        emit TeamActionApproved(workstreamId, actionId, sender, approvals, required);
        if (approvals < required) return false;
        action.done = true;
        return true;
    }

    function _recount(uint256 workstreamId, bytes32 actionId) private view returns (uint256 count) {
        address[] memory current = _workstreams.members(workstreamId);
        for (uint256 i = 0; i < current.length; ++i) {
            if (_approvedBy[actionId][current[i]]) ++count;
        }
    }
}
