// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IWorkstreams
/// @notice The workstream (team) registry and its budget escrow. Governance (the timelock)
/// creates workstreams with a charter, members, a budget token, guardrails and a term; funds
/// them from the treasury; changes guardrails; pauses them; renews their term; and takes back
/// unreserved budget. Members add and remove members by majority. The task board reserves,
/// releases and pays out budget, and holds claim bonds here.
/// @dev Every token amount a workstream owns stays in this contract, accounted per workstream:
/// `paid + reserved + available == funded - clawedBack` at all times (forfeited claim bonds
/// count as funding), and this contract's balance of each token covers every workstream's
/// `reserved + available + bondsHeld` plus every owed (deferred) payment in that token.
interface IWorkstreams {
    // ---- Types ---------------------------------------------------------------------------

    /// @notice What governance sets and the team works within.
    /// @param budgetCap Most that may be funded (net of claw-backs) into the workstream.
    /// @param maxReward Largest reward a single task may carry.
    /// @param claimBond Bond a claimant posts (in the budget token) when claiming; 0 for none.
    /// @param claimDuration Default and longest claim duration of a task, in seconds.
    /// @param approvalsRequired Member approvals a submission needs before it is paid.
    struct Guardrails {
        uint128 budgetCap;
        uint128 maxReward;
        uint128 claimBond;
        uint32 claimDuration;
        uint8 approvalsRequired;
    }

    /// @notice Rules governance sets for a team's claims and reviews (all off when 0).
    /// @param claimCooldown Seconds a claimant who abandoned a task or let the claim expire
    /// waits before claiming that task again.
    /// @param reviewWindow Seconds after a submission at which, with no rejection, anyone may
    /// finalise (pay) it; 0 for no lazy consensus.
    /// @param escalateAfter Rejections of one claimant's work on a task by the same member
    /// after which the claimant may escalate it to governance; 0 for no escalation.
    struct TeamRules {
        uint32 claimCooldown;
        uint32 reviewWindow;
        uint8 escalateAfter;
    }

    /// @notice A workstream as the `workstream` view returns it.
    struct WorkstreamInfo {
        address token;
        uint64 termEnd;
        bool paused;
        uint256 memberCount;
        Guardrails guardrails;
    }

    /// @notice A membership change as the `memberChange` view returns it.
    /// @param approvals Approvals from accounts that are still members (the count that decides).
    struct MemberChangeInfo {
        uint256 workstreamId;
        address account;
        bool add;
        bool executed;
        uint256 approvals;
        address proposer;
        uint64 expiresAt;
        bool withdrawn;
    }

    // ---- Events --------------------------------------------------------------------------

    /// @notice Governance created workstream `workstreamId`; its `members` are its first members.
    event WorkstreamCreated(
        uint256 indexed workstreamId,
        address indexed token,
        string name,
        string charterCid,
        address[] members,
        uint64 termEnd,
        Guardrails guardrails
    );
    /// @notice `amount` tokens moved from `from` (the treasury) into the workstream's escrow.
    event WorkstreamFunded(uint256 indexed workstreamId, address indexed from, uint256 amount);
    /// @notice Governance took `amount` of unreserved budget back to `to` (the treasury).
    event WorkstreamClawedBack(uint256 indexed workstreamId, address indexed to, uint256 amount);
    /// @notice Governance replaced the guardrails.
    event WorkstreamGuardrailsChanged(uint256 indexed workstreamId, Guardrails oldGuardrails, Guardrails newGuardrails);
    /// @notice Governance renewed the mandate: new term end, budget cap and (if not empty) charter.
    event WorkstreamRenewed(
        uint256 indexed workstreamId,
        uint64 oldTermEnd,
        uint64 newTermEnd,
        uint128 oldBudgetCap,
        uint128 newBudgetCap,
        string charterCid
    );
    /// @notice Governance paused the workstream: no new tasks, claims, reviews or member changes.
    event WorkstreamPaused(uint256 indexed workstreamId);
    /// @notice Governance lifted the pause.
    event WorkstreamUnpaused(uint256 indexed workstreamId);

    /// @notice Governance set the team rules of workstream `workstreamId`.
    event WorkstreamTeamRulesChanged(uint256 indexed workstreamId, TeamRules rules);
    /// @notice Governance swept `amount` of `token` held beyond every account's due to `to` (the treasury).
    event WorkstreamSwept(address indexed token, address indexed to, uint256 amount);
    /// @notice `proposer` withdrew membership change `proposalId`.
    event MemberChangeWithdrawn(uint256 indexed proposalId, uint256 indexed workstreamId, address indexed proposer);

