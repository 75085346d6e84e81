// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {IWorkstreams} from "../work/IWorkstreams.sol";
import {IStipendStreams} from "./IStipendStreams.sol";
import {TeamActions} from "./TeamActions.sol";

/// @title StipendStreams
/// @notice Streamed stipends from the workstreams' budgets (see {IStipendStreams}).
/// @dev Holds no tokens: a stream's unpaid amount is reserved in the Workstreams escrow
/// (`base + amount - withdrawn` of it), so the budget identity holds exactly and the escrow
/// always covers every stream. What accrued at time t: `base` plus the current segment's
/// `amount * (t' - start) / (end - start)` with t' = min(t, cutoff), rounded down (the
/// rounding is paid at `end`). The cutoff comes from the registry (`stipendCutoff`): the end
/// of the membership the stream was granted under, the team's next pause, its term end. It is
/// read when needed, so nobody has to call anything for a removed member's stream to stop.
contract StipendStreams is IStipendStreams, TeamActions, ReentrancyGuard {
    struct Stream {
        address recipient;
        uint40 start;
        uint40 end;
        bool stopped;
        uint128 base;
        uint128 amount;
        uint128 withdrawn;
        // Workstream ids grow by one per governance vote; 2^32 is never reached.
        uint32 workstreamId;
        uint32 version;
        // The recipient's membership number and the team's pause count when it started.
        uint32 membership;
        uint32 pauses;
    }

    uint256 private _streamCount;
    mapping(uint256 streamId => Stream) private _streams;
    mapping(uint256 workstreamId => uint256) private _started;

    /// @param workstreams_ The Workstreams registry, deployed with this contract's address as its stipends module.
    constructor(IWorkstreams workstreams_) TeamActions(workstreams_) {
        (, address stipends) = workstreams_.rewardModules();
        if (stipends != address(this)) revert TeamActionsMisconfigured(address(workstreams_), stipends);
    }

    // ---- Team ---------------------------------------------------------------------------

    /// @inheritdoc IStipendStreams
    function startStream(
        uint256 workstreamId,
        address recipient,
        uint256 amount,
        uint64 start,
        uint64 end,
        string calldata cid
    ) external nonReentrant returns (uint256 streamId) {
        if (amount == 0 || amount > type(uint128).max) revert StipendInvalidAmount(amount);
        (bool member, uint32 membership, uint32 pauses) = _workstreams.stipendTerms(workstreamId, recipient);
        if (!member) revert IWorkstreams.WorkstreamNotMember(workstreamId, recipient);
        uint64 from = start > block.timestamp ? start : uint64(block.timestamp);
        _checkSchedule(workstreamId, from, end);
        bytes32 actionId = keccak256(
            abi.encode("startStream", workstreamId, _started[workstreamId], recipient, amount, start, end, cid)
        );
        if (!_approveAction(workstreamId, actionId)) return 0;

        streamId = ++_streamCount;
        ++_started[workstreamId];
        Stream storage s = _streams[streamId];
        s.recipient = recipient;
        // Checked above: from < end < 2^40, amount < 2^128; ids grow by one.
        s.start = uint40(from);
        s.end = uint40(end);
        s.amount = uint128(amount);
        s.workstreamId = uint32(workstreamId);
        s.membership = membership;
        s.pauses = pauses;
        emit StreamStarted(streamId, workstreamId, recipient, amount, from, end, cid);
        // The registry checks pause, term and available budget.
        _workstreams.reserveReward(workstreamId, streamId, amount);
    }

    /// @inheritdoc IStipendStreams
    function changeStream(uint256 streamId, uint256 amount, uint64 end) external nonReentrant returns (bool) {
        Stream storage s = _active(streamId);
        if (amount > type(uint128).max) revert StipendInvalidAmount(amount);
        uint256 workstreamId = s.workstreamId;
        uint64 from = s.start > block.timestamp ? s.start : uint64(block.timestamp);
        _checkSchedule(workstreamId, from, end);
        if (!_approveAction(workstreamId, keccak256(abi.encode("changeStream", streamId, s.version, amount, end)))) {
            return false;
        }

        uint256 accrued = _accrued(s, block.timestamp); // active: the cutoff is still ahead
        uint256 unaccrued = uint256(s.base) + s.amount - accrued;
        s.base = uint128(accrued);
        s.amount = uint128(amount);
        s.start = uint40(from);
        s.end = uint40(end);
        ++s.version;
        uint256 reserved = amount > unaccrued ? amount - unaccrued : 0;
        uint256 released = unaccrued > amount ? unaccrued - amount : 0;
        emit StreamChanged(streamId, workstreamId, accrued, amount, from, end, reserved, released);
        if (reserved != 0) _workstreams.reserveReward(workstreamId, streamId, reserved);
        if (released != 0) _workstreams.settleReward(workstreamId, streamId, 0, released);
        return true;
    }

    /// @inheritdoc IStipendStreams
    function stopStream(uint256 streamId) external nonReentrant returns (bool) {
        Stream storage s = _active(streamId);
        if (!_approveAction(s.workstreamId, keccak256(abi.encode("stopStream", streamId, s.version)))) return false;
        _stop(streamId, s, block.timestamp, true);
        return true;
    }

    // ---- Anyone -------------------------------------------------------------------------

    /// @inheritdoc IStipendStreams
    function halt(uint256 streamId) external nonReentrant {
        Stream storage s = _existing(streamId);
        if (s.stopped) revert StipendNotActive(streamId);
        uint256 cutoff = _cutoff(s);
        if (cutoff >= s.end) {
            // It runs, or ran, its whole course: nothing will ever go back.
            if (block.timestamp >= s.end) revert StipendNotActive(streamId);
            revert StipendNotHaltable(streamId);
        }
        // Stopped short by itself: settle it once the cutoff passed, however long after its
        // planned end, so the part that never accrued always goes back to the budget.
        if (block.timestamp < cutoff) revert StipendNotHaltable(streamId);
        _stop(streamId, s, cutoff, false);
    }

    /// @inheritdoc IStipendStreams
    function withdraw(uint256 streamId) external nonReentrant returns (uint256 amount) {
        Stream storage s = _existing(streamId);
        uint256 withdrawn = s.withdrawn;
        amount = _accruedNow(s) - withdrawn;
        if (amount == 0) revert StipendNothingToWithdraw(streamId);
        // Accrued amounts are below base + amount (each < 2^128 and reserved in uint128 budgets).
        s.withdrawn = uint128(withdrawn + amount);
        address recipient = s.recipient;
        emit StreamWithdrawn(streamId, recipient, amount, _msgSender());
        _workstreams.payReward(s.workstreamId, streamId, recipient, amount);
    }

    // ---- Views --------------------------------------------------------------------------

    /// @inheritdoc IStipendStreams
    function streamCount() external view returns (uint256) {
        return _streamCount;
    }

    /// @inheritdoc IStipendStreams
    function stream(uint256 streamId) external view returns (StreamInfo memory) {
        Stream storage s = _existing(streamId);
        uint256 until = s.stopped ? s.end : _min(s.end, _cutoff(s));
        uint256 accrued = _accrued(s, _min(block.timestamp, until));
        return StreamInfo({
            workstreamId: s.workstreamId,
            recipient: s.recipient,
            start: s.start,
            end: s.end,
            base: s.base,
            amount: s.amount,
            withdrawn: s.withdrawn,
            accrued: accrued,
            withdrawable: accrued - s.withdrawn,
            version: s.version,
            stopped: s.stopped,
            accruesUntil: uint64(until)
        });
    }

    /// @inheritdoc IStipendStreams
    function streamsStarted(uint256 workstreamId) external view returns (uint256) {
        return _started[workstreamId];
    }

    // ---- Internals ----------------------------------------------------------------------

    function _existing(uint256 streamId) private view returns (Stream storage s) {
        s = _streams[streamId];
        if (s.workstreamId == 0) revert StipendUnknownStream(streamId);
    }

    /// A stream that still accrues: not stopped, not past its end nor its cutoff.
    function _active(uint256 streamId) private view returns (Stream storage s) {
        s = _existing(streamId);
        if (s.stopped || block.timestamp >= s.end || block.timestamp >= _cutoff(s)) revert StipendNotActive(streamId);
    }

    /// When the stream stops accruing whatever its end (see IWorkstreams.stipendCutoff).
    function _cutoff(Stream storage s) private view returns (uint256) {
        return _workstreams.stipendCutoff(s.workstreamId, s.recipient, s.membership, s.pauses);
    }

    /// What accrued by now; a stopped stream's segment is empty, so it needs no cutoff.
    function _accruedNow(Stream storage s) private view returns (uint256) {
        if (s.stopped || block.timestamp <= s.start) return _accrued(s, block.timestamp);
        return _accrued(s, _min(block.timestamp, _cutoff(s)));
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }

    function _checkSchedule(uint256 workstreamId, uint64 from, uint64 end) private view {
        if (end <= from || end > type(uint40).max) revert StipendInvalidSchedule(from, end);
        (uint64 termEnd,,) = _workstreams.claimTerms(workstreamId);
        if (end > termEnd) revert StipendEndAfterTerm(workstreamId, end, termEnd);
    }

    function _accrued(Stream storage s, uint256 time) private view returns (uint256) {
        uint256 start = s.start;
        uint256 end = s.end;
        if (time <= start) return s.base;
        if (time >= end) return uint256(s.base) + s.amount;
        return s.base + uint256(s.amount) * (time - start) / (end - start);
    }

    /// Fix what accrued until `until` (now, or the cutoff it passed) and give the rest back
    /// to the team's available budget.
    function _stop(uint256 streamId, Stream storage s, uint256 until, bool byTeam) private {
        uint256 accrued = _accrued(s, _min(block.timestamp, until));
        uint256 released = uint256(s.base) + s.amount - accrued;
        s.base = uint128(accrued);
        s.amount = 0;
        s.start = uint40(block.timestamp);
        s.end = uint40(block.timestamp);
        s.stopped = true;
        uint256 workstreamId = s.workstreamId;
        emit StreamStopped(streamId, workstreamId, accrued, released, byTeam, _msgSender());
        if (released != 0) _workstreams.settleReward(workstreamId, streamId, 0, released);
    }
}
