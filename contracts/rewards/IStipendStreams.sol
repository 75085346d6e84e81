// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITeamActions} from "./ITeamActions.sol";

/// @title IStipendStreams
/// @notice Stipends a workstream pays its members, accruing linearly per second over a term.
/// The team's approval threshold starts, changes and stops a stream; its whole amount is
/// reserved from the team's budget when it starts, so a stream is never underfunded. The
/// recipient's accrued part can be withdrawn at any time (anyone may trigger the withdrawal:
/// the tokens always go to the recipient). A stream stops accruing by itself the moment the
/// recipient's membership ends, governance pauses the team (even if it unpauses it later) or
/// the team's term ends, whether or not anyone calls it in; the team's threshold can stop it
/// too. What accrued stays withdrawable; the rest goes back to the team's available budget
/// when the team stops it or anyone halts it (`halt`, once it stopped by itself).
/// @dev The tokens stay in the Workstreams escrow (a reservation, as a task's reward); a
/// withdrawal is paid from there.
interface IStipendStreams is ITeamActions {
    /// @notice A stream as the `stream` view returns it. `accrued` and `withdrawable` are as of now.
    /// @param base Accrued before the current segment (changes and stops fix what accrued).
    /// @param amount What the current segment pays from `start` to `end`.
    /// @param accruesUntil When it stops accruing: `end`, or earlier if the recipient's
    /// membership ended, the team was paused or its term ended first.
    struct StreamInfo {
        uint256 workstreamId;
        address recipient;
        uint64 start;
        uint64 end;
        uint256 base;
        uint256 amount;
        uint256 withdrawn;
        uint256 accrued;
        uint256 withdrawable;
        uint32 version;
        bool stopped;
        uint64 accruesUntil;
    }

    /// @notice Workstream `workstreamId` started stream `streamId`: `amount` to `recipient`
    /// from `start` to `end` (reserved from its budget); `cid` is its terms document.
    event StreamStarted(
        uint256 indexed streamId,
        uint256 indexed workstreamId,
        address indexed recipient,
        uint256 amount,
        uint64 start,
        uint64 end,
        string cid
    );
    /// @notice The team changed stream `streamId`: `accrued` so far is kept, then `amount` more
    /// accrues from `start` to `end`; `reserved` more was reserved or `released` went back.
    event StreamChanged(
        uint256 indexed streamId,
        uint256 indexed workstreamId,
        uint256 accrued,
        uint256 amount,
        uint64 start,
        uint64 end,
        uint256 reserved,
        uint256 released
    );
    /// @notice Stream `streamId` stopped: `accrued` in all (still withdrawable), `released`
    /// back to the budget; `byTeam` when the team's threshold stopped it, else `caller` halted it.
    event StreamStopped(
        uint256 indexed streamId,
        uint256 indexed workstreamId,
        uint256 accrued,
        uint256 released,
        bool byTeam,
        address caller
    );
    /// @notice `amount` of stream `streamId` was paid to `recipient`; `sender` triggered it.
    event StreamWithdrawn(uint256 indexed streamId, address indexed recipient, uint256 amount, address sender);

    /// @notice No stream has id `streamId`.
    error StipendUnknownStream(uint256 streamId);
    /// @notice A stream needs 0 < `amount` < 2^128.
    error StipendInvalidAmount(uint256 amount);
    /// @notice A stream needs its end (`end`) after its start (`start`, at the earliest now) and below 2^40.
    error StipendInvalidSchedule(uint64 start, uint64 end);
    /// @notice A stream must end by its team's term end `termEnd`; `end` is after it.
    error StipendEndAfterTerm(uint256 workstreamId, uint64 end, uint64 termEnd);
    /// @notice Stream `streamId` is stopped, has ended or stopped accruing by itself.
    error StipendNotActive(uint256 streamId);
    /// @notice Stream `streamId` still accrues (its recipient's membership goes on, its team has
    /// not been paused since it started and its term has not ended): only the team's threshold
    /// can stop it.
    error StipendNotHaltable(uint256 streamId);
    /// @notice Nothing of stream `streamId` is withdrawable yet.
    error StipendNothingToWithdraw(uint256 streamId);

    /// @notice Approve a stream of `amount` to member `recipient` from `start` (or when the
    /// threshold is met, if later) to `end`; the approval that meets the team's threshold
    /// starts it and reserves `amount` from the available budget.
    /// @dev The action is "the team's next stream with these terms" (starting any stream voids
    /// approvals pending for the previous one). Requirements:
    /// - caller is a member; the workstream is not paused, its term has not ended;
    /// - `recipient` is a member; 0 < `amount` < 2^128, `amount` <= available;
    /// - `end` > max(`start`, now) and `end` <= the team's term end.
    ///
    /// Emits {TeamActionApproved} and, at the threshold, {StreamStarted}.
    /// @return streamId The new stream's id (from 1), or 0 while approvals are missing.
    function startStream(
        uint256 workstreamId,
        address recipient,
        uint256 amount,
        uint64 start,
        uint64 end,
        string calldata cid
    ) external returns (uint256 streamId);

    /// @notice Approve changing stream `streamId`: what accrued so far is kept, then `amount`
    /// more accrues until `end`. The difference with the unaccrued rest is reserved or released.
    /// @dev Requirements: the stream is active; caller is a member of its unpaused workstream;
    /// `amount` < 2^128; `end` after max(now, the stream's start), by the team's term end; at
    /// the threshold, a larger reservation fits the available budget.
    ///
    /// Emits {TeamActionApproved} and, at the threshold, {StreamChanged}.
    /// @return changed Whether the change was made by this call.
    function changeStream(uint256 streamId, uint256 amount, uint64 end) external returns (bool changed);

    /// @notice Approve stopping stream `streamId`: what accrued stays withdrawable, the rest
    /// goes back to the team's available budget.
    /// @dev Requirements: the stream is active; caller is a member of its unpaused workstream.
    ///
    /// Emits {TeamActionApproved} and, at the threshold, {StreamStopped}.
    /// @return stopped Whether the stream was stopped by this call.
    function stopStream(uint256 streamId) external returns (bool stopped);

    /// @notice Settle stream `streamId` once it stopped accruing by itself (its recipient's
    /// membership ended, its team was paused or its term ended): what accrued until then stays
    /// withdrawable and the rest goes back to the team's available budget. Anyone may call it.
    /// @dev Requirements: the stream was not stopped before and one of those holds before its
    /// planned end (it may be settled any time after: the unaccrued rest never strands).
    ///
    /// Emits a {StreamStopped} event.
    function halt(uint256 streamId) external;

    /// @notice Pay stream `streamId`'s accrued, not yet withdrawn part to its recipient. Anyone
    /// may call it (a relay, for a gasless withdrawal): the tokens always go to the recipient.
    /// @dev Requirements: something is withdrawable.
    ///
    /// Emits a {StreamWithdrawn} event (and the registry's {RewardPaidOut}).
    /// @return amount What was paid.
    function withdraw(uint256 streamId) external returns (uint256 amount);

    /// @notice Number of streams started (ids run from 1 to this).
    function streamCount() external view returns (uint256);

    /// @notice A stream's terms and state. Reverts with {StipendUnknownStream} for an unknown id.
    function stream(uint256 streamId) external view returns (StreamInfo memory);

    /// @notice Streams started by workstream `workstreamId`.
    function streamsStarted(uint256 workstreamId) external view returns (uint256);
}