    /// @notice Member `proposer` proposed adding (`add`) or removing `account`; counts as their approval.
    event MemberChangeProposed(
        uint256 indexed proposalId, uint256 indexed workstreamId, address indexed account, bool add, address proposer
    );
    /// @notice `member` approved proposal `proposalId`; `approvals` of `memberCount` members now approve.
    event MemberChangeApproved(
        uint256 indexed proposalId, uint256 indexed workstreamId, address indexed member, uint256 approvals, uint256 memberCount
    );
    /// @notice `account` became a member (`proposalId` 0: set by governance, at creation or later).
    event MemberAdded(uint256 indexed workstreamId, address indexed account, uint256 indexed proposalId);
    /// @notice `account` stopped being a member by proposal `proposalId` (0: removed by governance).
    event MemberRemoved(uint256 indexed workstreamId, address indexed account, uint256 indexed proposalId);

    /// @notice `amount` moved from available to reserved for task `taskId`.
    event BudgetReserved(uint256 indexed workstreamId, uint256 indexed taskId, uint256 amount);
    /// @notice `amount` reserved for task `taskId` went back to available (task cancelled).
    event BudgetReleased(uint256 indexed workstreamId, uint256 indexed taskId, uint256 amount);
    /// @notice `claimant` posted a claim bond of `amount` on task `taskId`.
    event BondPosted(uint256 indexed workstreamId, uint256 indexed taskId, address indexed claimant, uint256 amount);
    /// @notice `claimant`'s bond on task `taskId` went to the workstream's budget (claim abandoned or expired).
    event BondForfeited(uint256 indexed workstreamId, uint256 indexed taskId, address indexed claimant, uint256 amount);
    /// @notice Task `taskId` paid `amount` of its reward (plus `bondReturned`, the claimant's
    /// bond) to `to`; `deferred` when the transfer failed and the sum is owed to `to` instead.
    event RewardPaid(
        uint256 indexed workstreamId,
        uint256 indexed taskId,
        address indexed to,
        uint256 amount,
        uint256 bondReturned,
        bool deferred
    );
    /// @notice The claim bond `amount` of `claimant` on task `taskId` went back to it (claim
    /// released by members or governance); `deferred` when the transfer failed and it is owed.
    event BondReturned(
        uint256 indexed workstreamId, uint256 indexed taskId, address indexed claimant, uint256 amount, bool deferred
    );
    /// @notice Reward module `module` (the merkle distributor or the stipend streams) reserved
    /// `amount` of available budget for its item `ref` (an epoch's pot, sent to the
    /// distributor, or a stream's total, kept in this escrow).
    event RewardReserved(uint256 indexed workstreamId, address indexed module, uint256 indexed ref, uint256 amount);
    /// @notice Reward module `module` settled `paid` (paid out to receivers) and `released`
    /// (back to available) of the reservation for item `ref`.
    event RewardSettled(
        uint256 indexed workstreamId, address indexed module, uint256 indexed ref, uint256 paid, uint256 released
    );
    /// @notice Reward module `module` paid `amount` of the reservation for item `ref` to `to`
    /// from this escrow (a stipend withdrawal).
    event RewardPaidOut(
        uint256 indexed workstreamId, address indexed module, uint256 indexed ref, address to, uint256 amount
    );
    /// @notice `account` withdrew `amount` of owed `token` to `to`.
    event OwedWithdrawn(address indexed token, address indexed account, address indexed to, uint256 amount);

    // ---- Errors --------------------------------------------------------------------------

