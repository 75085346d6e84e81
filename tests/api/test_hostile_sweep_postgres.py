"""The hostile sweep and the concurrent-publish checks again over PostgreSQL (bigint and
JSON columns, a real unique constraint under 20 concurrent writers), on the same work scenario."""

from __future__ import annotations

from test_api_postgres import database_url  # noqa: F401 - a throwaway PostgreSQL database
from test_api_work import problem_post, scenario  # noqa: F401
from test_hostile_sweep import (  # noqa: F401 - the same tests, collected here over PostgreSQL
    test_cursor_numbers_out_of_range_are_422_on_every_list,
    test_hostile_sweep_of_every_operation_and_page,
    test_post_documents_refuses_an_unsigned_post_like_post_posts,
    test_the_same_signed_post_sent_20_times_at_once_is_stored_once,
    valid,
)
