"""Work-contract and reward-contract fixtures (tests/work_fixtures.py, tests/rewards_fixtures.py)."""

from rewards_fixtures import *  # noqa: F403
from work_fixtures import *  # noqa: F403