    /// @notice Only governance (the timelock) may call this; `caller` is not it.
    error WorkstreamNotGovernance(address caller);
    /// @notice Only the task board may call this; `caller` is not it.
    error WorkstreamNotTaskBoard(address caller);
    /// @notice Only a reward module (the merkle distributor or the stipend streams) may call this.
    error WorkstreamNotRewardModule(address caller);
    /// @notice Reward module `module` settled more than it holds reserved for `workstreamId`.
    error WorkstreamRewardOverSettled(uint256 workstreamId, address module, uint256 amount, uint256 reserved);
    /// @notice No workstream has id `workstreamId`.
    error WorkstreamUnknown(uint256 workstreamId);
    /// @notice `account` is not a member of `workstreamId`.
    error WorkstreamNotMember(uint256 workstreamId, address account);
    /// @notice `account` already is a member of `workstreamId`.
    error WorkstreamAlreadyMember(uint256 workstreamId, address account);
    /// @notice `account` is the last member of `workstreamId` and cannot be removed.
    error WorkstreamLastMember(uint256 workstreamId, address account);
    /// @notice A workstream needs at least one initial member.
    error WorkstreamNoMembers();
    /// @notice `account` cannot be a member (the zero address) or appears twice.
    error WorkstreamInvalidMember(address account);
    /// @notice `token` is not a contract.
    error WorkstreamInvalidToken(address token);
    /// @notice `termEnd` is not after `now` (or does not fit 40 bits).
    error WorkstreamInvalidTerm(uint64 termEnd, uint256 now);
    /// @notice Guardrails need at least one approval and a non-zero claim duration.
    error WorkstreamInvalidGuardrails(uint8 approvalsRequired, uint32 claimDuration);
    /// @notice Workstream `workstreamId` is paused.
    error WorkstreamIsPaused(uint256 workstreamId);
    /// @notice Workstream `workstreamId` is not paused.
    error WorkstreamNotPaused(uint256 workstreamId);
    /// @notice The term of `workstreamId` ended at `termEnd`; only a renewal reopens it.
    error WorkstreamTermEnded(uint256 workstreamId, uint64 termEnd);
    /// @notice Funding would take the net funded amount to `netFunded`, above `budgetCap`.
    error WorkstreamBudgetCapExceeded(uint256 workstreamId, uint256 netFunded, uint256 budgetCap);
    /// @notice `requested` is more than the `available` budget of `workstreamId`.
    error WorkstreamInsufficientBudget(uint256 workstreamId, uint256 requested, uint256 available);
    /// @notice A task reward of `reward` is above the workstream's `maxReward`.
    error WorkstreamRewardAboveMax(uint256 workstreamId, uint256 reward, uint256 maxReward);
    /// @notice A claim duration of `duration` seconds is above the workstream's `maxDuration`.
    error WorkstreamClaimDurationAboveMax(uint256 workstreamId, uint256 duration, uint256 maxDuration);
    /// @notice `token` delivered `received` instead of `expected` (fee-on-transfer tokens are refused).
    error WorkstreamTransferMismatch(address token, uint256 expected, uint256 received);
    /// @notice The amount must be greater than zero.
    error WorkstreamZeroAmount();
    /// @notice The recipient must not be the zero address.
    error WorkstreamZeroAddress();
    /// @notice No membership change has id `proposalId`.
    error WorkstreamUnknownProposal(uint256 proposalId);
    /// @notice Membership change `proposalId` has already been carried out.
    error WorkstreamProposalExecuted(uint256 proposalId);
    /// @notice `member` already approved membership change `proposalId`.
    error WorkstreamAlreadyApproved(uint256 proposalId, address member);
    /// @notice Nothing of `token` is owed to `account`.
    error WorkstreamNothingOwed(address token, address account);
    /// @notice `approvalsRequired` approvals can never come from `memberCount` members.
    error WorkstreamApprovalsAboveMembers(uint256 workstreamId, uint256 approvalsRequired, uint256 memberCount);
    /// @notice Membership change `proposalId` expired at `expiresAt`.
    error WorkstreamProposalExpired(uint256 proposalId, uint64 expiresAt);
    /// @notice Membership change `proposalId` was withdrawn.
    error WorkstreamProposalWithdrawn(uint256 proposalId);
    /// @notice Only the proposer (`proposer`) may withdraw membership change `proposalId`.
    error WorkstreamNotProposer(uint256 proposalId, address caller, address proposer);
    /// @notice This contract holds no more `token` than it owes (`balance` <= `accounted`).
    error WorkstreamNothingToSweep(address token, uint256 balance, uint256 accounted);

    // ---- Governance ----------------------------------------------------------------------

