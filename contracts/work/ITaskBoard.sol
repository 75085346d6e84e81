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
/// team's budget; the claimant then waits the team's cool-down before claiming it again),
/// Claimed -> Open on a release by the team's threshold of members or by governance (the bond
/// goes back), Open -> Cancelled (reservation released); governance can also cancel a claimed
/// or submitted task (bond back, reservation released). A submission nobody rejected within
/// the team's review window can be finalised (paid) by anyone; a claimant rejected
/// `escalateAfter` times by one member can escalate to governance, which pays or releases.
/// CIDs travel in events only; the contract stores the hash of the submitted split, which
/// approvals must repeat.
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
    /// @param claimExpiry Claim deadline (Unix time) while Claimed; submissions are accepted up to
    /// and including it. 0 in other states.
    /// @param claimDuration Seconds a claim (or a rejected submission's rework) lasts.
    /// @param approvals Approvals in the current review round.
    /// @param round Review round: incremented on each rejection and each reopening (abandon,
    /// expiry, release), invalidating earlier approvals and release votes.
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
        uint64 submittedAt;
        bool escalated;
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
    /// @notice `claimant` claimed task `taskId` until `expiry`, posting `bond`; `relayer` called
    /// the board (the claimant itself, a {claimBySig} relayer, or the ERC-2771 forwarder).
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
    /// @notice Claim-signature nonce `nonce` of `claimant` was used by a relayed claim.
    event ClaimNonceUsed(address indexed claimant, uint256 nonce);
    /// @notice `claimant` cancelled the nonces `wordPos * 256 + i` for every bit `i` set in
    /// `mask`, revoking any claim signature made with them.
    event ClaimNoncesCancelled(address indexed claimant, uint256 wordPos, uint256 mask);
    /// @notice `member` voted to release `claimant`'s claim on task `taskId`: `votes` of the
    /// `required`, counting only current members' votes.
    event TaskReleaseVoted(
        uint256 indexed taskId, uint256 indexed workstreamId, address indexed member, address claimant, uint256 votes, uint256 required
    );
    /// @notice `claimant`'s claim on task `taskId` was released by the members' threshold
    /// (`byGovernance` false) or by governance; the task is open again and `bondReturned` went
    /// back to the claimant.
    event TaskReleased(
        uint256 indexed taskId, uint256 indexed workstreamId, address indexed claimant, bool byGovernance, uint256 bondReturned
    );
    /// @notice Governance cancelled task `taskId` (in state `status`); the reservation
    /// `released` went back to the workstream's available budget, the bond to the claimant.
    event TaskCancelledByGovernance(
        uint256 indexed taskId, uint256 indexed workstreamId, Status status, uint256 released, uint256 bondReturned
    );
    /// @notice `by` finalised task `taskId`'s submission after the review window with no rejection.
    event TaskFinalized(uint256 indexed taskId, uint256 indexed workstreamId, address indexed by, uint32 round);
    /// @notice `claimant` escalated task `taskId` to governance after `rejections` rejections by `reviewer`.
    event TaskEscalated(
        uint256 indexed taskId, uint256 indexed workstreamId, address indexed claimant, address reviewer, uint256 rejections
    );
    /// @notice Governance resolved the escalation of task `taskId`: paid it (`paid`) or released the claim.
    event TaskEscalationResolved(uint256 indexed taskId, uint256 indexed workstreamId, bool paid);
    /// @notice Governance swept `amount` of `token` held by this board by mistake to `to`.
    event TaskBoardSwept(address indexed token, address indexed to, uint256 amount);

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
    /// @notice The signature is not `claimant`'s for this task, terms, nonce and deadline.
    error TaskInvalidSignature(address claimant);
    /// @notice Task `taskId`'s reward is `reward`, not the `expected` one the claimant agreed to.
    error TaskRewardChanged(uint256 taskId, uint256 expected, uint256 reward);
    /// @notice Task `taskId` asks a bond of `bond`, more than the `maxBond` the claimant accepts.
    error TaskBondAboveMax(uint256 taskId, uint256 bond, uint256 maxBond);
    /// @notice The EIP-2612 permit given to {claimWithPermit} did not approve the escrow for
    /// `claimant`'s bond in `token` (wrong signer, spender, value or deadline, or no permit).
    error TaskPermitRefused(uint256 taskId, address token, address claimant);
    /// @notice Claim-signature nonce `nonce` of `claimant` was already used or cancelled.
    error TaskNonceUsed(address claimant, uint256 nonce);
    /// @notice `claimant` gave task `taskId` up (or let it expire) and may claim it again only after `until`.
    error TaskClaimCooldown(uint256 taskId, address claimant, uint64 until);
    /// @notice A rejection of task `taskId` needs a reason document (a non-empty CID).
    error TaskRejectionReasonMissing(uint256 taskId);
    /// @notice `reviewer` joined the workstream at `joinedAt`, after task `taskId` was submitted at `submittedAt`.
    error TaskReviewerTooNew(uint256 taskId, address reviewer, uint64 joinedAt, uint64 submittedAt);
    /// @notice `member` already voted to release the current claim on task `taskId`.
    error TaskAlreadyVotedRelease(uint256 taskId, address member);
    /// @notice Task `taskId`'s review window is open until `until` (or the team set none: `until` 0).
    error TaskReviewWindowOpen(uint256 taskId, uint64 until);
    /// @notice `reviewer` rejected task `taskId` `rejections` times; escalating needs `required`.
    error TaskEscalationNotAllowed(uint256 taskId, address reviewer, uint256 rejections, uint256 required);
    /// @notice Task `taskId` is escalated to governance: reviews wait for its resolution.
    error TaskIsEscalated(uint256 taskId);
    /// @notice Task `taskId` is not escalated.
    error TaskNotEscalated(uint256 taskId);
    /// @notice Task `taskId` is `status`: governance can cancel or release only an open, claimed or submitted task.
    error TaskNotActive(uint256 taskId, Status status);

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
    /// - the task's reward is `expectedReward` and the workstream's bond is at most `maxBond`,
    ///   so a front-run subtask carve-out or a bond raised since you looked cannot change the deal;
    /// - you did not give this task up (or let it expire) within the team's claim cool-down.
    /// @param taskId The task.
    /// @param expectedReward The reward you expect (the task's current reward).
    /// @param maxBond The most bond you accept to post.
    function claim(uint256 taskId, uint256 expectedReward, uint256 maxBond) external;

    /// @notice {claim}, first approving the escrow (the Workstreams registry) for `maxBond` of
    /// the workstream's token with your EIP-2612 permit: a contributor with tokens but no
    /// approval (or no ETH, through the ERC-2771 forwarder) claims a bonded task in one call.
    /// @dev The permit is `Permit(owner = you, spender = the registry, value = maxBond, nonce,
    /// deadline)` on the team's token. A permit that fails is ignored when the allowance is
    /// already enough (someone submitted the same permit first). Requirements: as {claim};
    /// the permit works or the allowance covers the bond.
    /// @param taskId The task.
    /// @param expectedReward The reward you expect (the task's current reward).
    /// @param maxBond The most bond you accept to post; also the permit's value.
    /// @param deadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    function claimWithPermit(
        uint256 taskId,
        uint256 expectedReward,
        uint256 maxBond,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Claim an open task for `claimant`, who signed the EIP-712 message
    /// `Claim(uint256 taskId,address claimant,uint256 reward,uint256 maxBond,uint256 nonce,uint256 deadline)`;
    /// anyone may relay it. The claimant, terms, nonce and chain are all signed, so a relayer
    /// (or a front-runner copying the transaction) cannot change who gets the task or on what
    /// terms, reuse the signature, or replay it on another chain or contract.
    /// @dev Nonces are unordered (as Uniswap's Permit2): any unused 256-bit number, spent by
    /// the claim that uses it; signatures with different nonces never block each other, and a
    /// signer revokes one (say after a failed relay) with {cancelClaimNonces}. Supports EOA
    /// (ECDSA) and ERC-1271 contract signatures. Any bond is pulled from `claimant`, not from
    /// the relayer. Requirements: as {claim}, plus
    /// - `block.timestamp` <= `deadline`; `nonce` unused; the signature is valid.
    ///
    /// Emits {ClaimNonceUsed} and {TaskClaimed} (with `relayer` set to the caller).
    /// @param taskId The task.
    /// @param claimant The signer, who becomes the claimant.
    /// @param expectedReward The reward the claimant signed for.
    /// @param maxBond The most bond the claimant signed to accept.
    /// @param nonce The signature's nonce.
    /// @param deadline Last second at which the signature may be used.
    /// @param signature The claimant's signature (65 bytes for an EOA).
    function claimBySig(
        uint256 taskId,
        address claimant,
        uint256 expectedReward,
        uint256 maxBond,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external;

    /// @notice Cancel your claim-signature nonces `wordPos * 256 + i` for each bit `i` set in
    /// `mask`, revoking every signature made with them (already used ones stay used).
    /// @dev Emits a {ClaimNoncesCancelled} event.
    /// @param wordPos The nonce's high 248 bits.
    /// @param mask The nonces' low 8 bits, as a bit mask.
    function cancelClaimNonces(uint256 wordPos, uint256 mask) external;

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
    /// - the task is Submitted and not escalated; the workstream is not paused; caller is a
    ///   member who joined before the submission;
    /// - caller is neither the claimant nor among `contributors`;
    /// Approvals are recounted against the current members when members were removed since
    /// the round's first approval, so a removed member's approval no longer counts.
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
    /// - the task is Submitted and not escalated; the workstream is not paused; caller is a
    ///   member who joined before the submission and is not the claimant;
    /// - `reasonCid` is not empty.
    ///
    /// Emits a {TaskRejected} event.
    /// @param taskId The task.
    /// @param reasonCid CID of the review document (emitted, not stored).
    function reject(uint256 taskId, string calldata reasonCid) external;

    /// @notice Pay a submission nobody rejected within the team's review window (lazy
    /// consensus); anyone may call it once the window has passed, the claimant and the other
    /// contributors included.
    /// @dev Requirements:
    /// - the team set a review window and `block.timestamp` > submission time + window;
    /// - the task is Submitted (a rejection sends it back to Claimed) and not escalated; the
    ///   workstream is not paused;
    /// - `contributors`/`shares` are the submitted split.
    ///
    /// Emits {TaskFinalized} and {TaskPaid} (and the registry's {RewardPaid} per recipient).
    function finalize(uint256 taskId, address[] calldata contributors, uint16[] calldata shares) external;

    /// @notice Vote, as a member, to release a claim that makes no progress; the task reopens
    /// (the bond goes back to the claimant, who then waits the cool-down) once the team's
    /// approval threshold of current members voted for this claim.
    /// @dev Requirements: the task is Claimed; the workstream is not paused; caller is a
    /// member, not the claimant, and has not voted on this claim.
    ///
    /// Emits {TaskReleaseVoted} and, at the threshold, {TaskReleased}.
    function voteRelease(uint256 taskId) external;

    /// @notice Escalate a submission to governance after one member rejected your work on
    /// this task `escalateAfter` times (a team rule); reviews then wait for governance.
    /// @dev Requirements: the task is Submitted and not escalated; caller is its claimant;
    /// the team's `escalateAfter` is set and `reviewer` rejected it at least that often.
    ///
    /// Emits a {TaskEscalated} event.
    function escalate(uint256 taskId, address reviewer) external;

    // ---- Governance (the timelock) -------------------------------------------------------

    /// @notice Cancel any open, claimed or submitted task: its whole reservation goes back to
    /// the workstream's available budget, any bond back to the claimant.
    /// @dev Caller is governance. Emits {TaskCancelledByGovernance}.
    function cancelByGovernance(uint256 taskId) external;

    /// @notice Release a claimed or submitted task's claim: the task reopens, the bond goes back.
    /// @dev Caller is governance. Emits {TaskReleased} with `byGovernance` true.
    function releaseByGovernance(uint256 taskId) external;

    /// @notice Resolve an escalated task: pay it with its submitted split (`pay`) or release the claim.
    /// @dev Caller is governance; the task is escalated. Emits {TaskEscalationResolved} and
    /// {TaskPaid} or {TaskReleased}.
    function resolveEscalation(uint256 taskId, bool pay, address[] calldata contributors, uint16[] calldata shares)
        external;

    /// @notice Send this board's whole balance of `token` (it never holds tokens) to governance.
    /// @dev Caller is governance. Emits {TaskBoardSwept}.
    function sweep(address token) external;

    // ---- Views ---------------------------------------------------------------------------

    /// @notice The workstream registry and escrow this board works with.
    function workstreams() external view returns (address);

    /// @notice Number of tasks created (ids run from 1 to this).
    function taskCount() external view returns (uint256);

    /// @notice A task's stored state.
    /// @dev Reverts with {TaskUnknown} for an unknown id.
    function task(uint256 taskId) external view returns (TaskInfo memory);

    /// @notice The bitmap of `claimant`'s used or cancelled nonces `wordPos * 256 + i`.
    function nonceBitmap(address claimant, uint256 wordPos) external view returns (uint256);

    /// @notice Whether `claimant`'s claim-signature nonce `nonce` is used or cancelled.
    function isNonceUsed(address claimant, uint256 nonce) external view returns (bool);

    /// @notice Until when `claimant` may not claim task `taskId` again (0: no cool-down).
    function claimCooldown(uint256 taskId, address claimant) external view returns (uint64);

    /// @notice How often `reviewer` rejected `claimant`'s work on task `taskId`.
    function rejections(uint256 taskId, address claimant, address reviewer) external view returns (uint256);

    /// @notice Whether `reviewer` approved the current round of task `taskId` (the approval
    /// that completes a task is not recorded: the task is Paid instead, and its
    /// {TaskApproved} event names the approver).
    function hasApproved(uint256 taskId, address reviewer) external view returns (bool);

    /// @notice The EIP-712 digest a claimant signs for {claimBySig}.
    function claimDigest(
        uint256 taskId,
        address claimant,
        uint256 expectedReward,
        uint256 maxBond,
        uint256 nonce,
        uint256 deadline
    ) external view returns (bytes32);

    /// @notice The hash stored for a split: keccak256(abi.encode(contributors, shares)).
    function splitDigest(address[] calldata contributors, uint16[] calldata shares) external pure returns (bytes32);

    /// @notice The EIP-712 domain separator (name "TealTaskBoard", version "1", this chain, this contract).
    function DOMAIN_SEPARATOR() external view returns (bytes32);
}
