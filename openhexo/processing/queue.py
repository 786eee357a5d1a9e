"""Raw samples arriving queue their processing; derived samples arriving are remembered as
the user's own (processing leaves them alone). Both happen in the ingest's transaction, so an
upload that is stored always has its processing pending."""

from django.conf import settings
from django.db import transaction

from openhexo.records.models import Record

from .channels import DERIVED, RAW
from .models import PendingSpan, UploadedSpan

UPLOAD_GAP = 2 * 256  # uploads closer than this are one stretch the user owns


def samples_arrived(sender, user_id: int, spans: dict, **kwargs) -> None:
    """Receiver of timeseries.signals.samples_ingested."""
    derived = [span for pk, span in spans.items() if pk in DERIVED]
    for pk, span in spans.items():
        if pk in DERIVED:
            remember_upload(user_id, pk, span.first, span.last)
    raw = [span for pk, span in spans.items() if pk in RAW]
    if raw:
        queue_window(user_id, min(s.first for s in raw), max(s.last for s in raw))
    elif derived:  # no job will follow: the metrics of what they cover change now
        first, last = min(s.first for s in derived), max(s.last for s in derived)
        transaction.on_commit(lambda: refresh_metrics_later(user_id, first, last), robust=True)


def remember_upload(user_id: int, datatype_id: int, first: int, last: int) -> None:
    """One span per stretch of uploads: a stream of small posts extends the same row."""
    near = UploadedSpan.objects.filter(
        user_id=user_id, datatype_id=datatype_id, start__lte=last + UPLOAD_GAP,
        end__gte=first - UPLOAD_GAP,
    ).first()  # fmt: skip
    if near is None:
        UploadedSpan.objects.create(user_id=user_id, datatype_id=datatype_id, start=first, end=last)
    else:
        near.start, near.end = min(near.start, first), max(near.end, last)
        near.save(update_fields=["start", "end"])


def queue_window(user_id: int, start: int, end: int, force: bool = False) -> None:
    """Have [start, end] of the user's samples processed once this transaction commits."""
    PendingSpan.objects.create(user_id=user_id, start=start, end=end, force=force)
    records_in(user_id, start, end).update(status="queued")
    transaction.on_commit(lambda: schedule(user_id), robust=True)  # the sweep catches a miss


def refresh_metrics_later(user_id: int, start: int, end: int) -> None:
    """Have the metrics of the records and ranges over [start, end] computed again."""
    from .tasks import refresh_metrics

    refresh_metrics(user_id, start, end)


def records_in(user_id: int, start: int, end: int):
    return Record.objects.filter(user_id=user_id, start__lte=end, end__gte=start)


def range_saved(sender, instance, **kwargs) -> None:
    """Receiver of Range's post_save: its metrics are computed once the save commits."""
    from .tasks import range_metrics

    transaction.on_commit(lambda: range_metrics(instance.pk), robust=True)


def schedule(user_id: int) -> None:
    from .tasks import start_jobs  # the task queue is set up only when a job is queued

    delay = settings.PROCESSING_DELAY_SECONDS
    if delay > 0:
        start_jobs.schedule((user_id,), delay=delay)
    else:
        start_jobs(user_id)