    /// @notice Create a workstream.
    /// @dev Requirements:
    /// - caller is governance (the timelock);
    /// - `token` is a contract; `initialMembers` is non-empty, without zero or repeated addresses;
    /// - `termEnd` is in the future; `guardrails` need approvals >= 1 and a claim duration > 0;
    /// - `guardrails.approvalsRequired` <= the number of members.
    ///
    /// Emits a {WorkstreamCreated} event and a {MemberAdded} event per member.
    /// @param name Display name (emitted, not stored).
    /// @param charterCid CID of the charter document (objectives and key results; emitted, not stored).
    /// @param initialMembers The first members.
    /// @param token The ERC20 budget token.
    /// @param termEnd Unix time at which the mandate ends.
    /// @param guardrails Budget cap, maximum reward, claim bond, claim duration, approvals.
    /// @return workstreamId The new workstream's id (from 1).
    function createWorkstream(
        string calldata name,
        string calldata charterCid,
        address[] calldata initialMembers,
        address token,
        uint64 termEnd,
        Guardrails calldata guardrails
    ) external returns (uint256 workstreamId);

    /// @notice Move `amount` budget tokens from governance (the treasury) into the escrow.
    /// @dev Pulls with `transferFrom`, so the proposal must approve this contract first.
    /// Requirements:
    /// - caller is governance; `amount` > 0;
    /// - funded - forfeited bonds - clawedBack + `amount` <= budget cap (forfeited bonds do
    ///   not use the cap);
    /// - exactly `amount` arrives (fee-on-transfer tokens are refused).
    ///
    /// Emits a {WorkstreamFunded} event.
    /// @param workstreamId The workstream to fund.
    /// @param amount Token amount (smallest unit).
    function fund(uint256 workstreamId, uint256 amount) external;

    /// @notice Send `amount` of unreserved (available) budget back to governance.
    /// @dev Requirements:
    /// - caller is governance; 0 < `amount` <= available.
    ///
    /// Emits a {WorkstreamClawedBack} event.
    /// @param workstreamId The workstream.
    /// @param amount Token amount.
    function clawback(uint256 workstreamId, uint256 amount) external;

    /// @notice Replace the guardrails. Existing tasks keep their reward, claim duration and
    /// posted bonds; the new approval threshold applies to reviews from now on.
    /// @dev Requirements:
    /// - caller is governance; the workstream exists; approvals >= 1; claim duration > 0;
    /// - approvals <= the number of members.
    ///
    /// Emits a {WorkstreamGuardrailsChanged} event.
    /// @param workstreamId The workstream.
    /// @param guardrails The new guardrails.
    function setGuardrails(uint256 workstreamId, Guardrails calldata guardrails) external;

    /// @notice Renew the mandate: a new term end, budget cap and optionally a new charter. A
    /// workstream whose term ended starts tasks and claims again. Fund it in the same proposal.
    /// @dev Requirements:
    /// - caller is governance; the workstream exists; `termEnd` is in the future.
    ///
    /// Emits a {WorkstreamRenewed} event.
    /// @param workstreamId The workstream.
    /// @param termEnd The new end of the term (Unix time).
    /// @param budgetCap The new budget cap.
    /// @param charterCid The new charter's CID, or "" to keep the current one.
    function renew(uint256 workstreamId, uint64 termEnd, uint128 budgetCap, string calldata charterCid) external;

    /// @notice Pause the workstream: no new tasks, claims, reviews (so no payments) or
    /// membership changes. Claimants can still submit, abandon, and expired claims reopen.
    /// @dev Requirements:
    /// - caller is governance; the workstream exists and is not paused.
    ///
    /// Emits a {WorkstreamPaused} event.
    /// @param workstreamId The workstream.
    function pause(uint256 workstreamId) external;

    /// @notice Lift a pause.
    /// @dev Requirements:
    /// - caller is governance; the workstream exists and is paused.
    ///
    /// Emits a {WorkstreamUnpaused} event.
    /// @param workstreamId The workstream.
    function unpause(uint256 workstreamId) external;

    /// @notice Set the team rules (claim cool-down, review window, escalation threshold).
    /// @dev Requirements: caller is governance; the workstream exists.
    ///
    /// Emits a {WorkstreamTeamRulesChanged} event.
    function setTeamRules(uint256 workstreamId, TeamRules calldata rules) external;

    /// @notice Add `account` to any workstream, as the court of last resort (paused or not).
    /// @dev Requirements: caller is governance; the workstream exists; `account` is non-zero
    /// and not a member. Emits {MemberAdded} with proposal id 0.
    function addMemberByGovernance(uint256 workstreamId, address account) external;

    /// @notice Remove `account` from any workstream (paused or not).
    /// @dev Requirements: caller is governance; `account` is a member, not the last one, and
    /// the members left can still give the approvals required. Emits {MemberRemoved} with proposal id 0.
    function removeMemberByGovernance(uint256 workstreamId, address account) external;

