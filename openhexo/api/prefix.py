"""The URL prefix of the request being served (`/api/` or `/api/v1/`).

Every URI the API renders uses the prefix its caller used: v1 clients compare against
`/api/v1/...` strings, 3.x clients slice `/api/user/<id>/` by position.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_PREFIX = "/api/"
V1_PREFIX = "/api/v1/"
_prefix: ContextVar[str] = ContextVar("api_prefix", default=DEFAULT_PREFIX)


def current_prefix() -> str:
    return _prefix.get()


def prefix_of(path: str) -> str:
    return V1_PREFIX if path.startswith(V1_PREFIX) else DEFAULT_PREFIX


@contextmanager
def serving(path: str) -> Iterator[str]:
    """Render URIs with the prefix of `path` while the block runs."""
    token = _prefix.set(prefix_of(path))
    try:
        yield _prefix.get()
    finally:
        _prefix.reset(token)
