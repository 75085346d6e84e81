"""Column types shared by the models."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Numeric, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

# uint256 has at most 78 decimal digits.
_UINT256_DIGITS = 78


class Uint256(TypeDecorator[int]):
    """An exact uint256: NUMERIC(78, 0) on PostgreSQL; on SQLite, whose numbers are 64-bit
    or floating point, a zero-padded decimal string, so ordering and equality stay exact."""

    impl = String(_UINT256_DIGITS)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(_UINT256_DIGITS, 0))
        return dialect.type_descriptor(String(_UINT256_DIGITS))

    def process_bind_param(self, value: int | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        value = int(value)
        if value < 0:
            raise ValueError(f"uint256 cannot be negative: {value}")
        if dialect.name == "postgresql":
            return value
        return str(value).zfill(_UINT256_DIGITS)

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else int(value)