    /// @notice Send the `token` this contract holds beyond what it owes (every workstream's
    /// reserved, available and bonds, and every owed payment) to governance; tokens sent here
    /// by mistake. No budget changes.
    /// @dev Requirements: caller is governance; there is an excess. Emits {WorkstreamSwept}.
    function sweep(address token) external;

    // ---- Members -------------------------------------------------------------------------

    /// @notice Propose adding (`add`) or removing `account`; your proposal counts as your
    /// approval, and it takes effect as soon as more than half the current members approve.
    /// A proposal expires after {MEMBER_CHANGE_LIFETIME}; its proposer may withdraw it before.
    /// @dev Requirements:
    /// - caller is a member; the workstream is not paused;
    /// - adding: `account` is non-zero and not a member; removing: `account` is a member, not
    ///   the last one, and the members left can still give the approvals required.
    ///
    /// Emits {MemberChangeProposed}, {MemberChangeApproved} and, with a majority already,
    /// {MemberAdded} or {MemberRemoved}.
    /// @param workstreamId The workstream.
    /// @param account The account to add or remove.
    /// @param add True to add, false to remove.
    /// @return proposalId The proposal's id (from 1).
    function proposeMemberChange(uint256 workstreamId, address account, bool add) external returns (uint256 proposalId);

    /// @notice Approve a membership change; it takes effect once approvals from current
    /// members exceed half of the current member count.
    /// @dev Requirements:
    /// - the proposal exists, has not been carried out, withdrawn nor expired; the workstream is not paused;
    /// - caller is a member and has not approved it yet;
    /// - on execution, the change is still valid (see {proposeMemberChange}).
    ///
    /// Emits {MemberChangeApproved} and, on majority, {MemberAdded} or {MemberRemoved}.
    /// @param proposalId The proposal.
    function approveMemberChange(uint256 proposalId) external;

    /// @notice Withdraw your membership change proposal.
    /// @dev Requirements: caller is its proposer; not carried out nor withdrawn.
    ///
    /// Emits a {MemberChangeWithdrawn} event.
    function withdrawMemberChange(uint256 proposalId) external;

    // ---- Owed payments -------------------------------------------------------------------

    /// @notice Withdraw everything of `token` owed to you (payments whose transfer failed)
    /// to `to`, which may be another address if yours cannot receive the token.
    /// @dev Requirements:
    /// - something is owed; `to` is non-zero; the transfer succeeds.
    ///
    /// Emits an {OwedWithdrawn} event.
    /// @param token The token.
    /// @param to The recipient.
    function withdrawOwed(address token, address to) external;

    // ---- Task board hooks ----------------------------------------------------------------

    /// @notice Check that `creator` may create a task with `reward` in the workstream and, when
    /// `fromBudget`, reserve `reward` from the available budget (a subtask's reward comes out
    /// of its parent's reservation instead).
    /// @dev Requirements:
    /// - caller is the task board; the workstream exists, is not paused, its term has not
    ///   ended; `creator` is a member; `reward` <= max reward; `claimDuration` <= the maximum;
    /// - when `fromBudget`: `reward` <= available.
    ///
    /// Emits a {BudgetReserved} event when `fromBudget`.
    /// @param workstreamId The workstream.
    /// @param taskId The task being created.
    /// @param creator The member creating it.
    /// @param reward The task's reward.
    /// @param fromBudget Whether to reserve `reward` from the available budget.
    /// @param claimDuration Requested claim duration in seconds; 0 for the workstream's.
    /// @return duration The claim duration the task gets.
    function reserve(
        uint256 workstreamId,
        uint256 taskId,
        address creator,
        uint256 reward,
        bool fromBudget,
        uint32 claimDuration
    ) external returns (uint32 duration);

    /// @notice Return a cancelled task's reservation to the available budget.
    /// @dev Requirements: caller is the task board.
    ///
    /// Emits a {BudgetReleased} event.
    /// @param workstreamId The workstream.
    /// @param taskId The cancelled task.
    /// @param amount The reservation to release.
    function release(uint256 workstreamId, uint256 taskId, uint256 amount) external;

