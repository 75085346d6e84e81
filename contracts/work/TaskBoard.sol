// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {ITaskBoard} from "./ITaskBoard.sol";
import {IWorkstreams} from "./IWorkstreams.sol";

/// @title TaskBoard
/// @notice Task division, allocation and reward payment for the workstreams: create, split,
/// claim (also by signature), abandon, expire, submit with co-contributors, review, pay.
/// @dev Holds no tokens: budgets, bonds and payments live in the Workstreams escrow, which
/// accepts reserve/release/bond/pay calls from this board only. Payment is push with a
/// fallback (see {IWorkstreams-pay}): approving a task never depends on a recipient being
/// able to receive, and a failed transfer becomes an owed balance its recipient withdraws.
/// Every state change is written before the escrow is called, and all entry points are
/// non-reentrant, so a hostile token or receiver cannot re-enter to pay a task twice.
/// Gasless use (ERC-2771): the registry's trusted forwarder (OpenZeppelin's ERC2771Forwarder)
/// may call any function on behalf of the account that signed the forwarded request; every
/// member and contributor is identified by `_msgSender()`, never `msg.sender`, so a relayed
/// claim, submission, review or release vote acts (and is recorded in events) as its signer.
/// Governance functions still require the timelock itself as `msg.sender`.
contract TaskBoard is ITaskBoard, EIP712, ReentrancyGuard, ERC2771Context {
    using SafeERC20 for IERC20;

    bytes32 private constant _CLAIM_TYPEHASH = keccak256(
        "Claim(uint256 taskId,address claimant,uint256 reward,uint256 maxBond,uint256 nonce,uint256 deadline)"
    );
    uint256 private constant _TOTAL_SHARES = 10_000;
    uint256 private constant _MAX_CONTRIBUTORS = 16;

    struct ReleaseTally {
        uint248 votes;
        uint8 memberEpoch;
    }

    /// Four slots. The first changes on every transition and is non-zero from creation (the
    /// status), so claims, submissions and reviews rewrite a warm non-zero slot (2.9k gas).
    /// `time` is the claim deadline while Claimed and the submission time while Submitted;
    /// `memberEpoch` is the registry's member epoch at the round's first approval.
    struct Task {
        address claimant;
        uint40 time;
        Status status;
        uint8 approvals;
        uint32 round;
        uint8 memberEpoch;
        uint128 reward;
        uint48 workstreamId;
        uint48 parentId;
        uint32 claimDuration;
        uint128 bond;
        bytes32 splitDigest;
    }

    IWorkstreams private immutable _workstreams;
    address private immutable _governance;

    uint256 private _taskCount;
    mapping(uint256 taskId => Task) private _tasks;
    /// keccak256(taskId, round, reviewer) => approved; a rejection starts a new round.
    mapping(bytes32 approvalKey => bool) private _approved;
    mapping(address claimant => mapping(uint256 wordPos => uint256 bits)) private _nonceBitmap;
    /// keccak256(taskId, claimant) => time until which `claimant` may not claim the task again.
    mapping(bytes32 cooldownKey => uint256) private _cooldownUntil;
    /// keccak256(taskId, claimant, reviewer) => rejections of that claimant's work by that reviewer.
    mapping(bytes32 rejectionKey => uint256) private _rejections;
    /// keccak256(taskId, round, member) => voted to release the claim in that round.
    mapping(bytes32 voteKey => bool) private _releaseVoted;
    /// keccak256(taskId, round) => release votes in that round (a new claim or a rejection
    /// starts a new round, so votes never carry over) and the member epoch they were counted
    /// at: after a member change they are recounted against the current members, as approvals are.
    mapping(bytes32 roundKey => ReleaseTally) private _releaseVotes;
    mapping(uint256 taskId => bool) private _escalated;

    modifier onlyGovernance() {
        if (msg.sender != _governance) revert IWorkstreams.WorkstreamNotGovernance(msg.sender);
        _;
    }

    /// @param workstreams_ The Workstreams registry, deployed with this board's address; the
    /// board trusts the same ERC-2771 forwarder as the registry (zero: none).
    constructor(IWorkstreams workstreams_)
        EIP712("TealTaskBoard", "1")
        ERC2771Context(ERC2771Context(address(workstreams_)).trustedForwarder())
    {
        if (workstreams_.taskBoard() != address(this)) {
            revert TaskBoardMisconfigured(address(workstreams_), workstreams_.taskBoard());
        }
        _workstreams = workstreams_;
        _governance = workstreams_.governance();
    }

    // ---- Creating and cancelling ----------------------------------------------------------

    /// @inheritdoc ITaskBoard
    function createTask(uint256 workstreamId, uint256 parentId, uint256 reward, uint32 claimDuration, string calldata specCid)
        external
        nonReentrant
        returns (uint256 taskId)
    {
        if (reward == 0) revert TaskZeroReward();
        if (parentId != 0) {
            Task storage parent = _tasks[parentId];
            if (parent.status != Status.Open) {
                if (parent.status == Status.None) revert TaskUnknown(parentId);
                revert TaskNotOpen(parentId, parent.status);
            }
            if (parent.workstreamId != workstreamId) {
                revert TaskParentMismatch(parentId, parent.workstreamId, workstreamId);
            }
            if (reward > parent.reward) revert TaskRewardAboveParent(parentId, reward, parent.reward);
            // reward <= parent.reward (uint128): the cast cannot truncate.
            parent.reward -= uint128(reward);
        }
        taskId = ++_taskCount;
        Task storage t = _tasks[taskId];
        t.status = Status.Open;
        // The registry (below) bounds `reward` by the uint128 max reward and requires
        // `workstreamId` to exist, so these casts cannot truncate (ids grow by one).
        t.reward = uint128(reward);
        t.workstreamId = uint48(workstreamId);
        t.parentId = uint48(parentId);
        // The registry checks membership, pause, term, max reward and budget; with a parent it
        // reserves nothing more (the parent's reservation now funds the subtask). It is our
        // own immutable Workstreams and makes no external call in `reserve`.
        address creator = _msgSender();
        uint32 duration = _workstreams.reserve(workstreamId, taskId, creator, reward, parentId == 0, claimDuration);
        t.claimDuration = duration;
        emit TaskCreated(taskId, workstreamId, parentId, creator, reward, duration, specCid);
    }

    /// @inheritdoc ITaskBoard
    function cancel(uint256 taskId) external nonReentrant {
        Task storage t = _tasks[taskId];
        _requireStatus(taskId, t.status, Status.Open);
        uint256 workstreamId = t.workstreamId;
        address member = _msgSender();
        if (!_workstreams.isMember(workstreamId, member)) revert IWorkstreams.WorkstreamNotMember(workstreamId, member);
        t.status = Status.Cancelled;
        uint256 reward = t.reward;
        Task storage parent = _tasks[t.parentId];
        bool toParent = t.parentId != 0 && parent.status == Status.Open;
        emit TaskCancelled(taskId, workstreamId, member, reward, toParent);
        if (toParent) {
            parent.reward += uint128(reward);
        } else if (reward != 0) {
            _workstreams.release(workstreamId, taskId, reward);
        }
    }

    // ---- Claiming -------------------------------------------------------------------------

    /// @inheritdoc ITaskBoard
    function claim(uint256 taskId, uint256 expectedReward, uint256 maxBond) external nonReentrant {
        _claim(taskId, _msgSender(), expectedReward, maxBond);
    }

    /// @inheritdoc ITaskBoard
    function claimWithPermit(
        uint256 taskId,
        uint256 expectedReward,
        uint256 maxBond,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        address claimant = _msgSender();
        Task storage t = _tasks[taskId];
        _requireStatus(taskId, t.status, Status.Open);
        uint256 workstreamId = t.workstreamId;
        address token = _workstreams.workstream(workstreamId).token;
        address escrow = address(_workstreams);
        // Anyone may submit a permit, so a copy taken from the mempool can land first: then
        // ours fails but the allowance is there, and the claim goes on.
        try IERC20Permit(token).permit(claimant, escrow, maxBond, deadline, v, r, s) {}
        catch {
            (,, uint128 bond) = _workstreams.claimTerms(workstreamId);
            if (IERC20(token).allowance(claimant, escrow) < bond) revert TaskPermitRefused(taskId, token, claimant);
        }
        _claim(taskId, claimant, expectedReward, maxBond);
    }

    /// @inheritdoc ITaskBoard
    function claimBySig(
        uint256 taskId,
        address claimant,
        uint256 expectedReward,
        uint256 maxBond,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external nonReentrant {
        if (block.timestamp > deadline) revert TaskSignatureExpired(deadline);
        bytes32 digest = _claimDigest(taskId, claimant, expectedReward, maxBond, nonce, deadline);
        if (!SignatureChecker.isValidSignatureNow(claimant, digest, signature)) revert TaskInvalidSignature(claimant);
        // Spent only by a claim that goes through: a reverted relay leaves it for the signer
        // to use or cancel, and never blocks signatures with other nonces.
        uint256 bit = 1 << (nonce & 0xff);
        uint256 bits = _nonceBitmap[claimant][nonce >> 8];
        if (bits & bit != 0) revert TaskNonceUsed(claimant, nonce);
        _nonceBitmap[claimant][nonce >> 8] = bits | bit;
        emit ClaimNonceUsed(claimant, nonce);
        _claim(taskId, claimant, expectedReward, maxBond);
    }

    /// @inheritdoc ITaskBoard
    function cancelClaimNonces(uint256 wordPos, uint256 mask) external {
        address signer = _msgSender();
        _nonceBitmap[signer][wordPos] |= mask;
        emit ClaimNoncesCancelled(signer, wordPos, mask);
    }

    /// @inheritdoc ITaskBoard
    function abandon(uint256 taskId) external nonReentrant {
        Task storage t = _tasks[taskId];
        _requireStatus(taskId, t.status, Status.Claimed);
        address claimant = t.claimant;
        address sender = _msgSender();
        if (sender != claimant) revert TaskNotClaimant(taskId, sender, claimant);
        uint256 bond = _reopen(t);
        _startCooldown(taskId, t.workstreamId, claimant);
        emit TaskAbandoned(taskId, t.workstreamId, claimant, bond);
        if (bond != 0) _workstreams.forfeitBond(t.workstreamId, taskId, claimant, bond);
    }

    /// @inheritdoc ITaskBoard
    function reopenExpired(uint256 taskId) external nonReentrant {
        Task storage t = _tasks[taskId];
        _requireStatus(taskId, t.status, Status.Claimed);
        if (block.timestamp <= t.time) revert TaskClaimNotExpired(taskId, t.time);
        address claimant = t.claimant;
        uint256 bond = _reopen(t);
        _startCooldown(taskId, t.workstreamId, claimant);
        emit TaskReopened(taskId, t.workstreamId, claimant, _msgSender(), bond);
        if (bond != 0) _workstreams.forfeitBond(t.workstreamId, taskId, claimant, bond);
    }

    // ---- Submitting and reviewing ---------------------------------------------------------

    /// @inheritdoc ITaskBoard
    function submit(uint256 taskId, string calldata deliverableCid, address[] calldata contributors, uint16[] calldata shares)
        external
        nonReentrant
    {
        Task storage t = _tasks[taskId];
        _requireStatus(taskId, t.status, Status.Claimed);
        address claimant = _msgSender();
        if (claimant != t.claimant) revert TaskNotClaimant(taskId, claimant, t.claimant);
        if (block.timestamp > t.time) revert TaskClaimExpired(taskId, t.time);
        _checkSplit(contributors, shares);

        t.status = Status.Submitted;
        t.time = uint40(block.timestamp);
        t.splitDigest = keccak256(abi.encode(contributors, shares));
        emit TaskSubmitted(taskId, t.workstreamId, claimant, t.round, deliverableCid, contributors, shares);
    }

    /// @inheritdoc ITaskBoard
    function approve(uint256 taskId, string calldata reasonCid, address[] calldata contributors, uint16[] calldata shares)
        external
        nonReentrant
    {
        Task storage t = _tasks[taskId];
        uint256 workstreamId = t.workstreamId;
        uint8 required;
        uint8 epoch;
        {
            address reviewer = _msgSender();
            (required, epoch) = _checkReviewer(taskId, t, workstreamId, reviewer);
            _checkApprovedSplit(taskId, t, reviewer, contributors, shares);
        }
        if (_recordApproval(taskId, t, workstreamId, required, epoch, reasonCid)) {
            _pay(taskId, t, workstreamId, contributors, shares);
        }
    }

    /// @inheritdoc ITaskBoard
    function reject(uint256 taskId, string calldata reasonCid) external nonReentrant {
        Task storage t = _tasks[taskId];
        uint256 workstreamId = t.workstreamId;
        if (bytes(reasonCid).length == 0) revert TaskRejectionReasonMissing(taskId);
        address reviewer = _msgSender();
        _checkReviewer(taskId, t, workstreamId, reviewer);

        address claimant = t.claimant;
        ++_rejections[keccak256(abi.encode(taskId, claimant, reviewer))];
        uint32 round = t.round;
        uint64 newExpiry = uint64(block.timestamp) + t.claimDuration;
        t.status = Status.Claimed;
        t.time = uint40(newExpiry);
        t.approvals = 0;
        t.round = round + 1;
        emit TaskRejected(taskId, workstreamId, reviewer, round, newExpiry, reasonCid);
    }

    /// @inheritdoc ITaskBoard
    function finalize(uint256 taskId, address[] calldata contributors, uint16[] calldata shares)
        external
        nonReentrant
    {
        Task storage t = _tasks[taskId];
        _requireStatus(taskId, t.status, Status.Submitted);
        if (_escalated[taskId]) revert TaskIsEscalated(taskId);
        uint256 workstreamId = t.workstreamId;
        IWorkstreams.TeamRules memory rules = _workstreams.teamRules(workstreamId);
        uint64 until = rules.reviewWindow == 0 ? 0 : uint64(t.time) + rules.reviewWindow;
        if (until == 0 || block.timestamp <= until) revert TaskReviewWindowOpen(taskId, until);
        (, bool paused,) = _workstreams.claimTerms(workstreamId);
        if (paused) revert IWorkstreams.WorkstreamIsPaused(workstreamId);
        address sender = _msgSender();
        _checkSubmittedSplit(taskId, t, contributors, shares);
        t.status = Status.Paid;
        emit TaskFinalized(taskId, workstreamId, sender, t.round);
        _pay(taskId, t, workstreamId, contributors, shares);
    }

    /// @inheritdoc ITaskBoard
    function voteRelease(uint256 taskId) external nonReentrant {
        Task storage t = _tasks[taskId];
        _requireStatus(taskId, t.status, Status.Claimed);
        uint256 workstreamId = t.workstreamId;
        address voter = _msgSender();
        (bool paused, bool member, uint8 required, uint8 epoch,) = _workstreams.reviewTerms(workstreamId, voter);
        if (paused) revert IWorkstreams.WorkstreamIsPaused(workstreamId);
        if (!member) revert IWorkstreams.WorkstreamNotMember(workstreamId, voter);
        address claimant = t.claimant;
        if (voter == claimant) revert TaskSelfReview(taskId, voter);
        bytes32 roundKey = keccak256(abi.encode(taskId, t.round));
        bytes32 voteKey = keccak256(abi.encode(roundKey, voter));
        if (_releaseVoted[voteKey]) revert TaskAlreadyVotedRelease(taskId, voter);
        ReleaseTally storage tally = _releaseVotes[roundKey];
        uint256 votes = tally.votes;
        // A removed member's vote no longer counts (recounted before this vote is recorded).
        if (votes != 0 && tally.memberEpoch != epoch) votes = _recountRelease(roundKey, workstreamId);
        _releaseVoted[voteKey] = true;
        ++votes;
        // At most the member count: fits.
        tally.votes = uint248(votes);
        tally.memberEpoch = epoch;
        emit TaskReleaseVoted(taskId, workstreamId, voter, claimant, votes, required);
        if (votes >= required) _release(taskId, t, false);
    }

    /// @inheritdoc ITaskBoard
    function escalate(uint256 taskId, address reviewer) external nonReentrant {
        Task storage t = _tasks[taskId];
        _requireStatus(taskId, t.status, Status.Submitted);
        address claimant = _msgSender();
        if (claimant != t.claimant) revert TaskNotClaimant(taskId, claimant, t.claimant);
        if (_escalated[taskId]) revert TaskIsEscalated(taskId);
        uint256 workstreamId = t.workstreamId;
        uint256 required = _workstreams.teamRules(workstreamId).escalateAfter;
        uint256 count = _rejections[keccak256(abi.encode(taskId, claimant, reviewer))];
        if (required == 0 || count < required) revert TaskEscalationNotAllowed(taskId, reviewer, count, required);
        _escalated[taskId] = true;
        emit TaskEscalated(taskId, workstreamId, claimant, reviewer, count);
    }

    // ---- Governance -----------------------------------------------------------------------

    /// @inheritdoc ITaskBoard
    function cancelByGovernance(uint256 taskId) external onlyGovernance nonReentrant {
        Task storage t = _tasks[taskId];
        Status status = t.status;
        if (status != Status.Open && status != Status.Claimed && status != Status.Submitted) {
            if (status == Status.None) revert TaskUnknown(taskId);
            revert TaskNotActive(taskId, status);
        }
        uint256 workstreamId = t.workstreamId;
        address claimant = t.claimant;
        uint256 bond = _reopen(t);
        if (_escalated[taskId]) _escalated[taskId] = false;
        t.status = Status.Cancelled;
        uint256 reward = t.reward;
        Task storage parent = _tasks[t.parentId];
        bool toParent = t.parentId != 0 && parent.status == Status.Open;
        emit TaskCancelledByGovernance(taskId, workstreamId, status, reward, bond);
        if (toParent) {
            parent.reward += uint128(reward);
        } else {
            _workstreams.release(workstreamId, taskId, reward);
        }
        if (bond != 0) _workstreams.returnBond(workstreamId, taskId, claimant, bond);
    }

    /// @inheritdoc ITaskBoard
    function releaseByGovernance(uint256 taskId) external onlyGovernance nonReentrant {
        Task storage t = _tasks[taskId];
        if (t.status != Status.Claimed && t.status != Status.Submitted) {
            if (t.status == Status.None) revert TaskUnknown(taskId);
            revert TaskNotActive(taskId, t.status);
        }
        _release(taskId, t, true);
    }

    /// @inheritdoc ITaskBoard
    function resolveEscalation(uint256 taskId, bool pay, address[] calldata contributors, uint16[] calldata shares)
        external
        onlyGovernance
        nonReentrant
    {
        Task storage t = _tasks[taskId];
        if (!_escalated[taskId]) revert TaskNotEscalated(taskId);
        uint256 workstreamId = t.workstreamId;
        emit TaskEscalationResolved(taskId, workstreamId, pay);
        if (pay) {
            _escalated[taskId] = false;
            _checkSubmittedSplit(taskId, t, contributors, shares);
            t.status = Status.Paid;
            _pay(taskId, t, workstreamId, contributors, shares);
        } else {
            _release(taskId, t, true);
        }
    }

    /// @inheritdoc ITaskBoard
    function sweep(address token) external onlyGovernance nonReentrant {
        uint256 amount = IERC20(token).balanceOf(address(this));
        emit TaskBoardSwept(token, msg.sender, amount);
        IERC20(token).safeTransfer(msg.sender, amount);
    }

    // ---- Views ----------------------------------------------------------------------------

    /// @inheritdoc ITaskBoard
    function workstreams() external view returns (address) {
        return address(_workstreams);
    }

    /// @inheritdoc ITaskBoard
    function taskCount() external view returns (uint256) {
        return _taskCount;
    }

    /// @inheritdoc ITaskBoard
    function task(uint256 taskId) external view returns (TaskInfo memory) {
        Task storage t = _tasks[taskId];
        if (t.status == Status.None) revert TaskUnknown(taskId);
        return TaskInfo({
            workstreamId: t.workstreamId,
            parentId: t.parentId,
            status: t.status,
            claimant: t.claimant,
            claimExpiry: t.status == Status.Claimed ? t.time : 0,
            claimDuration: t.claimDuration,
            reward: t.reward,
            bond: t.bond,
            approvals: t.approvals,
            round: t.round,
            splitDigest: t.splitDigest,
            submittedAt: t.status == Status.Submitted ? t.time : 0,
            escalated: _escalated[taskId]
        });
    }

    /// @inheritdoc ITaskBoard
    function nonceBitmap(address claimant, uint256 wordPos) external view returns (uint256) {
        return _nonceBitmap[claimant][wordPos];
    }

    /// @inheritdoc ITaskBoard
    function isNonceUsed(address claimant, uint256 nonce) external view returns (bool) {
        return _nonceBitmap[claimant][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    /// @inheritdoc ITaskBoard
    function claimCooldown(uint256 taskId, address claimant) external view returns (uint64) {
        return uint64(_cooldownUntil[keccak256(abi.encode(taskId, claimant))]);
    }

    /// @inheritdoc ITaskBoard
    function rejections(uint256 taskId, address claimant, address reviewer) external view returns (uint256) {
        return _rejections[keccak256(abi.encode(taskId, claimant, reviewer))];
    }

    /// @inheritdoc ITaskBoard
    function hasApproved(uint256 taskId, address reviewer) external view returns (bool) {
        return _approved[keccak256(abi.encode(taskId, _tasks[taskId].round, reviewer))];
    }

    /// @inheritdoc ITaskBoard
    function claimDigest(
        uint256 taskId,
        address claimant,
        uint256 expectedReward,
        uint256 maxBond,
        uint256 nonce,
        uint256 deadline
    ) external view returns (bytes32) {
        return _claimDigest(taskId, claimant, expectedReward, maxBond, nonce, deadline);
    }

    /// @inheritdoc ITaskBoard
    function splitDigest(address[] calldata contributors, uint16[] calldata shares) external pure returns (bytes32) {
        return keccak256(abi.encode(contributors, shares));
    }

    /// @inheritdoc ITaskBoard
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ---- Internals ------------------------------------------------------------------------

    function _requireStatus(uint256 taskId, Status status, Status expected) private pure {
        if (status == expected) return;
        if (status == Status.None) revert TaskUnknown(taskId);
        if (expected == Status.Open) revert TaskNotOpen(taskId, status);
        if (expected == Status.Claimed) revert TaskNotClaimed(taskId, status);
        revert TaskNotSubmitted(taskId, status);
    }

    function _claimDigest(
        uint256 taskId,
        address claimant,
        uint256 expectedReward,
        uint256 maxBond,
        uint256 nonce,
        uint256 deadline
    ) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(_CLAIM_TYPEHASH, taskId, claimant, expectedReward, maxBond, nonce, deadline))
        );
    }

    /// `relayer` in {TaskClaimed} is the immediate caller: the claimant, a {claimBySig}
    /// relayer, or the trusted forwarder.
    function _claim(uint256 taskId, address claimant, uint256 expectedReward, uint256 maxBond) private {
        Task storage t = _tasks[taskId];
        _requireStatus(taskId, t.status, Status.Open);
        if (t.reward != expectedReward) revert TaskRewardChanged(taskId, expectedReward, t.reward);
        uint256 workstreamId = t.workstreamId;
        (uint64 termEnd, bool paused, uint128 bond) = _workstreams.claimTerms(workstreamId);
        if (paused) revert IWorkstreams.WorkstreamIsPaused(workstreamId);
        if (block.timestamp >= termEnd) revert IWorkstreams.WorkstreamTermEnded(workstreamId, termEnd);
        if (bond > maxBond) revert TaskBondAboveMax(taskId, bond, maxBond);
        uint256 until = _cooldownUntil[keccak256(abi.encode(taskId, claimant))];
        if (block.timestamp < until) revert TaskClaimCooldown(taskId, claimant, uint64(until));

        uint64 expiry = uint64(block.timestamp) + t.claimDuration;
        t.claimant = claimant;
        t.time = uint40(expiry);
        t.status = Status.Claimed;
        if (bond != 0) t.bond = bond;
        emit TaskClaimed(taskId, workstreamId, claimant, expiry, bond, msg.sender);
        if (bond != 0) _workstreams.takeBond(workstreamId, taskId, claimant, bond);
    }

    /// Back to Open without a claimant, in a new round (approvals and release votes of the
    /// ended claim are void); returns the bond to forfeit or return.
    function _reopen(Task storage t) private returns (uint256 bond) {
        bond = t.bond;
        t.claimant = address(0);
        t.time = 0;
        t.status = Status.Open;
        t.approvals = 0;
        ++t.round;
        if (bond != 0) t.bond = 0;
    }

    /// The claimant who gave `taskId` up waits the team's cool-down before claiming it again.
    function _startCooldown(uint256 taskId, uint256 workstreamId, address claimant) private {
        uint256 cooldown = _workstreams.teamRules(workstreamId).claimCooldown;
        if (cooldown != 0) _cooldownUntil[keccak256(abi.encode(taskId, claimant))] = block.timestamp + cooldown;
    }

    /// Back to Open, the bond returned to the claimant (members or governance released it).
    function _release(uint256 taskId, Task storage t, bool byGovernance) private {
        uint256 workstreamId = t.workstreamId;
        address claimant = t.claimant;
        uint256 bond = _reopen(t);
        if (_escalated[taskId]) _escalated[taskId] = false;
        _startCooldown(taskId, workstreamId, claimant);
        emit TaskReleased(taskId, workstreamId, claimant, byGovernance, bond);
        if (bond != 0) _workstreams.returnBond(workstreamId, taskId, claimant, bond);
    }

    /// Checks shared by approve and reject; returns the approvals the workstream requires and
    /// its member epoch.
    function _checkReviewer(uint256 taskId, Task storage t, uint256 workstreamId, address reviewer)
        private
        view
        returns (uint8, uint8)
    {
        _requireStatus(taskId, t.status, Status.Submitted);
        if (_escalated[taskId]) revert TaskIsEscalated(taskId);
        (bool paused, bool member, uint8 required, uint8 epoch, uint64 joined) =
            _workstreams.reviewTerms(workstreamId, reviewer);
        if (paused) revert IWorkstreams.WorkstreamIsPaused(workstreamId);
        if (!member) revert IWorkstreams.WorkstreamNotMember(workstreamId, reviewer);
        if (reviewer == t.claimant) revert TaskSelfReview(taskId, reviewer);
        // A member who joined after the submission cannot review it: adding a sybil member
        // to approve a pending submission does not replace an independent approval.
        if (joined > t.time) revert TaskReviewerTooNew(taskId, reviewer, joined, t.time);
        return (required, epoch);
    }

    /// The split given must be the one submitted (only its digest is stored).
    function _checkSubmittedSplit(
        uint256 taskId,
        Task storage t,
        address[] calldata contributors,
        uint16[] calldata shares
    ) private view {
        bytes32 given = keccak256(abi.encode(contributors, shares));
        if (given != t.splitDigest) revert TaskSplitMismatch(taskId, given, t.splitDigest);
    }

    /// A reviewer must approve the submitted split and not be one of its contributors.
    /// (Lazy consensus has no such rule: once the window passed, a contributor may finalize.)
    function _checkApprovedSplit(
        uint256 taskId,
        Task storage t,
        address reviewer,
        address[] calldata contributors,
        uint16[] calldata shares
    ) private view {
        _checkSubmittedSplit(taskId, t, contributors, shares);
        for (uint256 i = 0; i < contributors.length; ++i) {
            if (contributors[i] == reviewer) revert TaskSelfReview(taskId, reviewer);
        }
    }

    /// Count the caller's approval; true when it is the deciding one (the task is then Paid).
    /// When a member was removed since the round's first approval (the epoch moved), the
    /// approvals are first recounted against the current members.
    function _recordApproval(
        uint256 taskId,
        Task storage t,
        uint256 workstreamId,
        uint8 required,
        uint8 epoch,
        string calldata reasonCid
    ) private returns (bool) {
        address reviewer = _msgSender();
        uint32 round = t.round;
        bytes32 key = keccak256(abi.encode(taskId, round, reviewer));
        if (_approved[key]) revert TaskAlreadyApproved(taskId, reviewer);
        uint256 approvals = t.approvals;
        if (approvals != 0 && t.memberEpoch != epoch) approvals = _recount(taskId, round, workstreamId);
        ++approvals;
        // At most the member count (an EnumerableSet of addresses); approvals above 255 need
        // more than 255 members and a threshold a uint8 cannot express, so saturate.
        t.approvals = approvals > type(uint8).max ? type(uint8).max : uint8(approvals);
        t.memberEpoch = epoch;
        emit TaskApproved(taskId, workstreamId, reviewer, round, t.approvals, reasonCid);
        if (approvals < required) {
            _approved[key] = true;
            return false;
        }
        // The deciding approval is not recorded in `_approved`: a fresh slot (22k gas) would
        // break the approve-and-pay gas budget; the task leaves Submitted here, so nobody can
        // approve it again, and the {TaskApproved} event records it.
        t.status = Status.Paid;
        return true;
    }

    /// Approvals of round `round` from accounts that are members now.
    function _recount(uint256 taskId, uint32 round, uint256 workstreamId) private view returns (uint256 count) {
        address[] memory current = _workstreams.members(workstreamId);
        for (uint256 i = 0; i < current.length; ++i) {
            if (_approved[keccak256(abi.encode(taskId, round, current[i]))]) ++count;
        }
    }

    /// Release votes of round `roundKey` from accounts that are members now.
    function _recountRelease(bytes32 roundKey, uint256 workstreamId) private view returns (uint256 count) {
        address[] memory current = _workstreams.members(workstreamId);
        for (uint256 i = 0; i < current.length; ++i) {
            if (_releaseVoted[keccak256(abi.encode(roundKey, current[i]))]) ++count;
        }
    }

    function _checkSplit(address[] calldata contributors, uint16[] calldata shares) private pure {
        uint256 count = contributors.length;
        if (count != shares.length) revert TaskSplitLengthMismatch(count, shares.length);
        if (count == 0) return;
        if (count > _MAX_CONTRIBUTORS) revert TaskSplitTooLarge(count, _MAX_CONTRIBUTORS);
        uint256 sum = 0;
        for (uint256 i = 0; i < count; ++i) {
            address account = contributors[i];
            if (account == address(0) || shares[i] == 0) revert TaskSplitInvalidEntry(i, account);
            for (uint256 j = 0; j < i; ++j) {
                if (contributors[j] == account) revert TaskSplitInvalidEntry(i, account);
            }
            sum += shares[i];
        }
        if (sum != _TOTAL_SHARES) revert TaskSplitSharesSum(sum);
    }

    /// Have the escrow pay the task's reward, split by shares, and return the bond.
    function _pay(
        uint256 taskId,
        Task storage t,
        uint256 workstreamId,
        address[] calldata contributors,
        uint16[] calldata shares
    ) private {
        address claimant = t.claimant;
        uint256 reward = t.reward;
        uint256 bond = t.bond;
        (address[] memory recipients, uint256[] memory amounts) = _split(claimant, reward, contributors, shares);
        emit TaskPaid(taskId, workstreamId, claimant, reward, bond);
        _workstreams.pay(workstreamId, taskId, reward, bond, recipients, amounts);
    }

    /// Claimant first, with their listed share (if any) plus the rounding remainder; then each
    /// other contributor with `reward * share / 10,000`.
    function _split(address claimant, uint256 reward, address[] calldata contributors, uint16[] calldata shares)
        private
        pure
        returns (address[] memory recipients, uint256[] memory amounts)
    {
        uint256 count = contributors.length;
        recipients = new address[](count + 1);
        amounts = new uint256[](count + 1);
        recipients[0] = claimant;
        uint256 used = 1;
        uint256 distributed = 0;
        for (uint256 i = 0; i < count; ++i) {
            uint256 amount = reward * shares[i] / _TOTAL_SHARES;
            distributed += amount;
            if (contributors[i] == claimant) {
                amounts[0] += amount;
            } else {
                recipients[used] = contributors[i];
                amounts[used] = amount;
                ++used;
            }
        }
        amounts[0] += reward - distributed;
        // Shrink both arrays to the recipients actually used (the claimant may be listed too).
        assembly ("memory-safe") {
            mstore(recipients, used)
            mstore(amounts, used)
        }
    }
}
