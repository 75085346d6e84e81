// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITeamActions} from "./ITeamActions.sol";

/// @title IMerkleDistributor
/// @notice Peer-allocation epochs paid by merkle proofs. A team (its approval threshold) opens
/// an epoch with a pot moved from its budget; when the epoch ends, the distribution computed
/// off chain from the members' GIVE (api/rewards) is posted as a merkle root with its total;
/// each receiver then claims its leaf once; after the claim deadline anyone returns what was
/// not claimed to the team's budget. Governance may replace a disputed root before the first
/// claim.
/// @dev Leaves are OpenZeppelin `StandardMerkleTree` leaves of `(uint256 index, address account,
/// uint256 amount)`: `keccak256(bytes.concat(keccak256(abi.encode(index, account, amount))))`,
/// pairs hashed sorted, so the npm package `merkle-tree` (OpenZeppelin) computes the same root. A claim always
/// pays `account`, so anyone (a relay, a friend) may submit a valid proof on its behalf: that
/// is how a claim is gasless. Amounts are at most 2^96 - 1 (the pot is packed beside the token).
interface IMerkleDistributor is ITeamActions {
    /// @notice An epoch as the `epoch` view returns it.
    /// @param held Tokens held for the epoch: the pot until a root is posted, then the unclaimed
    /// part of the root's total; 0 once reclaimed.
    /// @param total The posted root's total (sum of its leaves); 0 before a root.
    struct EpochInfo {
        uint256 workstreamId;
        address token;
        uint256 pot;
        uint256 held;
        uint256 total;
        bytes32 root;
        uint64 start;
        uint64 end;
        uint64 claimDeadline;
        bool reclaimed;
    }

    /// @notice Workstream `workstreamId` opened epoch `epochId`: GIVE from `start` to `end`, a
    /// pot of `pot` tokens (moved from its budget), claims until `claimDeadline`; `cid` is the
    /// epoch's document (who gives and receives, the allowance).
    event EpochOpened(
        uint256 indexed epochId,
        uint256 indexed workstreamId,
        address indexed token,
        uint256 pot,
        uint64 start,
        uint64 end,
        uint64 claimDeadline,
        string cid
    );
    /// @notice The team posted `root` for epoch `epochId`, paying `total` in all; `returned`
    /// (pot - total: rounding dust, receivers capped) went back to its budget; `cid` is the
    /// distribution document (every allocation's CID, every leaf).
    event RootPosted(uint256 indexed epochId, bytes32 root, uint256 total, uint256 returned, string cid);
    /// @notice Governance replaced epoch `epochId`'s root before any claim; `returned` of the
    /// old total went back to the team's budget.
    event RootReplaced(
        uint256 indexed epochId, bytes32 oldRoot, bytes32 newRoot, uint256 total, uint256 returned, string cid
    );
    /// @notice Leaf `index` of epoch `epochId` paid `amount` to `account`; `sender` submitted it.
    event Claimed(uint256 indexed epochId, uint256 index, address indexed account, uint256 amount, address sender);
    /// @notice After the deadline, `returned` unclaimed tokens of epoch `epochId` went back to
    /// the team's budget; `paid` is what its claims paid in all.
    event Reclaimed(uint256 indexed epochId, uint256 indexed workstreamId, uint256 returned, uint256 paid);

    /// @notice No epoch has id `epochId`.
    error DistributorUnknownEpoch(uint256 epochId);
    /// @notice An epoch needs `start` < `end` < `claimDeadline`, `end` in the future and fitting 40 bits.
    error DistributorInvalidSchedule(uint64 start, uint64 end, uint64 claimDeadline);
    /// @notice A pot must be between 1 and 2^96 - 1.
    error DistributorInvalidPot(uint256 pot);
    /// @notice Epoch `epochId` runs until `end`; its root comes after.
    error DistributorEpochNotEnded(uint256 epochId, uint64 end);
    /// @notice Epoch `epochId` already has a root (only governance can replace it).
    error DistributorRootAlreadyPosted(uint256 epochId);
    /// @notice Epoch `epochId` has no root yet.
    error DistributorNoRoot(uint256 epochId);
    /// @notice A root must not be zero.
    error DistributorZeroRoot();
    /// @notice A root paying `total` spends more than the `available` tokens of epoch `epochId`.
    error DistributorRootOverPot(uint256 epochId, uint256 total, uint256 available);
    /// @notice Epoch `epochId` has paid claims; its root can no longer be replaced.
    error DistributorClaimsStarted(uint256 epochId);
    /// @notice Leaf `index` of epoch `epochId` was already claimed.
    error DistributorAlreadyClaimed(uint256 epochId, uint256 index);
    /// @notice The proof does not show leaf (`index`, `account`, `amount`) in epoch `epochId`'s root.
    error DistributorInvalidProof(uint256 epochId, uint256 index, address account, uint256 amount);
    /// @notice A claim must pay a non-zero amount.
    error DistributorZeroAmount();
    /// @notice Epoch `epochId`'s unclaimed tokens went back to the team; nothing is left to claim.
    error DistributorEpochClosed(uint256 epochId);
    /// @notice Epoch `epochId`'s claims run until `claimDeadline`; reclaim after it.
    error DistributorClaimWindowOpen(uint256 epochId, uint64 claimDeadline);
    /// @notice Epoch `epochId`'s claim deadline `claimDeadline` passed; a root can no longer be posted.
    error DistributorClaimWindowClosed(uint256 epochId, uint64 claimDeadline);
    /// @notice Only governance (the timelock) may call this; `caller` is not it.
    error DistributorNotGovernance(address caller);
    /// @notice `token` delivered `received` instead of `expected` for an epoch's pot.
    error DistributorTransferMismatch(address token, uint256 expected, uint256 received);