    /// @notice Pull a claim bond of `amount` from `claimant` (who must have approved this contract).
    /// @dev Requirements: caller is the task board; exactly `amount` arrives.
    ///
    /// Emits a {BondPosted} event.
    /// @param workstreamId The workstream.
    /// @param taskId The claimed task.
    /// @param claimant The account posting the bond.
    /// @param amount The bond.
    function takeBond(uint256 workstreamId, uint256 taskId, address claimant, uint256 amount) external;

    /// @notice Move a held claim bond into the workstream's available budget.
    /// @dev Requirements: caller is the task board.
    ///
    /// Emits a {BondForfeited} event.
    /// @param workstreamId The workstream.
    /// @param taskId The task whose claim ended.
    /// @param claimant The former claimant.
    /// @param amount The bond.
    function forfeitBond(uint256 workstreamId, uint256 taskId, address claimant, uint256 amount) external;

    /// @notice Give a held claim bond back to `claimant` (claim released, not abandoned).
    /// @dev Push with the owed fallback, as {pay}. Requirements: caller is the task board.
    ///
    /// Emits a {BondReturned} event.
    function returnBond(uint256 workstreamId, uint256 taskId, address claimant, uint256 amount) external;

    /// @notice Pay an approved task: `amounts[i]` to `recipients[i]`, plus the claimant's bond
    /// to `recipients[0]` (the claimant). The reservation `reward` (the sum of `amounts`) moves
    /// to paid.
    /// @dev Push with a fallback: each transfer is tried once; a transfer that reverts or
    /// returns false (a blacklisted or hostile receiver, a paused token) is credited to the
    /// recipient as owed, to withdraw later with {withdrawOwed}. So one stuck recipient
    /// never blocks the task's other recipients nor any other task, and nobody has to come
    /// back to collect in the normal case. All accounting is written before any transfer,
    /// and the function is non-reentrant.
    /// Requirements: caller is the task board.
    ///
    /// Emits a {RewardPaid} event per recipient with a non-zero amount.
    /// @param workstreamId The workstream.
    /// @param taskId The approved task.
    /// @param reward The task's reservation, the sum of `amounts`.
    /// @param bond The claimant's bond to return.
    /// @param recipients Claimant first, then co-contributors.
    /// @param amounts Reward share per recipient.
    function pay(
        uint256 workstreamId,
        uint256 taskId,
        uint256 reward,
        uint256 bond,
        address[] calldata recipients,
        uint256[] calldata amounts
    ) external;

    // ---- Reward module hooks -------------------------------------------------------------

    /// @notice Reserve `amount` of the available budget for a reward module's item `ref`: an
    /// epoch's pot, whose tokens move to the merkle distributor (it pays claims from them and
    /// returns what is not paid with {settleReward}), or a stream, whose tokens stay in this
    /// escrow until {payReward}.
    /// @dev The reservation counts in `reserved`, so `paid + reserved + available == funded -
    /// clawedBack` still holds; the distributor's part is also in {rewardHeldOutside}.
    /// Requirements:
    /// - caller is a reward module; the workstream exists, is not paused, its term has not
    ///   ended; 0 < `amount` <= available.
    ///
    /// Emits a {RewardReserved} event.
    function reserveReward(uint256 workstreamId, uint256 ref, uint256 amount) external;

    /// @notice Settle part of a reward module's reservation: `paid` was paid out by the module
    /// from tokens it holds (the distributor's claims), `released` goes back to the available
    /// budget. The distributor transfers the `released` tokens back before calling.
    /// @dev Requirements: caller is a reward module; `paid + released` <= what the module holds
    /// reserved for the workstream; only the distributor settles `paid` (it holds the tokens).
    ///
    /// Emits a {RewardSettled} event.
    function settleReward(uint256 workstreamId, uint256 ref, uint256 paid, uint256 released) external;

    /// @notice Pay `amount` of the stipend streams' reservation (tokens kept in this escrow) to `to`.
    /// @dev Requirements: caller is the stipend streams; `amount` <= what they hold reserved
    /// for the workstream; the transfer succeeds.
    ///
    /// Emits a {RewardPaidOut} event.
    function payReward(uint256 workstreamId, uint256 ref, address to, uint256 amount) external;

    // ---- Views ---------------------------------------------------------------------------

    /// @notice The reward modules allowed to reserve and pay budget: the merkle distributor
    /// and the stipend streams (zero when deployed without them).
    function rewardModules() external view returns (address distributor, address stipends);

    /// @notice Budget of `workstreamId` reserved by reward module `module` (not yet settled).
    function rewardReserved(uint256 workstreamId, address module) external view returns (uint256);

