"""Work-contract fixtures (tests/work_fixtures.py) on top of tests/conftest.py."""

from work_fixtures import *  # noqa: F403
