// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ITaskBoard
/// @notice Tasks of the workstreams: members create tasks (and subtasks funded from a parent
/// task's reservation), any wallet claims one (directly or through a relayer with an EIP-712
/// signature), the claimant submits the deliverable with an optional split among
/// co-contributors, members other than the contributors review it, and once enough members
/// approve, the reward is paid from the workstream's escrow, split by the shares.
/// @dev Lifecycle: Open -> Claimed -> Submitted -> Paid, Submitted -> Claimed on rejection
/// (with a fresh deadline), Claimed -> Open on abandon or expiry (the bond, if any, goes to the
/// team's budget), Open -> Cancelled (reservation released). CIDs travel in events only; the
/// contract stores the hash of the submitted split, which approvals must repeat.
interface ITaskBoard {
    // ---- Types ---------------------------------------------------------------------------

    /// @notice Task status. `None` means the task does not exist.
    enum Status {
        None,
        Open,
        Claimed,
        Submitted,
        Paid,
        Cancelled
    }

    /// @notice A task as the `task` view returns it.
    /// @param reward Reward (and reservation); a parent's shrinks by each subtask's reward.
    /// @param bond Bond posted by the current claimant (kept as a record once paid).
    /// @param claimExpiry Claim deadline (Unix time); submissions are accepted up to and including it.
    /// @param claimDuration Seconds a claim (or a rejected submission's rework) lasts.
    /// @param approvals Approvals in the current review round.
    /// @param round Review round: incremented on each rejection, invalidating earlier approvals.
    /// @param splitDigest keccak256(abi.encode(contributors, shares)) of the current submission.
    struct TaskInfo {
        uint256 workstreamId;
        uint256 parentId;
        Status status;
        address claimant;
        uint64 claimExpiry;
        uint32 claimDuration;
        uint256 reward;
        uint256 bond;
        uint8 approvals;
        uint32 round;
        bytes32 splitDigest;
    }

    // ---- Events --------------------------------------------------------------------------

    /// @notice Member `creator` created task `taskId` (a subtask when `parentId` is not 0,
    /// its reward then taken from the parent's).
    event TaskCreated(
        uint256 indexed taskId,
        uint256 indexed workstreamId,
        uint256 indexed parentId,
        address creator,
        uint256 reward,
        uint32 claimDuration,
        string specCid
    );
    /// @notice Member `by` cancelled open task `taskId`; its reservation `released` went back
    /// to the parent task (`toParent`) or to the workstream's available budget.
    event TaskCancelled(
        uint256 indexed taskId, uint256 indexed workstreamId, address indexed by, uint256 released, bool toParent
    );
    /// @notice `claimant` claimed task `taskId` until `expiry`, posting `bond`; `relayer` sent
    /// the transaction (the claimant itself unless claimed by signature).
    event TaskClaimed(
        uint256 indexed taskId,
        uint256 indexed workstreamId,
        address indexed claimant,
        uint64 expiry,
        uint256 bond,
        address relayer
    );
    /// @notice `claimant` gave task `taskId` up; it is open again and `bondForfeited` went to the budget.
    event TaskAbandoned(
        uint256 indexed taskId, uint256 indexed workstreamId, address indexed claimant, uint256 bondForfeited
    );
    /// @notice `claimant`'s claim on task `taskId` expired and `reopenedBy` reopened the task;
    /// `bondForfeited` went to the budget.
    event TaskReopened(
        uint256 indexed taskId,
        uint256 indexed workstreamId,
        address indexed claimant,
        address reopenedBy,
        uint256 bondForfeited
    );
    /// @notice `claimant` submitted `deliverableCid` in review round `round`, with the reward
    /// split `shares` (basis points) among `contributors` (empty: all to the claimant).
    event TaskSubmitted(
        uint256 indexed taskId,
        uint256 indexed workstreamId,
        address indexed claimant,
        uint32 round,
        string deliverableCid,
        address[] contributors,
        uint16[] shares
    );
    /// @notice Member `reviewer` approved round `round` of task `taskId` (`approvals` so far).
    event TaskApproved(
        uint256 indexed taskId,
        uint256 indexed workstreamId,
        address indexed reviewer,
        uint32 round,
        uint8 approvals,
        string reasonCid
    );
    /// @notice Member `reviewer` rejected round `round`; the claimant may resubmit until `newExpiry`.
    event TaskRejected(
        uint256 indexed taskId,
        uint256 indexed workstreamId,
        address indexed reviewer,
        uint32 round,
        uint64 newExpiry,
        string reasonCid
    );
    /// @notice Task `taskId` reached its approvals and paid `reward` (and returned the bond)
    /// to `claimant` and co-contributors (see the registry's RewardPaid events for each amount).
    event TaskPaid(
        uint256 indexed taskId, uint256 indexed workstreamId, address indexed claimant, uint256 reward, uint256 bondReturned
    );
    /// @notice `claimant` burnt claim-signature nonce `nonce`, revoking any signature made with it.
    event ClaimNonceUsed(address indexed claimant, uint256 nonce);

