"""Multi-step writes on samples: ingest with its records, deleting a record's samples."""

from collections.abc import Iterable

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Sum

from openhexo.catalog.models import Datatype
from openhexo.records.actions import cover_samples, uncovered_parts
from openhexo.records.models import Record

from . import store
from .models import Chunk
from .signals import samples_ingested


def ingest(user_id: int, pieces: Iterable[tuple[Datatype, np.ndarray, np.ndarray]]) -> dict:
    """Store pieces of (datatype, timestamps, values) and create or extend the records around
    them, all or nothing; pieces may come from a generator reading a file as it goes.

    Returns {datatype id: store.Span}. One user's ingests run one at a time, so two
    uploads cannot both create a record for the same samples.
    """
    spans: dict[int, store.Span] = {}
    covered = []
    with transaction.atomic():
        lock_samples(user_id)
        for datatype, times, values in pieces:
            for pk, span in store.write(user_id, {datatype: (times, values)}, bump=False).items():
                spans[pk] = span if pk not in spans else store.joined(spans[pk], span)
                start, _ = store.time_covered(datatype, span.first, span.last)
                covered.append((start, span.last))
        cover_samples(user_id, covered)
        if spans:
            store.bump_versions([user_id])
            samples_ingested.send(sender=None, user_id=user_id, spans=spans)
    return spans


def lock_samples(user_id: int) -> None:
    """Serialise the writes of one user's samples (their row lock lasts the transaction), so an
    ingest cannot merge into chunks that a deletion is removing."""
    list(get_user_model().objects.select_for_update().filter(pk=user_id).values("pk"))


def delete_record(record: Record) -> None:
    """Delete a record and the samples inside it that no other record of its user covers."""
    with transaction.atomic():
        lock_samples(record.user_id)
        for start, end in uncovered_parts(record.user_id, record.start, record.end, record):
            store.delete(record.user_id, start, end)
        record.delete()


def trim_record(record: Record, old_start: int, old_end: int | None) -> None:
    """After a record moved or shrank, delete the samples of its old window that no record
    covers any more: what a record gives up goes as if that part were deleted."""
    if old_end is None:
        return
    with transaction.atomic():
        lock_samples(record.user_id)
        for start, end in uncovered_parts(record.user_id, old_start, old_end):
            store.delete(record.user_id, start, end)


def erase_user(user) -> dict[str, int]:
    """Delete a user and everything theirs (records, samples, shares, keys); what went."""
    with transaction.atomic():
        lock_samples(user.pk)
        samples = Chunk.objects.filter(user=user).aggregate(total=Sum("count"))["total"] or 0
        _, deleted = user.delete()
    return {"samples": samples} | {label.split(".")[-1].lower(): n for label, n in deleted.items()}
