"""Event handlers: how each contract's events change the domain tables, one module per
contract family (`token`, `governor`, `work`, `rewards`), and the registry the projector dispatches on.

Handlers take stored `Event` rows, so the same code applies a fresh range and replays the
events table. Every handler is deterministic given the events before it.
"""

from api.indexer.handlers import governor, rewards, token, work
from api.indexer.handlers.common import Registry

# (contract name, event name) -> handler.
HANDLERS: Registry = {**token.HANDLERS, **governor.HANDLERS, **work.HANDLERS, **rewards.HANDLERS}
