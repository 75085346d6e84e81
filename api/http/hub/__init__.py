"""The signal hub over HTTP: message validation and storage (`hub`), Snapshot's GraphQL
subset (`graphql`) and their wiring into the app (`setup`). The shared, pure parts (typed
messages, scores, spaces, strategies) are in `api.hub`."""