    // ---- Errors --------------------------------------------------------------------------

    /// @notice The registry given at deployment names another task board (`taskBoard`).
    error TaskBoardMisconfigured(address workstreams, address taskBoard);
    /// @notice No task has id `taskId`.
    error TaskUnknown(uint256 taskId);
    /// @notice Task `taskId` is `status`, not Open.
    error TaskNotOpen(uint256 taskId, Status status);
    /// @notice Task `taskId` is `status`, not Claimed.
    error TaskNotClaimed(uint256 taskId, Status status);
    /// @notice Task `taskId` is `status`, not Submitted.
    error TaskNotSubmitted(uint256 taskId, Status status);
    /// @notice `caller` is not the claimant (`claimant`) of task `taskId`.
    error TaskNotClaimant(uint256 taskId, address caller, address claimant);
    /// @notice The claim on task `taskId` expired at `expiry`.
    error TaskClaimExpired(uint256 taskId, uint64 expiry);
    /// @notice The claim on task `taskId` lasts until `expiry`; it cannot be reopened yet.
    error TaskClaimNotExpired(uint256 taskId, uint64 expiry);
    /// @notice A task needs a reward greater than zero.
    error TaskZeroReward();
    /// @notice A subtask reward `reward` is more than parent `parentId`'s remaining `parentReward`.
    error TaskRewardAboveParent(uint256 parentId, uint256 reward, uint256 parentReward);
    /// @notice Parent `parentId` belongs to workstream `parentWorkstreamId`, not `workstreamId`.
    error TaskParentMismatch(uint256 parentId, uint256 parentWorkstreamId, uint256 workstreamId);
    /// @notice `reviewer` is the claimant or a co-contributor of task `taskId`.
    error TaskSelfReview(uint256 taskId, address reviewer);
    /// @notice `reviewer` already approved the current round of task `taskId`.
    error TaskAlreadyApproved(uint256 taskId, address reviewer);
    /// @notice `contributors` and `shares` have different lengths.
    error TaskSplitLengthMismatch(uint256 contributors, uint256 shares);
    /// @notice A split lists `count` contributors; at most `max` are allowed.
    error TaskSplitTooLarge(uint256 count, uint256 max);
    /// @notice Contributor `account` at `index` is the zero address, repeated, or has a zero share.
    error TaskSplitInvalidEntry(uint256 index, address account);
    /// @notice Shares sum to `sum` basis points instead of 10,000.
    error TaskSplitSharesSum(uint256 sum);
    /// @notice The split given to a review is not the one submitted for task `taskId`.
    error TaskSplitMismatch(uint256 taskId, bytes32 given, bytes32 submitted);
    /// @notice The claim signature's `deadline` has passed.
    error TaskSignatureExpired(uint256 deadline);
    /// @notice The signature is not `claimant`'s for this task, nonce and deadline.
    error TaskInvalidSignature(address claimant);

