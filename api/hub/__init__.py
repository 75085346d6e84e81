"""Teal as a Snapshot-compatible hub: gasless signal votes signed by `@snapshot-labs/snapshot.js`.

The shared parts, used by the API and by `teal signal`: `typed` (the EIP-712 messages),
`scores` (valid choices and scores per voting type), `strategies` (voting power at a snapshot
block), `spaces`. Validation, storage and GraphQL are HTTP-side, in `api.http.hub`.
"""
