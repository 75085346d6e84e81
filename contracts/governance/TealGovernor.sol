// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

/// @title TealGovernor
/// @notice Token-holder governance: holders (through their delegates) propose, vote
/// for/against/abstain, and passed proposals run through the timelock, which holds the
/// treasury and administers the work contracts.
/// @dev OpenZeppelin Governor with settings (delay, period, threshold), quorum as a fraction
/// of supply at the snapshot, simple counting, timelock control and late-quorum protection
/// (a vote that first reaches quorum moves the deadline to at least `lateQuorumVoteExtension`
/// blocks later, so a whale voting at the last block leaves others time to answer). The clock
/// is the token's: block numbers, so every duration here is in blocks. Every proposal's
/// description must begin with `ipfs://<cid>`, the address of its proposal document, so
/// the indexer and voters can always read what a proposal is about.
contract TealGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorPreventLateQuorum,
    GovernorTimelockControl
{
    /// @notice The proposal description does not begin with `ipfs://` followed by a CID.
    /// @param description The rejected description.
    error GovernorDescriptionWithoutDocument(string description);

    // Shortest CID string: CIDv0 (base58btc sha2-256) is 46 characters; CIDv1 base32 is longer.
    uint256 private constant _MIN_CID_LENGTH = 46;
    // Long enough for any sha2-256 or sha3/blake CID in a text multibase.
    uint256 private constant _MAX_CID_LENGTH = 128;

    /// @param token_ The votes token (TealToken).
    /// @param timelock_ The TimelockController that executes passed proposals.
    /// @param votingDelay_ Blocks between proposing and the voting snapshot.
    /// @param votingPeriod_ Blocks during which votes can be cast.
    /// @param proposalThreshold_ Votes a proposer needs (at the previous block) to propose.
    /// @param quorumNumerator_ Quorum as a percentage of total supply at the snapshot.
    /// @param voteExtension_ Blocks of voting left, at least, after the vote that reaches quorum.
    constructor(
        IVotes token_,
        TimelockController timelock_,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 proposalThreshold_,
        uint256 quorumNumerator_,
        uint48 voteExtension_
    )
        Governor("TealGovernor")
        GovernorSettings(votingDelay_, votingPeriod_, proposalThreshold_)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(quorumNumerator_)
        GovernorPreventLateQuorum(voteExtension_)
        GovernorTimelockControl(timelock_)
    {}

    /// @notice Whether `description` begins with `ipfs://<cid>` (the CID ends at the first
    /// space, newline or `#`, or at the end of the string).
    /// @param description A proposal description.
    function hasDocumentURI(string memory description) public pure returns (bool) {
        bytes memory text = bytes(description);
        bytes memory scheme = bytes("ipfs://");
        if (text.length < scheme.length + _MIN_CID_LENGTH) return false;
        for (uint256 i = 0; i < scheme.length; ++i) {
            if (text[i] != scheme[i]) return false;
        }
        uint256 cidLength = 0;
        for (uint256 i = scheme.length; i < text.length; ++i) {
            bytes1 c = text[i];
            if (c == " " || c == "\n" || c == "#") break;
            bool alphanumeric = (c >= "0" && c <= "9") || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
            if (!alphanumeric) return false;
            ++cidLength;
        }
        return cidLength >= _MIN_CID_LENGTH && cidLength <= _MAX_CID_LENGTH;
    }

    // ---- Proposal creation: require the document URI ------------------------------------

    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal override returns (uint256) {
        if (!hasDocumentURI(description)) revert GovernorDescriptionWithoutDocument(description);
        return super._propose(targets, values, calldatas, description, proposer);
    }

    // ---- Overrides required by Solidity for the combined extensions ----------------------

    /// @inheritdoc Governor
    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    /// @inheritdoc Governor
    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    /// @inheritdoc Governor
    function proposalDeadline(uint256 proposalId)
        public
        view
        override(Governor, GovernorPreventLateQuorum)
        returns (uint256)
    {
        return super.proposalDeadline(proposalId);
    }

    /// @inheritdoc Governor
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    /// @inheritdoc Governor
    function quorum(uint256 timepoint) public view override(Governor, GovernorVotesQuorumFraction) returns (uint256) {
        return super.quorum(timepoint);
    }

    /// @inheritdoc Governor
    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    /// @inheritdoc Governor
    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _castVote(
        uint256 proposalId,
        address account,
        uint8 support,
        string memory reason,
        bytes memory params
    ) internal override(Governor, GovernorPreventLateQuorum) returns (uint256) {
        return super._castVote(proposalId, account, support, reason, params);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