    // ---- Actions -------------------------------------------------------------------------

    /// @notice Create a task (or, with `parentId`, a subtask whose reward is carved out of the
    /// open parent's reward) in a workstream you are a member of.
    /// @dev Requirements:
    /// - `reward` > 0 and <= the workstream's max reward; for a top-level task, <= available budget;
    /// - caller is a member; the workstream is not paused and its term has not ended;
    /// - `claimDuration` <= the workstream's claim duration (0 takes the workstream's);
    /// - with a parent: it is Open, in the same workstream, and its reward >= `reward`.
    ///
    /// Emits a {TaskCreated} event (and the registry's {BudgetReserved} for a top-level task).
    /// @param workstreamId The workstream.
    /// @param parentId The parent task, or 0.
    /// @param reward The reward in the workstream's budget token.
    /// @param claimDuration Seconds a claim lasts; 0 for the workstream's default.
    /// @param specCid CID of the task spec document (emitted, not stored).
    /// @return taskId The new task's id (from 1).
    function createTask(uint256 workstreamId, uint256 parentId, uint256 reward, uint32 claimDuration, string calldata specCid)
        external
        returns (uint256 taskId);

    /// @notice Cancel an open task; its reservation returns to its parent if the parent is
    /// still open, otherwise to the workstream's available budget.
    /// @dev Requirements:
    /// - the task is Open; caller is a member of its workstream.
    ///
    /// Emits a {TaskCancelled} event (and the registry's {BudgetReleased} unless returned to the parent).
    /// @param taskId The task.
    function cancel(uint256 taskId) external;

    /// @notice Claim an open task. If the workstream sets a claim bond, approve the
    /// Workstreams escrow for it first; you get it back with the reward, and lose it to the
    /// team's budget if you abandon the task or let the claim expire.
    /// @dev Requirements:
    /// - the task is Open; the workstream is not paused and its term has not ended;
    /// - the bond transfer delivers exactly the bond.
    ///
    /// Emits a {TaskClaimed} event (and the registry's {BondPosted} with a bond).
    /// @param taskId The task.
    function claim(uint256 taskId) external;

    /// @notice Claim an open task for `claimant`, who signed the EIP-712 message
    /// `Claim(uint256 taskId,address claimant,uint256 nonce,uint256 deadline)` with their
    /// current nonce; anyone may relay it. The claimant, nonce and chain are all signed, so a
    /// relayer (or a front-runner copying the transaction) cannot change who gets the task,
    /// reuse the signature, or replay it on another chain or contract.
    /// @dev Supports EOA (ECDSA) and ERC-1271 contract signatures. Any bond is pulled from
    /// `claimant`, not from the relayer. Requirements: as {claim}, plus
    /// - `block.timestamp` <= `deadline`; the signature is valid for the current nonce.
    ///
    /// Emits a {TaskClaimed} event with `relayer` set to the caller.
    /// @param taskId The task.
    /// @param claimant The signer, who becomes the claimant.
    /// @param deadline Last second at which the signature may be used.
    /// @param signature The claimant's signature (65 bytes for an EOA).
    function claimBySig(uint256 taskId, address claimant, uint256 deadline, bytes calldata signature) external;

    /// @notice Revoke any claim signature made with your current nonce.
    /// @dev Emits a {ClaimNonceUsed} event.
    function useNonce() external;

    /// @notice Give up your claim; the task reopens and your bond (if any) goes to the team's
    /// budget, as on expiry, so claim-abandon-reclaim cycles cost a bond each.
    /// @dev Requirements:
    /// - the task is Claimed; caller is its claimant.
    ///
    /// Emits a {TaskAbandoned} event (and the registry's {BondForfeited} with a bond).
    /// @param taskId The task.
    function abandon(uint256 taskId) external;