    /// @notice The part of `reserved` whose tokens the merkle distributor holds (epochs' pots).
    function rewardHeldOutside(uint256 workstreamId) external view returns (uint256);

    /// @notice The timelock that governs this registry.
    function governance() external view returns (address);

    /// @notice The task board allowed to reserve, release and pay budget.
    function taskBoard() external view returns (address);

    /// @notice Number of workstreams created (ids run from 1 to this).
    function workstreamCount() external view returns (uint256);

    /// @notice Token, term end, pause flag, member count and guardrails of a workstream.
    /// @dev Reverts with {WorkstreamUnknown} for an unknown id.
    function workstream(uint256 workstreamId) external view returns (WorkstreamInfo memory);

    /// @notice Budget accounting in one call. Invariant: paid + reserved + available == funded - clawedBack.
    /// @dev Reverts with {WorkstreamUnknown} for an unknown id.
    /// @return funded Total funded by governance plus forfeited bonds.
    /// @return reserved Reserved by open, claimed and submitted tasks.
    /// @return paid Paid out (or owed) to contributors.
    /// @return available Free to reserve for new tasks or to claw back.
    /// @return clawedBack Total taken back by governance.
    function budget(uint256 workstreamId)
        external
        view
        returns (uint256 funded, uint256 reserved, uint256 paid, uint256 available, uint256 clawedBack);

    /// @notice Claim bonds currently held for the workstream's claimed tasks.
    function bondsHeld(uint256 workstreamId) external view returns (uint256);

    /// @notice What the task board needs to check a claim: term end, pause flag, bond.
    function claimTerms(uint256 workstreamId) external view returns (uint64 termEnd, bool paused, uint128 claimBond);

    /// @notice What the task board needs to check a review: pause flag, whether `reviewer`
    /// is a member, the approvals a submission needs, the member epoch (changes whenever a
    /// member is removed) and when `reviewer` (last) joined.
    function reviewTerms(uint256 workstreamId, address reviewer)
        external
        view
        returns (bool paused, bool member, uint8 approvalsRequired, uint8 memberEpoch, uint64 joinedAt);

    /// @notice The team rules of a workstream.
    function teamRules(uint256 workstreamId) external view returns (TeamRules memory);

    /// @notice Claim bonds forfeited into the workstream's budget (counted in `funded`, not against the cap).
    function bondsForfeited(uint256 workstreamId) external view returns (uint256);

    /// @notice When `account` (last) became a member of the workstream (0 if it never did).
    function joinedAt(uint256 workstreamId, address account) external view returns (uint64);

    /// @notice What a stipend to `account` records when it starts: whether `account` is a
    /// member, the number of its current membership (1 for its first, counting every
    /// addition) and how many times governance has paused the workstream so far.
    function stipendTerms(uint256 workstreamId, address account)
        external
        view
        returns (bool member, uint32 membership, uint32 pauses);

    /// @notice When a stipend that started under `account`'s membership number `membership`,
    /// after `pauses` pauses, stops accruing: the earliest of that membership's end, the next
    /// pause of the workstream and the workstream's term end. A stream never outlives the
    /// membership, the unpaused team or the term it was granted under, whether or not anyone
    /// calls it in.
    function stipendCutoff(uint256 workstreamId, address account, uint32 membership, uint32 pauses)
        external
        view
        returns (uint64 cutoff);

    /// @notice Seconds a membership change proposal stays open.
    // solhint-disable-next-line func-name-mixedcase
    function MEMBER_CHANGE_LIFETIME() external view returns (uint64);

    /// @notice Whether `account` is a member of the workstream.
    function isMember(uint256 workstreamId, address account) external view returns (bool);

    /// @notice The workstream's members (order not meaningful).
    function members(uint256 workstreamId) external view returns (address[] memory);

    /// @notice Number of membership change proposals (ids run from 1 to this).
    function memberChangeCount() external view returns (uint256);

    /// @notice A membership change proposal.
    /// @dev Reverts with {WorkstreamUnknownProposal} for an unknown id.
    function memberChange(uint256 proposalId) external view returns (MemberChangeInfo memory);

    /// @notice Whether `member` approved membership change `proposalId`.
    function hasApprovedMemberChange(uint256 proposalId, address member) external view returns (bool);

    /// @notice Amount of `token` owed to `account` by deferred payments.
    function owed(address token, address account) external view returns (uint256);
}
