"""The datatype catalogue, held in each process: every data request names datatypes, and the
catalogue only changes when it is seeded (migrate) or edited by staff.

A process drops its copy when a Datatype or Unit is saved or deleted in it, and in any case
after RELOAD_SECONDS, so an edit made in another serving process shows within that time.
"""

import threading
import time

from django.db import transaction

from .models import Datatype

RELOAD_SECONDS = 60.0
_lock = threading.Lock()
_held: tuple[float, dict[int, Datatype]] | None = None


def catalogue() -> dict[int, Datatype]:
    """{id: Datatype with its units loaded}; shared, so callers must not change the objects."""
    global _held
    held = _held
    if held is not None and time.monotonic() - held[0] < RELOAD_SECONDS:
        return held[1]
    with _lock:
        loaded = Datatype.objects.select_related("unit", "unit_raw").in_bulk()
        _held = (time.monotonic(), loaded)
    return loaded


def forget(**kwargs) -> None:
    """Signal receiver: the next call to catalogue() reads the database again."""
    global _held
    _held = None


def forget_now_and_on_commit(**kwargs) -> None:
    """After an edit: now for this transaction, and again once it commits, since another
    thread may have read the old rows in between."""
    forget()
    transaction.on_commit(forget)
