// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {IWorkstreams} from "../work/IWorkstreams.sol";
import {IMerkleDistributor} from "./IMerkleDistributor.sol";
import {TeamActions} from "./TeamActions.sol";

/// @title MerkleDistributor
/// @notice Peer-allocation epochs of every workstream, paid by merkle proofs (see {IMerkleDistributor}).
/// @dev Each epoch's tokens are accounted apart (`held`): a claim can never spend more than its
/// own epoch holds, whatever root was posted, so one team's epoch never touches another's.
/// In the registry, an epoch's pot stays `reserved` until it is reclaimed, when the claims
/// count as paid and the rest as available again; so the budget identity holds exactly.
/// The claimed-leaf bitmap follows Uniswap's merkle-distributor (256 leaves a word).
contract MerkleDistributor is IMerkleDistributor, TeamActions, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// Four slots; a claim reads the first two and writes the second and its bitmap word.
    struct Epoch {
        bytes32 root;
        address token;
        uint96 held;
        uint64 workstreamId;
        uint40 start;
        uint40 end;
        uint40 claimDeadline;
        bool reclaimed;
        uint96 pot;
        uint96 total;
    }

    address private immutable _governance;

    uint256 private _epochCount;
    mapping(uint256 epochId => Epoch) private _epochs;
    mapping(uint256 epochId => mapping(uint256 wordPos => uint256 bits)) private _claimed;
    mapping(uint256 workstreamId => uint256) private _opened;

    /// @param workstreams_ The Workstreams registry, deployed with this contract's address as its distributor.
    constructor(IWorkstreams workstreams_) TeamActions(workstreams_) {
        (address distributor,) = workstreams_.rewardModules();
        if (distributor != address(this)) revert TeamActionsMisconfigured(address(workstreams_), distributor);
        _governance = workstreams_.governance();
    }

    // ---- Team ---------------------------------------------------------------------------

    /// @inheritdoc IMerkleDistributor
    function openEpoch(
        uint256 workstreamId,
        uint256 pot,
        uint64 start,
        uint64 end,
        uint64 claimDeadline,
        string calldata cid
    ) external nonReentrant returns (uint256 epochId) {
        if (pot == 0 || pot > type(uint96).max) revert DistributorInvalidPot(pot);
        if (start >= end || end >= claimDeadline || end <= block.timestamp || claimDeadline > type(uint40).max) {
            revert DistributorInvalidSchedule(start, end, claimDeadline);
        }
        bytes32 actionId = _openActionId(workstreamId, pot, start, end, claimDeadline, cid);
        if (!_approveAction(workstreamId, actionId)) return 0;

        epochId = ++_epochCount;
        ++_opened[workstreamId];
        address token = _workstreams.workstream(workstreamId).token;
        Epoch storage e = _epochs[epochId];
        e.token = token;
        // Bounded above: pot < 2^96, schedule < 2^40, ids grow by one.
        e.held = uint96(pot);
        e.pot = uint96(pot);
        e.workstreamId = uint64(workstreamId);
        e.start = uint40(start);
        e.end = uint40(end);
        e.claimDeadline = uint40(claimDeadline);
        emit EpochOpened(epochId, workstreamId, token, pot, start, end, claimDeadline, cid);

        // The registry checks pause, term and available budget, and sends the pot here.
        uint256 before = IERC20(token).balanceOf(address(this));
        _workstreams.reserveReward(workstreamId, epochId, pot);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != pot) revert DistributorTransferMismatch(token, pot, received);
    }

    /// @inheritdoc IMerkleDistributor
    function postRoot(uint256 epochId, bytes32 root, uint256 total, string calldata cid)
        external
        nonReentrant
        returns (bool)
    {
        Epoch storage e = _existing(epochId);
        if (e.root != 0) revert DistributorRootAlreadyPosted(epochId);
        if (block.timestamp < e.end) revert DistributorEpochNotEnded(epochId, e.end);
        if (block.timestamp > e.claimDeadline) revert DistributorClaimWindowClosed(epochId, e.claimDeadline);
        if (root == 0) revert DistributorZeroRoot();
        uint256 pot = e.pot;
        if (total > pot) revert DistributorRootOverPot(epochId, total, pot);
        uint256 workstreamId = e.workstreamId;
        if (!_approveAction(workstreamId, keccak256(abi.encode("postRoot", epochId, root, total, cid)))) return false;

        e.root = root;
        // total <= pot < 2^96.
        e.total = uint96(total);
        e.held = uint96(total);
        uint256 returned = pot - total;
        emit RootPosted(epochId, root, total, returned, cid);
        _giveBack(e, epochId, 0, returned);
        return true;
    }

    // ---- Governance ---------------------------------------------------------------------

    /// @inheritdoc IMerkleDistributor
    function replaceRoot(uint256 epochId, bytes32 root, uint256 total, string calldata cid) external nonReentrant {
        if (msg.sender != _governance) revert DistributorNotGovernance(msg.sender);
        Epoch storage e = _existing(epochId);
        bytes32 oldRoot = e.root;
        if (oldRoot == 0) revert DistributorNoRoot(epochId);
        if (e.reclaimed) revert DistributorEpochClosed(epochId);
        uint256 oldTotal = e.total;
        // Every claim pays a non-zero amount, so an untouched `held` means no claim yet.
        if (e.held != oldTotal) revert DistributorClaimsStarted(epochId);
        if (root == 0) revert DistributorZeroRoot();
        if (total > oldTotal) revert DistributorRootOverPot(epochId, total, oldTotal);

        e.root = root;
        e.total = uint96(total);
        e.held = uint96(total);
        uint256 returned = oldTotal - total;
        emit RootReplaced(epochId, oldRoot, root, total, returned, cid);
        _giveBack(e, epochId, 0, returned);
    }

    // ---- Anyone -------------------------------------------------------------------------

    /// @inheritdoc IMerkleDistributor
    /// @dev Not `nonReentrant` (a guard's cold slot costs ~5k gas a claim): the leaf is marked
    /// and `held` lowered before the only external call, the token transfer.
    function claim(uint256 epochId, uint256 index, address account, uint256 amount, bytes32[] calldata proof)
        external
    {
        Epoch storage e = _epochs[epochId];
        bytes32 root = e.root;
        if (root == 0) revert DistributorNoRoot(epochId);
        if (amount == 0) revert DistributorZeroAmount();
        mapping(uint256 => uint256) storage bitmap = _claimed[epochId];
        uint256 wordPos = index >> 8;
        uint256 bit = 1 << (index & 0xff);
        uint256 bits = bitmap[wordPos];
        if (bits & bit != 0) revert DistributorAlreadyClaimed(epochId, index);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(index, account, amount))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) {
            revert DistributorInvalidProof(epochId, index, account, amount);
        }
        uint256 held = e.held;
        // Only after a reclaim (held 0), or for a root whose leaves add up to more than its
        // total: the epoch never pays more than it holds.
        if (amount > held) revert DistributorEpochClosed(epochId);

        bitmap[wordPos] = bits | bit;
        unchecked {
            // amount <= held, checked above.
            e.held = uint96(held - amount);
        }
        emit Claimed(epochId, index, account, amount, _msgSender());
        IERC20(e.token).safeTransfer(account, amount);
    }

    /// @inheritdoc IMerkleDistributor
    function reclaim(uint256 epochId) external nonReentrant {
        Epoch storage e = _existing(epochId);
        if (block.timestamp <= e.claimDeadline) revert DistributorClaimWindowOpen(epochId, e.claimDeadline);
        if (e.reclaimed) revert DistributorEpochClosed(epochId);
        uint256 returned = e.held;
        uint256 paid = e.root == 0 ? 0 : e.total - returned;
        e.reclaimed = true;
        e.held = 0;
        emit Reclaimed(epochId, e.workstreamId, returned, paid);
        _giveBack(e, epochId, paid, returned);
    }

    // ---- Views --------------------------------------------------------------------------

    /// @inheritdoc IMerkleDistributor
    function epochCount() external view returns (uint256) {
        return _epochCount;
    }

    /// @inheritdoc IMerkleDistributor
    function epoch(uint256 epochId) external view returns (EpochInfo memory) {
        Epoch storage e = _existing(epochId);
        return EpochInfo({
            workstreamId: e.workstreamId,
            token: e.token,
            pot: e.pot,
            held: e.held,
            total: e.total,
            root: e.root,
            start: e.start,
            end: e.end,
            claimDeadline: e.claimDeadline,
            reclaimed: e.reclaimed
        });
    }

    /// @inheritdoc IMerkleDistributor
    function isClaimed(uint256 epochId, uint256 index) external view returns (bool) {
        return _claimed[epochId][index >> 8] & (1 << (index & 0xff)) != 0;
    }

    /// @inheritdoc IMerkleDistributor
    function leafHash(uint256 index, address account, uint256 amount) external pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(index, account, amount))));
    }

    /// @inheritdoc IMerkleDistributor
    function openEpochActionId(
        uint256 workstreamId,
        uint256 pot,
        uint64 start,
        uint64 end,
        uint64 claimDeadline,
        string calldata cid
    ) external view returns (bytes32) {
        return _openActionId(workstreamId, pot, start, end, claimDeadline, cid);
    }

    /// @inheritdoc IMerkleDistributor
    function epochsOpened(uint256 workstreamId) external view returns (uint256) {
        return _opened[workstreamId];
    }

    // ---- Internals ----------------------------------------------------------------------

    function _existing(uint256 epochId) private view returns (Epoch storage e) {
        e = _epochs[epochId];
        if (e.workstreamId == 0) revert DistributorUnknownEpoch(epochId);
    }

    /// "Open the workstream's next epoch with these terms": the count of epochs it opened makes
    /// approvals of one epoch void once it (or another) is opened.
    function _openActionId(
        uint256 workstreamId,
        uint256 pot,
        uint64 start,
        uint64 end,
        uint64 claimDeadline,
        string calldata cid
    ) private view returns (bytes32) {
        return keccak256(
            abi.encode("openEpoch", workstreamId, _opened[workstreamId], pot, start, end, claimDeadline, cid)
        );
    }

    /// Send `returned` tokens back to the registry and settle `paid` and `returned` of the
    /// epoch's reservation there.
    function _giveBack(Epoch storage e, uint256 epochId, uint256 paid, uint256 returned) private {
        if (paid == 0 && returned == 0) return;
        if (returned != 0) IERC20(e.token).safeTransfer(address(_workstreams), returned);
        _workstreams.settleReward(e.workstreamId, epochId, paid, returned);
    }
}
