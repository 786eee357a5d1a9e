"""Tastypie paging with the bounds a database can take."""

from tastypie.exceptions import BadRequest
from tastypie.paginator import Paginator

MAX_OFFSET = 2**31 - 1
MAX_NUMBER = 2**63 - 1


class HexoPaginator(Paginator):
    """Stock paging (default 20, at most 1000, `limit=0` = 1000, relative next/previous)."""

    def get_limit(self) -> int:
        raw = str(self.request_data.get("limit", "")).strip()
        if raw.isdigit() and int(raw) > MAX_NUMBER:
            raise BadRequest(f"Invalid limit '{raw}' provided. Please provide a positive integer.")
        return super().get_limit()

    def get_offset(self) -> int:
        offset = super().get_offset()
        if offset > MAX_OFFSET:
            raise BadRequest(
                f"Invalid offset '{offset}' provided. The largest offset is {MAX_OFFSET}."
            )
        return offset
