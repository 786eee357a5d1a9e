"""Jobs: pending spans taken into pieces, pieces processed and written, records moved from
`queued` through `processing` to `complete` or `error`.

Computing a piece happens outside any transaction (it only reads); writing its results takes
the user's sample lock briefly, so uploads never wait for the algorithms. Every step can run
twice: a piece already done is skipped, a piece's results replace what the window held.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openhexo.catalog.models import Algo
from openhexo.records.actions import merge_spans
from openhexo.records.models import Record
from openhexo.records.timestamps import TICKS_PER_SECOND
from openhexo.timeseries.actions import lock_samples

from .channels import MARGIN
from .derive import derive, versions
from .models import Job, PendingSpan, Piece
from .queue import queue_window, records_in, refresh_metrics_later, schedule
from .results import replace_derived
from .tasks import MAX_ATTEMPTS

log = logging.getLogger(__name__)
PIECE_TICKS = 3600 * TICKS_PER_SECOND  # an hour of a full channel set: ~60 MB to process
STALE = timedelta(minutes=15)  # a started piece untouched this long lost its worker
FORGOTTEN = timedelta(hours=6)  # a piece never started this long after its job: message lost


def start_pending(user_id: int) -> list[int]:
    """A job over the user's pending spans, once the newest has waited the processing delay
    (samples stopped arriving) and no job of theirs is running; its pieces' ids. Each window
    starts a margin early, so what an earlier job computed at its edge without the samples
    that came after is computed again with them."""
    quiet_since = timezone.now() - timedelta(seconds=settings.PROCESSING_DELAY_SECONDS)
    with transaction.atomic():
        lock_samples(user_id)
        if Job.objects.filter(user_id=user_id, state="running").exists():
            return []  # its end queues what waits
        pending = list(PendingSpan.objects.filter(user_id=user_id))
        if not pending or max(span.created for span in pending) > quiet_since:
            return []  # samples still arriving: a later task takes them all
        PendingSpan.objects.filter(pk__in=[span.pk for span in pending]).delete()
        return [pk for window in _windows(pending) for pk in _new_job(user_id, *window)]


def _windows(spans: list[PendingSpan]) -> list[tuple[int, int, bool]]:
    windows = merge_spans([(span.start, span.end) for span in spans])
    return [
        (start - MARGIN, end, any(s.force for s in spans if s.start <= end and s.end >= start))
        for start, end in windows
    ]


def _new_job(user_id: int, start: int, end: int, force: bool) -> list[int]:
    job = Job.objects.create(user_id=user_id, start=start, end=end, force=force)
    pieces = Piece.objects.bulk_create(Piece(job=job, start=a, end=b) for a, b in split(start, end))
    records_in(user_id, start, end).update(status="processing")
    return [piece.pk for piece in pieces]


def split(start: int, end: int) -> list[tuple[int, int]]:
    """[start, end] cut on the hour grid."""
    cuts = range((start // PIECE_TICKS + 1) * PIECE_TICKS, end + 1, PIECE_TICKS)
    bounds = [start, *cuts, end + 1]
    return [(low, high - 1) for low, high in zip(bounds, bounds[1:], strict=False) if low < high]


def run_piece(piece_id: int) -> None:
    """Process one piece (if still to do and not taken by another worker); raises to be
    retried, until the last attempt, which marks it, its job and its records as failed."""
    piece = Piece.objects.select_related("job").filter(pk=piece_id, state="queued").first()
    if piece is None or piece.job.state != "running":
        return
    if piece.attempts >= MAX_ATTEMPTS:  # its workers kept vanishing (killed, out of memory)
        fail(piece, RuntimeError(f"no worker finished it in {piece.attempts} attempts"))
        return
    claimed = Piece.objects.filter(pk=piece.pk, state="queued", attempts=piece.attempts)
    if not claimed.update(attempts=F("attempts") + 1, updated=timezone.now()):
        return  # another worker took it meanwhile
    try:
        _process(piece)
    except Exception as error:
        if piece.attempts + 1 < MAX_ATTEMPTS:
            raise
        log.exception("Processing piece %s of job %s failed", piece.pk, piece.job_id)
        fail(piece, error)


def _process(piece: Piece) -> None:
    job = piece.job
    outputs = derive(job.user_id, piece.start, piece.end)
    with transaction.atomic():
        lock_samples(job.user_id)
        replace_derived(job.user_id, piece.start, piece.end, outputs, job.force)
        Piece.objects.filter(pk=piece.pk).update(state="done", updated=timezone.now())
        if not job.pieces.exclude(state="done").exists():
            finish(job)


def finish(job: Job) -> None:
    """A job whose pieces are all done: its records settle (complete, with today's
    algorithms), their metrics follow in a task of their own, and what waits is queued."""
    Job.objects.filter(pk=job.pk).update(state="done", updated=timezone.now())
    settle(job.user_id, job.start, job.end)
    transaction.on_commit(
        lambda: refresh_metrics_later(job.user_id, job.start, job.end), robust=True
    )
    transaction.on_commit(lambda: schedule(job.user_id), robust=True)


def fail(piece: Piece, error: Exception) -> None:
    reason = f"processing failed: {type(error).__name__}: {error}"[:500]
    job = piece.job
    with transaction.atomic():
        lock_samples(job.user_id)
        Piece.objects.filter(pk=piece.pk).update(state="error", error=reason)
        Job.objects.filter(pk=job.pk).update(state="error", error=reason)
        settle(job.user_id, job.start, job.end, failure=reason)
        transaction.on_commit(lambda: schedule(job.user_id), robust=True)


def settle(user_id: int, start: int, end: int, failure: str | None = None) -> None:
    """The status of each record over [start, end]: `queued` while samples of it wait,
    `processing` while a job runs over it, else `error` (this failure) or `complete`."""
    algo = None
    for record in records_in(user_id, start, end):
        over = {"user_id": user_id, "start__lte": record.end, "end__gte": record.start}
        if PendingSpan.objects.filter(**over).exists():
            record.status = "queued"
        elif Job.objects.filter(state="running", **over).exists():
            record.status = "processing"
        elif failure:
            record.status, record.data_status = "error", {"error": failure}
        else:
            algo = algo or current_algo()
            record.status, record.data_status, record.algo = "complete", {}, algo
        record.save(update_fields=["status", "data_status", "algo", "last_modified"])


def current_algo() -> Algo:
    """The Algo row of the algorithms' versions today (one per set of versions)."""
    wanted = versions()
    for algo in Algo.objects.order_by("-id"):
        if algo.algorithms == wanted:
            return algo
    return Algo.objects.create(algorithms=wanted)


