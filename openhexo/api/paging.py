"""Tastypie paging with the bounds a database can take."""

import re

from tastypie.exceptions import BadRequest
from tastypie.paginator import Paginator

MAX_OFFSET = 2**31 - 1
NUMBER = re.compile(r"-?[0-9]{1,18}")


class HexoPaginator(Paginator):
    """Stock paging (default 20, at most 1000, `limit=0` = 1000, relative next/previous)."""

    def get_limit(self) -> int:
        self._check_number("limit", "a positive integer")
        return super().get_limit()

    def get_offset(self) -> int:
        self._check_number("offset", "an integer")
        offset = super().get_offset()
        if offset > MAX_OFFSET:
            raise BadRequest(
                f"Invalid offset '{offset}' provided. The largest offset is {MAX_OFFSET}."
            )
        return offset

    def _check_number(self, name: str, expected: str) -> None:
        """Refuse what `int()` would choke on: non-ASCII digits, thousands of digits."""
        raw = str(self.request_data.get(name, "")).strip()
        if raw and not NUMBER.fullmatch(raw) and raw.isdigit():
            shown = raw[:40] + ("..." if len(raw) > 40 else "")
            raise BadRequest(f"Invalid {name} '{shown}' provided. Please provide {expected}.")
