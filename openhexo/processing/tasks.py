"""The job queue's tasks (huey: SQLite storage in the data directory, or Redis): taking
pending spans into jobs, processing pieces, metrics of records and ranges, and a sweep that
requeues what a lost worker or a lost message left behind.

The algorithms (numpy, scipy) load inside the tasks: a serving process that only queues jobs
never imports them.
"""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

MAX_ATTEMPTS = 3


@db_task(retries=2, retry_delay=30)
def start_jobs(user_id: int) -> None:
    from . import jobs

    for piece_id in jobs.start_pending(user_id):
        run_piece(piece_id)


@db_task(retries=MAX_ATTEMPTS - 1, retry_delay=30)
def run_piece(piece_id: int) -> None:
    from . import jobs

    jobs.run_piece(piece_id)


@db_task(retries=2, retry_delay=30)
def range_metrics(range_id: int) -> None:
    from openhexo.records.models import Range

    from . import metrics

    span = Range.objects.select_related("user__profile").filter(pk=range_id).first()
    if span is not None:
        metrics.refresh_range(span.user, span)


@db_task(retries=2, retry_delay=30)
def refresh_metrics(user_id: int, start: int, end: int) -> None:
    from django.contrib.auth import get_user_model

    from . import metrics

    user = get_user_model().objects.select_related("profile").filter(pk=user_id).first()
    if user is not None:
        metrics.refresh(user, start, end)


@db_periodic_task(crontab(minute="*/5"))
def sweep() -> None:
    from . import jobs

    for piece_id in jobs.stale_pieces():
        run_piece(piece_id)
    for user_id in jobs.forgotten_users():
        start_jobs(user_id)
    jobs.prune()