    /// @notice Reopen a task whose claim has expired; anyone may call it. The bond (if any)
    /// goes to the team's budget.
    /// @dev Requirements:
    /// - the task is Claimed; `block.timestamp` > its claim expiry.
    ///
    /// Emits a {TaskReopened} event (and the registry's {BondForfeited} with a bond).
    /// @param taskId The task.
    function reopenExpired(uint256 taskId) external;

    /// @notice Submit your deliverable, optionally splitting the reward: `shares[i]` basis
    /// points to `contributors[i]`, summing to 10,000 (the claimant may be listed too, and
    /// also receives the rounding remainder). Empty arrays pay everything to the claimant.
    /// @dev Only the split's hash is stored; reviewers repeat the split (from the
    /// {TaskSubmitted} event) when they approve. Requirements:
    /// - the task is Claimed; caller is the claimant; `block.timestamp` <= claim expiry;
    /// - equal lengths, at most 16 entries, no zero or repeated address, no zero share,
    ///   shares summing to 10,000.
    ///
    /// Emits a {TaskSubmitted} event.
    /// @param taskId The task.
    /// @param deliverableCid CID of the submission document (emitted, not stored).
    /// @param contributors Co-contributors (may include the claimant).
    /// @param shares Basis points per contributor.
    function submit(uint256 taskId, string calldata deliverableCid, address[] calldata contributors, uint16[] calldata shares)
        external;

    /// @notice Approve a submission. The approval that reaches the workstream's threshold
    /// pays the reward: each contributor `reward * share / 10,000`, the claimant the rest and
    /// their bond back.
    /// @dev Requirements:
    /// - the task is Submitted; the workstream is not paused; caller is a member;
    /// - caller is neither the claimant nor among `contributors`;
    /// - `contributors`/`shares` are the submitted split; caller has not approved this round.
    ///
    /// Emits a {TaskApproved} event; on the last approval also {TaskPaid} (and the
    /// registry's {RewardPaid} per recipient).
    /// @param taskId The task.
    /// @param reasonCid CID of the review document (emitted, not stored).
    /// @param contributors The submitted contributors.
    /// @param shares The submitted shares.
    function approve(uint256 taskId, string calldata reasonCid, address[] calldata contributors, uint16[] calldata shares)
        external;

    /// @notice Reject a submission with a reason; the task goes back to the claimant with a
    /// fresh deadline (now + the task's claim duration), and earlier approvals are void.
    /// @dev Requirements:
    /// - the task is Submitted; the workstream is not paused; caller is a member and not the claimant.
    ///
    /// Emits a {TaskRejected} event.
    /// @param taskId The task.
    /// @param reasonCid CID of the review document (emitted, not stored).
    function reject(uint256 taskId, string calldata reasonCid) external;

    // ---- Views ---------------------------------------------------------------------------

    /// @notice The workstream registry and escrow this board works with.
    function workstreams() external view returns (address);

    /// @notice Number of tasks created (ids run from 1 to this).
    function taskCount() external view returns (uint256);

    /// @notice A task's stored state.
    /// @dev Reverts with {TaskUnknown} for an unknown id.
    function task(uint256 taskId) external view returns (TaskInfo memory);

    /// @notice The nonce `claimant`'s next claim signature must carry.
    function nonces(address claimant) external view returns (uint256);

    /// @notice Whether `reviewer` approved the current round of task `taskId` (the approval
    /// that completes a task is not recorded: the task is Paid instead).
    function hasApproved(uint256 taskId, address reviewer) external view returns (bool);

    /// @notice The EIP-712 digest a claimant signs for {claimBySig}.
    function claimDigest(uint256 taskId, address claimant, uint256 nonce, uint256 deadline)
        external
        view
        returns (bytes32);

    /// @notice The hash stored for a split: keccak256(abi.encode(contributors, shares)).
    function splitDigest(address[] calldata contributors, uint16[] calldata shares) external pure returns (bytes32);

    /// @notice The EIP-712 domain separator (name "TealTaskBoard", version "1", this chain, this contract).
    function DOMAIN_SEPARATOR() external view returns (bytes32);
}
