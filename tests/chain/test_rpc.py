"""api/chain/rpc.py `connect` against the test chain: what a view costs in requests to the node."""

from __future__ import annotations

from collections import Counter

from brownie import web3 as brownie_web3

from api.chain.rpc import connect


def _counted(w3) -> Counter:
    """Count the JSON-RPC requests that reach the node (below web3.py's request cache)."""
    seen: Counter = Counter()
    send = w3.provider._make_request

    def counting(method, data):
        seen[method] += 1
        return send(method, data)

    w3.provider._make_request = counting
    return seen


def test_views_ask_the_node_its_chain_id_once_per_connection(token, holders, alice):
    w3 = connect(brownie_web3.provider.endpoint_uri)
    contract = w3.eth.contract(address=token.address, abi=token.abi)
    seen = _counted(w3)
    first = contract.functions.balanceOf(alice.address).call()
    asked_first = seen["eth_chainId"]
    seen.clear()

    balances = [contract.functions.balanceOf(alice.address).call() for _ in range(5)]

    assert [first, *balances] == [token.balanceOf(alice)] * 6
    assert 1 <= asked_first <= 2  # the chain id (and web3's cache asking it for its own set-up)
    assert seen == {"eth_call": 5}  # web3's validation asks the chain id before every eth_call otherwise


def test_transactions_still_carry_the_nodes_chain_id(token, alice):
    w3 = connect(brownie_web3.provider.endpoint_uri)
    contract = w3.eth.contract(address=token.address, abi=token.abi)

    built = contract.functions.transfer(alice.address, 1).build_transaction({"from": alice.address})

    assert built["chainId"] == brownie_web3.eth.chain_id