    /// @notice Approve opening the team's next epoch; the approval that meets the team's
    /// threshold opens it and moves `pot` from the available budget to this contract.
    /// @dev The action is "the team's next epoch with these terms": approvals of different
    /// terms do not add up, and opening any epoch voids approvals pending for the previous one.
    /// Requirements:
    /// - caller is a member; the workstream is not paused, its term has not ended;
    /// - 0 < `pot` < 2^96 <= available; `start` < `end` < `claimDeadline` < 2^40, `end` in the future;
    /// - caller has not approved these terms yet.
    ///
    /// Emits {TeamActionApproved} and, at the threshold, {EpochOpened} (and the registry's {RewardReserved}).
    /// @return epochId The new epoch's id (from 1), or 0 while approvals are missing.
    function openEpoch(
        uint256 workstreamId,
        uint256 pot,
        uint64 start,
        uint64 end,
        uint64 claimDeadline,
        string calldata cid
    ) external returns (uint256 epochId);

    /// @notice Approve the distribution of an ended epoch: its merkle `root` and `total`; the
    /// approval that meets the team's threshold posts it and returns `pot - total` to the budget.
    /// @dev Requirements:
    /// - the epoch exists, has ended, has no root, its claim deadline has not passed;
    /// - `root` is non-zero; `total` <= the pot; caller is a member of the unpaused workstream
    ///   and has not approved this root yet.
    ///
    /// Emits {TeamActionApproved} and, at the threshold, {RootPosted}.
    /// @return posted Whether the root was posted by this call.
    function postRoot(uint256 epochId, bytes32 root, uint256 total, string calldata cid)
        external
        returns (bool posted);

    /// @notice Replace a disputed root (governance, before the first claim). The new total
    /// may not exceed the old one; the difference goes back to the team's budget.
    /// @dev Requirements: caller is governance; the epoch has a root, no claims, is not
    /// reclaimed; `root` is non-zero; `total` <= the old total.
    ///
    /// Emits a {RootReplaced} event.
    function replaceRoot(uint256 epochId, bytes32 root, uint256 total, string calldata cid) external;

    /// @notice Pay leaf (`index`, `account`, `amount`) of epoch `epochId` to `account`. Anyone
    /// may submit it: the tokens always go to `account`.
    /// @dev Claims are accepted until the epoch's leftovers are reclaimed (after its deadline).
    /// Requirements:
    /// - the epoch has a root; `amount` > 0; the leaf was not claimed; `proof` shows the leaf;
    /// - the epoch was not reclaimed.
    ///
    /// Emits a {Claimed} event.
    function claim(uint256 epochId, uint256 index, address account, uint256 amount, bytes32[] calldata proof)
        external;

    /// @notice Return an epoch's unclaimed tokens (or its whole pot, if no root was ever
    /// posted) to the team's budget. Anyone may call it once the claim deadline has passed.
    /// @dev Requirements: the epoch exists, its deadline has passed, it was not reclaimed.
    ///
    /// Emits a {Reclaimed} event (and the registry's {RewardSettled}).
    function reclaim(uint256 epochId) external;

    /// @notice Number of epochs opened (ids run from 1 to this).
    function epochCount() external view returns (uint256);

    /// @notice An epoch's terms and state. Reverts with {DistributorUnknownEpoch} for an unknown id.
    function epoch(uint256 epochId) external view returns (EpochInfo memory);

    /// @notice Whether leaf `index` of epoch `epochId` has been claimed.
    function isClaimed(uint256 epochId, uint256 index) external view returns (bool);

    /// @notice The leaf hash of (`index`, `account`, `amount`), as StandardMerkleTree builds it.
    function leafHash(uint256 index, address account, uint256 amount) external pure returns (bytes32);

    /// @notice The id of the action "open workstream `workstreamId`'s next epoch with these terms".
    function openEpochActionId(
        uint256 workstreamId,
        uint256 pot,
        uint64 start,
        uint64 end,
        uint64 claimDeadline,
        string calldata cid
    ) external view returns (bytes32);

    /// @notice Epochs opened by workstream `workstreamId`.
    function epochsOpened(uint256 workstreamId) external view returns (uint256);
}
