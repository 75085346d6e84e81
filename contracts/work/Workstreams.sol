// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

import {IWorkstreams} from "./IWorkstreams.sol";

/// @title Workstreams
/// @notice Registry of workstreams (teams) and the escrow of their budgets. Governance sets
/// what and how much; members decide how, and who joins.
/// @dev Governance is the TealTimelock, fixed at deployment; so is the task board (its
/// address is computed before it is deployed and the board checks it points back here), so
/// no admin key or setter exists. Budgets are accounted per workstream, so a workstream's
/// tasks can only ever spend that workstream's budget, whatever its token does.
/// Members' and payees' own actions (member changes, withdrawing owed payments) identify the
/// actor by `_msgSender()` (ERC-2771), so they can be signed and relayed through the trusted
/// forwarder; governance and task-board hooks require `msg.sender` itself.
contract Workstreams is IWorkstreams, ReentrancyGuard, ERC2771Context {
    using SafeERC20 for IERC20;
    using EnumerableSet for EnumerableSet.AddressSet;

    /// Guardrails and status; the first slot holds what claims and reviews read.
    struct Config {
        address token;
        uint40 termEnd;
        bool paused;
        uint8 approvalsRequired;
        uint32 claimDuration;
        uint8 memberEpoch;
        uint128 maxReward;
        uint128 claimBond;
        uint128 budgetCap;
        uint32 claimCooldown;
        uint32 reviewWindow;
        uint8 escalateAfter;
        // How many times governance paused the workstream (stipends stop at the next pause).
        uint32 pauses;
    }

    /// An account's latest membership: when it began and its number (1, 2, ... per addition).
    struct Membership {
        uint64 joinedAt;
        uint32 number;
    }

    /// Budget accounting; `reserved` and `paid` share a slot because payment moves one to the other.
    struct Accounts {
        uint128 reserved;
        uint128 paid;
        uint128 available;
        uint128 funded;
        uint128 clawedBack;
        uint128 bondsHeld;
        uint128 bondsForfeited;
    }

    struct MemberChange {
        uint64 workstreamId;
        address account;
        bool add;
        bool executed;
        bool withdrawn;
        uint40 expiresAt;
        address proposer;
        address[] approvers;
    }

    /// @inheritdoc IWorkstreams
    uint64 public constant MEMBER_CHANGE_LIFETIME = 14 days;
    /// Gas forwarded to a token's `transfer` when paying: enough for any ordinary token, not
    /// for a hook-calling token to burn the whole transaction (it falls back to owed).
    uint256 private constant _TRANSFER_GAS = 300_000;

    address private immutable _governance;
    address private immutable _taskBoard;
    address private immutable _distributor;
    address private immutable _stipends;

    uint256 private _workstreamCount;
    uint256 private _memberChangeCount;
    mapping(uint256 workstreamId => Config) private _configs;
    mapping(uint256 workstreamId => Accounts) private _accounts;
    mapping(uint256 workstreamId => EnumerableSet.AddressSet) private _members;
    mapping(uint256 proposalId => MemberChange) private _memberChanges;
    mapping(uint256 proposalId => mapping(address member => bool)) private _approvedChange;
    mapping(address token => mapping(address account => uint256)) private _owed;
    mapping(address token => uint256) private _owedTotal;
    mapping(uint256 workstreamId => mapping(address account => Membership)) private _memberships;
    mapping(uint256 workstreamId => mapping(address account => mapping(uint32 number => uint64))) private _leftAt;
    mapping(uint256 workstreamId => mapping(uint32 pause => uint64)) private _pausedAt;
    /// Budget reserved by each reward module and not yet settled (part of `reserved`).
    mapping(uint256 workstreamId => mapping(address module => uint256)) private _rewardReserved;

    modifier onlyGovernance() {
        if (msg.sender != _governance) revert WorkstreamNotGovernance(msg.sender);
        _;
    }

    modifier onlyTaskBoard() {
        if (msg.sender != _taskBoard) revert WorkstreamNotTaskBoard(msg.sender);
        _;
    }

    modifier onlyRewardModule() {
        if (msg.sender == address(0) || (msg.sender != _distributor && msg.sender != _stipends)) {
            revert WorkstreamNotRewardModule(msg.sender);
        }
        _;
    }

    /// @param governance_ The TealTimelock: the only account that creates and steers workstreams.
    /// @param taskBoard_ The TaskBoard's (pre-computed) address.
    /// @param trustedForwarder_ The ERC-2771 forwarder (OpenZeppelin ERC2771Forwarder) trusted to
    /// relay signed requests, for this registry and the board (zero: no relaying).
    /// @param distributor_ The MerkleDistributor's (pre-computed) address, or zero for none.
    /// @param stipends_ The StipendStreams' (pre-computed) address, or zero for none.
    constructor(address governance_, address taskBoard_, address trustedForwarder_, address distributor_, address stipends_)
        ERC2771Context(trustedForwarder_)
    {
        if (governance_ == address(0) || taskBoard_ == address(0)) revert WorkstreamZeroAddress();
        _governance = governance_;
        _taskBoard = taskBoard_;
        _distributor = distributor_;
        _stipends = stipends_;
    }

    // ---- Governance ----------------------------------------------------------------------

    /// @inheritdoc IWorkstreams
    function createWorkstream(
        string calldata name,
        string calldata charterCid,
        address[] calldata initialMembers,
        address token,
        uint64 termEnd,
        Guardrails calldata guardrails
    ) external onlyGovernance returns (uint256 workstreamId) {
        if (token.code.length == 0) revert WorkstreamInvalidToken(token);
        if (initialMembers.length == 0) revert WorkstreamNoMembers();
        _checkTerm(termEnd);
        _checkGuardrails(guardrails);

        workstreamId = ++_workstreamCount;
        _checkApprovals(workstreamId, guardrails.approvalsRequired, initialMembers.length);
        Config storage config = _configs[workstreamId];
        config.token = token;
        config.termEnd = uint40(termEnd);
        _writeGuardrails(config, guardrails);
        emit WorkstreamCreated(workstreamId, token, name, charterCid, initialMembers, termEnd, guardrails);

        EnumerableSet.AddressSet storage set = _members[workstreamId];
        for (uint256 i = 0; i < initialMembers.length; ++i) {
            address member = initialMembers[i];
            if (member == address(0) || !set.add(member)) revert WorkstreamInvalidMember(member);
            _join(workstreamId, member);
            emit MemberAdded(workstreamId, member, 0);
        }
    }

    /// @inheritdoc IWorkstreams
    function fund(uint256 workstreamId, uint256 amount) external onlyGovernance nonReentrant {
        Config storage config = _existing(workstreamId);
        if (amount == 0) revert WorkstreamZeroAmount();
        Accounts storage accounts = _accounts[workstreamId];
        // Forfeited bonds count as funding but not against the cap.
        uint256 netFunded = uint256(accounts.funded) + amount - accounts.clawedBack - accounts.bondsForfeited;
        if (netFunded > config.budgetCap) revert WorkstreamBudgetCapExceeded(workstreamId, netFunded, config.budgetCap);

        // The only pull before the effects: the balance delta is what we account for. The
        // budget cap (uint128) bounds `amount`, so the casts below cannot truncate.
        _pullExact(IERC20(config.token), msg.sender, amount);
        accounts.funded += uint128(amount);
        accounts.available += uint128(amount);
        emit WorkstreamFunded(workstreamId, msg.sender, amount);
    }

    /// @inheritdoc IWorkstreams
    function clawback(uint256 workstreamId, uint256 amount) external onlyGovernance nonReentrant {
        Config storage config = _existing(workstreamId);
        if (amount == 0) revert WorkstreamZeroAmount();
        Accounts storage accounts = _accounts[workstreamId];
        if (amount > accounts.available) revert WorkstreamInsufficientBudget(workstreamId, amount, accounts.available);

        accounts.available -= uint128(amount);
        accounts.clawedBack += uint128(amount);
        emit WorkstreamClawedBack(workstreamId, msg.sender, amount);
        IERC20(config.token).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IWorkstreams
    function setGuardrails(uint256 workstreamId, Guardrails calldata guardrails) external onlyGovernance {
        Config storage config = _existing(workstreamId);
        _checkGuardrails(guardrails);
        _checkApprovals(workstreamId, guardrails.approvalsRequired, _members[workstreamId].length());
        Guardrails memory old = _guardrails(config);
        _writeGuardrails(config, guardrails);
        emit WorkstreamGuardrailsChanged(workstreamId, old, guardrails);
    }

    /// @inheritdoc IWorkstreams
    function renew(uint256 workstreamId, uint64 termEnd, uint128 budgetCap, string calldata charterCid)
        external
        onlyGovernance
    {
        Config storage config = _existing(workstreamId);
        _checkTerm(termEnd);
        uint64 oldTermEnd = config.termEnd;
        uint128 oldBudgetCap = config.budgetCap;
        config.termEnd = uint40(termEnd);
        config.budgetCap = budgetCap;
        emit WorkstreamRenewed(workstreamId, oldTermEnd, termEnd, oldBudgetCap, budgetCap, charterCid);
    }

    /// @inheritdoc IWorkstreams
    function pause(uint256 workstreamId) external onlyGovernance {
        Config storage config = _existing(workstreamId);
        if (config.paused) revert WorkstreamIsPaused(workstreamId);
        config.paused = true;
        uint32 pauses = ++config.pauses;
        _pausedAt[workstreamId][pauses] = uint64(block.timestamp);
        emit WorkstreamPaused(workstreamId);
    }

    /// @inheritdoc IWorkstreams
    function unpause(uint256 workstreamId) external onlyGovernance {
        Config storage config = _existing(workstreamId);
        if (!config.paused) revert WorkstreamNotPaused(workstreamId);
        config.paused = false;
        emit WorkstreamUnpaused(workstreamId);
    }

    /// @inheritdoc IWorkstreams
    function setTeamRules(uint256 workstreamId, TeamRules calldata rules) external onlyGovernance {
        Config storage config = _existing(workstreamId);
        config.claimCooldown = rules.claimCooldown;
        config.reviewWindow = rules.reviewWindow;
        config.escalateAfter = rules.escalateAfter;
        emit WorkstreamTeamRulesChanged(workstreamId, rules);
    }

    /// @inheritdoc IWorkstreams
    function addMemberByGovernance(uint256 workstreamId, address account) external onlyGovernance {
        _existing(workstreamId);
        _checkChange(workstreamId, account, true);
        _addMember(workstreamId, account, 0);
    }

    /// @inheritdoc IWorkstreams
    function removeMemberByGovernance(uint256 workstreamId, address account) external onlyGovernance {
        _checkChange(workstreamId, account, false);
        _removeMember(workstreamId, account, 0);
    }

    /// @inheritdoc IWorkstreams
    function sweep(address token) external onlyGovernance nonReentrant {
        uint256 accounted = _owedTotal[token];
        uint256 count = _workstreamCount;
        for (uint256 id = 1; id <= count; ++id) {
            if (_configs[id].token != token) continue;
            Accounts storage accounts = _accounts[id];
            // The distributor holds the tokens of the pots it reserved, not this escrow.
            accounted += uint256(accounts.reserved) - _rewardReserved[id][_distributor] + accounts.available
                + accounts.bondsHeld;
        }
        uint256 balance = IERC20(token).balanceOf(address(this));
        if (balance <= accounted) revert WorkstreamNothingToSweep(token, balance, accounted);
        uint256 excess = balance - accounted;
        emit WorkstreamSwept(token, msg.sender, excess);
        IERC20(token).safeTransfer(msg.sender, excess);
    }

    // ---- Members -------------------------------------------------------------------------

    /// @inheritdoc IWorkstreams
    function proposeMemberChange(uint256 workstreamId, address account, bool add)
        external
        returns (uint256 proposalId)
    {
        _checkUnpaused(workstreamId, _existing(workstreamId));
        address proposer = _msgSender();
        _checkMember(workstreamId, proposer);
        _checkChange(workstreamId, account, add);

        proposalId = ++_memberChangeCount;
        MemberChange storage change = _memberChanges[proposalId];
        change.workstreamId = uint64(workstreamId);
        change.account = account;
        change.add = add;
        change.proposer = proposer;
        change.expiresAt = uint40(block.timestamp + MEMBER_CHANGE_LIFETIME);
        emit MemberChangeProposed(proposalId, workstreamId, account, add, proposer);
        _approve(proposalId, change, proposer);
    }

    /// @inheritdoc IWorkstreams
    function approveMemberChange(uint256 proposalId) external {
        MemberChange storage change = _memberChanges[proposalId];
        uint256 workstreamId = change.workstreamId;
        if (workstreamId == 0) revert WorkstreamUnknownProposal(proposalId);
        if (change.executed) revert WorkstreamProposalExecuted(proposalId);
        if (change.withdrawn) revert WorkstreamProposalWithdrawn(proposalId);
        if (block.timestamp > change.expiresAt) revert WorkstreamProposalExpired(proposalId, change.expiresAt);
        _checkUnpaused(workstreamId, _configs[workstreamId]);
        address member = _msgSender();
        _checkMember(workstreamId, member);
        if (_approvedChange[proposalId][member]) revert WorkstreamAlreadyApproved(proposalId, member);
        _approve(proposalId, change, member);
    }

    /// @inheritdoc IWorkstreams
    function withdrawMemberChange(uint256 proposalId) external {
        MemberChange storage change = _memberChanges[proposalId];
        uint256 workstreamId = change.workstreamId;
        if (workstreamId == 0) revert WorkstreamUnknownProposal(proposalId);
        if (change.executed) revert WorkstreamProposalExecuted(proposalId);
        if (change.withdrawn) revert WorkstreamProposalWithdrawn(proposalId);
        address sender = _msgSender();
        if (sender != change.proposer) revert WorkstreamNotProposer(proposalId, sender, change.proposer);
        change.withdrawn = true;
        emit MemberChangeWithdrawn(proposalId, workstreamId, sender);
    }

    // ---- Owed payments -------------------------------------------------------------------

    /// @inheritdoc IWorkstreams
    function withdrawOwed(address token, address to) external nonReentrant {
        if (to == address(0)) revert WorkstreamZeroAddress();
        address payee = _msgSender();
        uint256 amount = _owed[token][payee];
        if (amount == 0) revert WorkstreamNothingOwed(token, payee);
        _owed[token][payee] = 0;
        _owedTotal[token] -= amount;
        emit OwedWithdrawn(token, payee, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    // ---- Task board hooks ----------------------------------------------------------------

    /// @inheritdoc IWorkstreams
    function reserve(
        uint256 workstreamId,
        uint256 taskId,
        address creator,
        uint256 reward,
        bool fromBudget,
        uint32 claimDuration
    ) external onlyTaskBoard returns (uint32 duration) {
        Config storage config = _existing(workstreamId);
        _checkUnpaused(workstreamId, config);
        if (block.timestamp >= config.termEnd) revert WorkstreamTermEnded(workstreamId, config.termEnd);
        _checkMember(workstreamId, creator);
        if (reward > config.maxReward) revert WorkstreamRewardAboveMax(workstreamId, reward, config.maxReward);
        duration = config.claimDuration;
        if (claimDuration > duration) revert WorkstreamClaimDurationAboveMax(workstreamId, claimDuration, duration);
        if (claimDuration != 0) duration = claimDuration;

        if (fromBudget) {
            Accounts storage accounts = _accounts[workstreamId];
            if (reward > accounts.available) {
                revert WorkstreamInsufficientBudget(workstreamId, reward, accounts.available);
            }
            // reward <= available (uint128), so the casts cannot truncate.
            accounts.available -= uint128(reward);
            accounts.reserved += uint128(reward);
            emit BudgetReserved(workstreamId, taskId, reward);
        }
    }

    /// @inheritdoc IWorkstreams
    function release(uint256 workstreamId, uint256 taskId, uint256 amount) external onlyTaskBoard {
        Accounts storage accounts = _accounts[workstreamId];
        // `amount` was reserved by this board, so it fits and the subtraction cannot underflow.
        accounts.reserved -= uint128(amount);
        accounts.available += uint128(amount);
        emit BudgetReleased(workstreamId, taskId, amount);
    }

    /// @inheritdoc IWorkstreams
    function takeBond(uint256 workstreamId, uint256 taskId, address claimant, uint256 amount)
        external
        onlyTaskBoard
        nonReentrant
    {
        // The bond is a guardrail (uint128), so the cast cannot truncate.
        _accounts[workstreamId].bondsHeld += uint128(amount);
        emit BondPosted(workstreamId, taskId, claimant, amount);
        _pullExact(IERC20(_configs[workstreamId].token), claimant, amount);
    }

    /// @inheritdoc IWorkstreams
    function forfeitBond(uint256 workstreamId, uint256 taskId, address claimant, uint256 amount)
        external
        onlyTaskBoard
    {
        Accounts storage accounts = _accounts[workstreamId];
        accounts.bondsHeld -= uint128(amount);
        accounts.available += uint128(amount);
        accounts.funded += uint128(amount);
        accounts.bondsForfeited += uint128(amount);
        emit BondForfeited(workstreamId, taskId, claimant, amount);
    }

    /// @inheritdoc IWorkstreams
    function returnBond(uint256 workstreamId, uint256 taskId, address claimant, uint256 amount)
        external
        onlyTaskBoard
        nonReentrant
    {
        _accounts[workstreamId].bondsHeld -= uint128(amount);
        address token = _configs[workstreamId].token;
        bool sent = _tryTransfer(token, claimant, amount);
        if (!sent) _owe(token, claimant, amount);
        emit BondReturned(workstreamId, taskId, claimant, amount, !sent);
    }

    /// @inheritdoc IWorkstreams
    function pay(
        uint256 workstreamId,
        uint256 taskId,
        uint256 reward,
        uint256 bond,
        address[] calldata recipients,
        uint256[] calldata amounts
    ) external onlyTaskBoard nonReentrant {
        Accounts storage accounts = _accounts[workstreamId];
        accounts.reserved -= uint128(reward);
        accounts.paid += uint128(reward);
        if (bond != 0) accounts.bondsHeld -= uint128(bond);

        address token = _configs[workstreamId].token;
        for (uint256 i = 0; i < recipients.length; ++i) {
            _payOne(workstreamId, taskId, token, recipients[i], amounts[i], i == 0 ? bond : 0);
        }
    }

    // ---- Reward module hooks -------------------------------------------------------------

    /// @inheritdoc IWorkstreams
    function reserveReward(uint256 workstreamId, uint256 ref, uint256 amount)
        external
        onlyRewardModule
        nonReentrant
    {
        Config storage config = _existing(workstreamId);
        _checkUnpaused(workstreamId, config);
        if (block.timestamp >= config.termEnd) revert WorkstreamTermEnded(workstreamId, config.termEnd);
        if (amount == 0) revert WorkstreamZeroAmount();
        Accounts storage accounts = _accounts[workstreamId];
        if (amount > accounts.available) revert WorkstreamInsufficientBudget(workstreamId, amount, accounts.available);

        // amount <= available (uint128), so the casts cannot truncate.
        accounts.available -= uint128(amount);
        accounts.reserved += uint128(amount);
        _rewardReserved[workstreamId][msg.sender] += amount;
        emit RewardReserved(workstreamId, msg.sender, ref, amount);
        if (msg.sender == _distributor) IERC20(config.token).safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IWorkstreams
    function settleReward(uint256 workstreamId, uint256 ref, uint256 paid, uint256 released)
        external
        onlyRewardModule
    {
        if (paid != 0 && msg.sender != _distributor) revert WorkstreamNotRewardModule(msg.sender);
        _unreserveReward(workstreamId, paid + released);
        Accounts storage accounts = _accounts[workstreamId];
        // Both fit: they were part of the (uint128) reservation.
        accounts.paid += uint128(paid);
        accounts.available += uint128(released);
        emit RewardSettled(workstreamId, msg.sender, ref, paid, released);
    }

    /// @inheritdoc IWorkstreams
    function payReward(uint256 workstreamId, uint256 ref, address to, uint256 amount) external nonReentrant {
        if (msg.sender != _stipends || msg.sender == address(0)) revert WorkstreamNotRewardModule(msg.sender);
        _unreserveReward(workstreamId, amount);
        _accounts[workstreamId].paid += uint128(amount);
        emit RewardPaidOut(workstreamId, msg.sender, ref, to, amount);
        IERC20(_configs[workstreamId].token).safeTransfer(to, amount);
    }

    // ---- Views ---------------------------------------------------------------------------

    /// @inheritdoc IWorkstreams
    function rewardModules() external view returns (address distributor, address stipends) {
        return (_distributor, _stipends);
    }

    /// @inheritdoc IWorkstreams
    function rewardReserved(uint256 workstreamId, address module) external view returns (uint256) {
        return _rewardReserved[workstreamId][module];
    }

    /// @inheritdoc IWorkstreams
    function rewardHeldOutside(uint256 workstreamId) external view returns (uint256) {
        return _distributor == address(0) ? 0 : _rewardReserved[workstreamId][_distributor];
    }

    /// @inheritdoc IWorkstreams
    function governance() external view returns (address) {
        return _governance;
    }

    /// @inheritdoc IWorkstreams
    function taskBoard() external view returns (address) {
        return _taskBoard;
    }

    /// @inheritdoc IWorkstreams
    function workstreamCount() external view returns (uint256) {
        return _workstreamCount;
    }

    /// @inheritdoc IWorkstreams
    function workstream(uint256 workstreamId) external view returns (WorkstreamInfo memory) {
        Config storage config = _existing(workstreamId);
        return WorkstreamInfo({
            token: config.token,
            termEnd: config.termEnd,
            paused: config.paused,
            memberCount: _members[workstreamId].length(),
            guardrails: _guardrails(config)
        });
    }

    /// @inheritdoc IWorkstreams
    function budget(uint256 workstreamId)
        external
        view
        returns (uint256 funded, uint256 reserved, uint256 paid, uint256 available, uint256 clawedBack)
    {
        _existing(workstreamId);
        Accounts storage accounts = _accounts[workstreamId];
        return (accounts.funded, accounts.reserved, accounts.paid, accounts.available, accounts.clawedBack);
    }

    /// @inheritdoc IWorkstreams
    function bondsHeld(uint256 workstreamId) external view returns (uint256) {
        return _accounts[workstreamId].bondsHeld;
    }

    /// @inheritdoc IWorkstreams
    function claimTerms(uint256 workstreamId) external view returns (uint64 termEnd, bool paused, uint128 claimBond) {
        Config storage config = _configs[workstreamId];
        return (config.termEnd, config.paused, config.claimBond);
    }

    /// @inheritdoc IWorkstreams
    function reviewTerms(uint256 workstreamId, address reviewer)
        external
        view
        returns (bool paused, bool member, uint8 approvalsRequired, uint8 memberEpoch, uint64 joined)
    {
        Config storage config = _configs[workstreamId];
        return (
            config.paused,
            _members[workstreamId].contains(reviewer),
            config.approvalsRequired,
            config.memberEpoch,
            _memberships[workstreamId][reviewer].joinedAt
        );
    }

    /// @inheritdoc IWorkstreams
    function teamRules(uint256 workstreamId) external view returns (TeamRules memory) {
        Config storage config = _existing(workstreamId);
        return TeamRules({
            claimCooldown: config.claimCooldown,
            reviewWindow: config.reviewWindow,
            escalateAfter: config.escalateAfter
        });
    }

    /// @inheritdoc IWorkstreams
    function bondsForfeited(uint256 workstreamId) external view returns (uint256) {
        return _accounts[workstreamId].bondsForfeited;
    }

    /// @inheritdoc IWorkstreams
    function joinedAt(uint256 workstreamId, address account) external view returns (uint64) {
        return _memberships[workstreamId][account].joinedAt;
    }

    /// @inheritdoc IWorkstreams
    function stipendTerms(uint256 workstreamId, address account)
        external
        view
        returns (bool member, uint32 membership, uint32 pauses)
    {
        return (
            _members[workstreamId].contains(account),
            _memberships[workstreamId][account].number,
            _configs[workstreamId].pauses
        );
    }

    /// @inheritdoc IWorkstreams
    function stipendCutoff(uint256 workstreamId, address account, uint32 membership, uint32 pauses)
        external
        view
        returns (uint64 cutoff)
    {
        Config storage config = _configs[workstreamId];
        cutoff = config.termEnd;
        uint64 left = _leftAt[workstreamId][account][membership];
        if (left != 0 && left < cutoff) cutoff = left;
        if (config.pauses > pauses) {
            uint64 paused = _pausedAt[workstreamId][pauses + 1];
            if (paused < cutoff) cutoff = paused;
        }
    }

    /// @inheritdoc IWorkstreams
    function isMember(uint256 workstreamId, address account) external view returns (bool) {
        return _members[workstreamId].contains(account);
    }

    /// @inheritdoc IWorkstreams
    function members(uint256 workstreamId) external view returns (address[] memory) {
        return _members[workstreamId].values();
    }

    /// @inheritdoc IWorkstreams
    function memberChangeCount() external view returns (uint256) {
        return _memberChangeCount;
    }

    /// @inheritdoc IWorkstreams
    function memberChange(uint256 proposalId) external view returns (MemberChangeInfo memory) {
        MemberChange storage change = _memberChanges[proposalId];
        if (change.workstreamId == 0) revert WorkstreamUnknownProposal(proposalId);
        return MemberChangeInfo({
            workstreamId: change.workstreamId,
            account: change.account,
            add: change.add,
            executed: change.executed,
            approvals: _currentApprovals(change),
            proposer: change.proposer,
            expiresAt: change.expiresAt,
            withdrawn: change.withdrawn
        });
    }

    /// @inheritdoc IWorkstreams
    function hasApprovedMemberChange(uint256 proposalId, address member) external view returns (bool) {
        return _approvedChange[proposalId][member];
    }

    /// @inheritdoc IWorkstreams
    function owed(address token, address account) external view returns (uint256) {
        return _owed[token][account];
    }

    // ---- Internals -----------------------------------------------------------------------

    function _existing(uint256 workstreamId) private view returns (Config storage config) {
        config = _configs[workstreamId];
        if (config.token == address(0)) revert WorkstreamUnknown(workstreamId);
    }

    function _checkUnpaused(uint256 workstreamId, Config storage config) private view {
        if (config.paused) revert WorkstreamIsPaused(workstreamId);
    }

    function _checkMember(uint256 workstreamId, address account) private view {
        if (!_members[workstreamId].contains(account)) revert WorkstreamNotMember(workstreamId, account);
    }

    function _checkTerm(uint64 termEnd) private view {
        if (termEnd <= block.timestamp || termEnd > type(uint40).max) {
            revert WorkstreamInvalidTerm(termEnd, block.timestamp);
        }
    }

    function _checkGuardrails(Guardrails calldata guardrails) private pure {
        if (guardrails.approvalsRequired == 0 || guardrails.claimDuration == 0) {
            revert WorkstreamInvalidGuardrails(guardrails.approvalsRequired, guardrails.claimDuration);
        }
    }

    /// Whether `account` can be added (`add`) or removed right now.
    function _checkChange(uint256 workstreamId, address account, bool add) private view {
        EnumerableSet.AddressSet storage set = _members[workstreamId];
        if (add) {
            if (account == address(0)) revert WorkstreamInvalidMember(account);
            if (set.contains(account)) revert WorkstreamAlreadyMember(workstreamId, account);
        } else {
            if (!set.contains(account)) revert WorkstreamNotMember(workstreamId, account);
            if (set.length() == 1) revert WorkstreamLastMember(workstreamId, account);
            _checkApprovals(workstreamId, _configs[workstreamId].approvalsRequired, set.length() - 1);
        }
    }

    /// A threshold of `approvalsRequired` must stay reachable by `memberCount` members.
    function _checkApprovals(uint256 workstreamId, uint256 approvalsRequired, uint256 memberCount) private pure {
        if (approvalsRequired > memberCount) {
            revert WorkstreamApprovalsAboveMembers(workstreamId, approvalsRequired, memberCount);
        }
    }

    function _addMember(uint256 workstreamId, address account, uint256 proposalId) private {
        if (!_members[workstreamId].add(account)) revert WorkstreamAlreadyMember(workstreamId, account);
        _join(workstreamId, account);
        emit MemberAdded(workstreamId, account, proposalId);
    }

    function _join(uint256 workstreamId, address account) private {
        Membership storage membership = _memberships[workstreamId][account];
        membership.joinedAt = uint64(block.timestamp);
        ++membership.number;
    }

    /// Remove a member and move the member epoch on, so the task board recounts approvals.
    function _removeMember(uint256 workstreamId, address account, uint256 proposalId) private {
        EnumerableSet.AddressSet storage set = _members[workstreamId];
        if (!set.remove(account)) revert WorkstreamNotMember(workstreamId, account);
        if (set.length() == 0) revert WorkstreamLastMember(workstreamId, account);
        _leftAt[workstreamId][account][_memberships[workstreamId][account].number] = uint64(block.timestamp);
        Config storage config = _configs[workstreamId];
        _checkApprovals(workstreamId, config.approvalsRequired, set.length());
        unchecked {
            // Wraps: only inequality with the epoch a task saw matters.
            ++config.memberEpoch;
        }
        emit MemberRemoved(workstreamId, account, proposalId);
    }

    function _writeGuardrails(Config storage config, Guardrails calldata guardrails) private {
        config.budgetCap = guardrails.budgetCap;
        config.maxReward = guardrails.maxReward;
        config.claimBond = guardrails.claimBond;
        config.claimDuration = guardrails.claimDuration;
        config.approvalsRequired = guardrails.approvalsRequired;
    }

    function _guardrails(Config storage config) private view returns (Guardrails memory) {
        return Guardrails({
            budgetCap: config.budgetCap,
            maxReward: config.maxReward,
            claimBond: config.claimBond,
            claimDuration: config.claimDuration,
            approvalsRequired: config.approvalsRequired
        });
    }

    /// Record `member`'s approval and carry the change out once a majority of the current
    /// members approve. Approvals of accounts removed since do not count.
    function _approve(uint256 proposalId, MemberChange storage change, address member) private {
        _approvedChange[proposalId][member] = true;
        change.approvers.push(member);
        uint256 workstreamId = change.workstreamId;
        uint256 approvals = _currentApprovals(change);
        uint256 memberCount = _members[workstreamId].length();
        emit MemberChangeApproved(proposalId, workstreamId, member, approvals, memberCount);
        if (approvals * 2 <= memberCount) return;

        // Re-checked here: other changes may have run since this one was proposed.
        change.executed = true;
        if (change.add) {
            _addMember(workstreamId, change.account, proposalId);
        } else {
            _removeMember(workstreamId, change.account, proposalId);
        }
    }

    function _currentApprovals(MemberChange storage change) private view returns (uint256 approvals) {
        EnumerableSet.AddressSet storage set = _members[change.workstreamId];
        address[] storage approvers = change.approvers;
        for (uint256 i = 0; i < approvers.length; ++i) {
            if (set.contains(approvers[i])) ++approvals;
        }
    }

    /// Push `share + bondBack` to `to`, or owe it to `to` if the transfer fails.
    function _payOne(uint256 workstreamId, uint256 taskId, address token, address to, uint256 share, uint256 bondBack)
        private
    {
        uint256 amount = share + bondBack;
        if (amount == 0) return;
        bool sent = _tryTransfer(token, to, amount);
        if (!sent) _owe(token, to, amount);
        emit RewardPaid(workstreamId, taskId, to, share, bondBack, !sent);
    }

    /// Take `amount` off the caller's (a reward module's) reservation for `workstreamId`.
    function _unreserveReward(uint256 workstreamId, uint256 amount) private {
        uint256 held = _rewardReserved[workstreamId][msg.sender];
        if (amount > held) revert WorkstreamRewardOverSettled(workstreamId, msg.sender, amount, held);
        _rewardReserved[workstreamId][msg.sender] = held - amount;
        // A module's reservation is part of `reserved`, so this cannot underflow or truncate.
        _accounts[workstreamId].reserved -= uint128(amount);
    }

    function _owe(address token, address to, uint256 amount) private {
        _owed[token][to] += amount;
        _owedTotal[token] += amount;
    }

    /// Pull `amount` of `token` from `from` and require that exactly `amount` arrived, which
    /// refuses fee-on-transfer and other balance-changing tokens instead of mis-accounting them.
    function _pullExact(IERC20 token, address from, uint256 amount) private {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != amount) revert WorkstreamTransferMismatch(address(token), amount, received);
    }

    /// Try `token.transfer(to, amount)` without reverting: true only if the call succeeded and
    /// returned true or nothing. At most 32 bytes of return data are copied, so a hostile token
    /// cannot make us pay for a huge return buffer, and at most {_TRANSFER_GAS} is forwarded,
    /// so a token calling hooks cannot burn the caller's gas (the payment is owed instead).
    function _tryTransfer(address token, address to, uint256 amount) private returns (bool) {
        bytes memory data = abi.encodeCall(IERC20.transfer, (to, amount));
        bool success;
        uint256 returnSize;
        uint256 returnValue;
        uint256 cap = _TRANSFER_GAS;
        assembly ("memory-safe") {
            let g := gas()
            if lt(cap, g) { g := cap }
            success := call(g, token, 0, add(data, 0x20), mload(data), 0, 0x20)
            returnSize := returndatasize()
            returnValue := mload(0)
        }
        // The token's code was checked at creation; a token that self-destructed returns nothing.
        return success && (returnSize == 0 ? token.code.length > 0 : returnValue == 1);
    }
}