def reprocess(user_id: int, record_id: int | None = None, force: bool = False) -> int:
    """Queue a user's records (or one of them) to be processed again; how many. `force`
    recomputes the derived series the user uploaded too."""
    records = Record.objects.filter(user_id=user_id)
    if record_id is not None:
        records = records.filter(pk=record_id)
    with transaction.atomic():
        windows = list(records.values_list("start", "end"))
        for start, end in windows:
            queue_window(user_id, start, end, force)
    return len(windows)


def stale_pieces() -> list[int]:
    """Pieces to queue again: started by a worker that went quiet (killed, machine lost), or
    never started long after their job began (their message lost)."""
    now = timezone.now()
    running = Piece.objects.filter(state="queued", job__state="running")
    started = running.filter(attempts__gt=0, updated__lt=now - STALE)
    forgotten = running.filter(attempts=0, job__created__lt=now - FORGOTTEN)
    return sorted({*started.values_list("pk", flat=True), *forgotten.values_list("pk", flat=True)})


def forgotten_users() -> list[int]:
    """Users with pending spans older than their task should have taken them."""
    cutoff = timezone.now() - timedelta(seconds=settings.PROCESSING_DELAY_SECONDS) - STALE
    forgotten = PendingSpan.objects.filter(created__lt=cutoff)
    return sorted(set(forgotten.values_list("user_id", flat=True)))


def prune() -> int:
    """Forget jobs done more than a day ago (failed ones stay, with their reasons)."""
    old = Job.objects.filter(state="done", updated__lt=timezone.now() - timedelta(days=1))
    return old.delete()[0]
