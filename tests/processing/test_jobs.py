"""openhexo.processing.jobs: raw uploads processed in the background into the derived series a
Hexoskin user reads, records moved through `processing` to `complete` or `error`."""

import numpy as np
import pytest

from openhexo.processing import jobs
from openhexo.processing.derive import versions
from openhexo.processing.models import Job, PendingSpan, Piece
from openhexo.records.models import Record
from openhexo.records.status import record_status

from .recording import BREATHING_RATE, CADENCE, HEART_RATE, T0, Recording

MINUTES = 3


@pytest.fixture(autouse=True)
def at_once(settings):
    settings.PROCESSING_DELAY_SECONDS = 0


@pytest.fixture(scope="module")
def raw_body():
    return Recording(MINUTES * 60).body()


def upload(api, user, data, capture):
    with capture(execute=True):  # the jobs queued when the upload commits
        response = api.post("/api/data/", user, [{"data": data}])
    assert response.status_code == 201, response.content
    return response


def series(api, user, datatype: int) -> np.ndarray:
    answer = api.get("/api/data/", user, {"datatype": datatype}).json()
    return np.array(answer[0]["data"][str(datatype)] if answer else [], dtype=float)


def test_raw_uploads_become_the_derived_series(
    api, alice, raw_body, django_capture_on_commit_callbacks
):
    upload(api, alice, raw_body, django_capture_on_commit_callbacks)
    heart_rate, breathing, cadence = (series(api, alice, pk) for pk in (19, 33, 53))
    assert abs(np.median(heart_rate[10:, 1]) - HEART_RATE) <= 2
    assert abs(np.median(breathing[30:, 1]) - BREATHING_RATE) <= 1
    assert abs(np.median(cadence[10:, 1]) - CADENCE) <= 3
    assert np.all(np.diff(heart_rate[:, 0]) == 256) and heart_rate[0, 0] == T0 + 256
    beats = series(api, alice, 17)
    assert abs(len(beats) - HEART_RATE * MINUTES) <= 4
    for pk in (18, 34, 35, 36, 37, 49, 52, 1000, 1001):
        assert len(series(api, alice, pk)), f"datatype {pk} was not derived"


def test_the_record_is_complete_with_the_algorithms_that_made_it(
    api, alice, raw_body, django_capture_on_commit_callbacks
):
    upload(api, alice, raw_body, django_capture_on_commit_callbacks)
    record = Record.objects.get(user=alice)
    assert record.status == "complete" and record.data_status == {}
    Record.objects.filter(pk=record.pk).update(data_received=None)  # samples stopped long ago
    body = api.get(f"/api/record/{record.pk}/", alice).json()
    assert body["status"] == "complete"
    algo = api.get(body["algo"], alice).json()
    assert algo["algorithms"] == versions()
    assert not PendingSpan.objects.exists() and Job.objects.get().state == "done"


def test_processing_waits_for_samples_to_stop_arriving(
    api, alice, raw_body, settings, django_capture_on_commit_callbacks
):
    settings.PROCESSING_DELAY_SECONDS = 3600
    upload(api, alice, raw_body, django_capture_on_commit_callbacks)
    record = Record.objects.get(user=alice)
    assert record.status == "queued" and record_status(record) == "realtime"
    assert PendingSpan.objects.count() == 1 and not len(series(api, alice, 19))


def test_uploaded_derived_series_win_unless_forced(
    api, alice, raw_body, django_capture_on_commit_callbacks
):
    own = [[T0 + 256 * i, 99] for i in range(1, 60)]
    upload(api, alice, {**raw_body, "19": own}, django_capture_on_commit_callbacks)
    rates = series(api, alice, 19)
    assert rates[:59, 1].tolist() == [99] * 59  # theirs, where they sent it
    assert abs(np.median(rates[59:, 1]) - HEART_RATE) <= 2  # computed around it
    assert rates[59, 0] == T0 + 256 * 60 and len(series(api, alice, 33))
    with django_capture_on_commit_callbacks(execute=True):
        jobs.reprocess(alice.pk, force=True)
    assert abs(np.median(series(api, alice, 19)[10:, 1]) - HEART_RATE) <= 2


def test_running_a_piece_twice_changes_nothing(
    api, alice, raw_body, django_capture_on_commit_callbacks
):
    upload(api, alice, raw_body, django_capture_on_commit_callbacks)
    before = {pk: series(api, alice, pk) for pk in (17, 19, 33, 52)}
    piece = Piece.objects.get()
    Piece.objects.filter(pk=piece.pk).update(state="queued")
    Job.objects.update(state="running")
    jobs.run_piece(piece.pk)
    for pk, values in before.items():
        np.testing.assert_array_equal(series(api, alice, pk), values)


def test_a_failing_piece_is_retried_then_reported_on_its_records(
    api, alice, raw_body, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def broken(*args):
        calls.append(args)
        raise RuntimeError("the algorithm crashed")

    monkeypatch.setattr(jobs, "derive", broken)
    upload(api, alice, raw_body, django_capture_on_commit_callbacks)  # the first attempt
    record, piece = Record.objects.get(user=alice), Piece.objects.get()
    assert record.status == "processing" and piece.state == "queued"  # a retry is scheduled
    with pytest.raises(RuntimeError):
        jobs.run_piece(piece.pk)  # the queue's second attempt
    jobs.run_piece(piece.pk)  # the last one reports instead of raising
    assert len(calls) == jobs.MAX_ATTEMPTS
    record.refresh_from_db()
    assert record.status == "error"
    assert "the algorithm crashed" in record.data_status["error"]
    assert Piece.objects.get().state == "error" and Job.objects.get().state == "error"
    assert len(series(api, alice, 4113)) == MINUTES * 60 * 256  # the upload itself is intact
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.reprocess(alice.pk)
    assert Record.objects.get(pk=record.pk).status == "complete"


def test_a_piece_whose_worker_vanished_is_run_again_by_the_sweep(
    api, alice, raw_body, settings, django_capture_on_commit_callbacks
):
    settings.PROCESSING_DELAY_SECONDS = 3600
    upload(api, alice, raw_body, django_capture_on_commit_callbacks)
    PendingSpan.objects.update(created=PendingSpan.objects.get().created.replace(year=2000))
    settings.PROCESSING_DELAY_SECONDS = 0
    piece_ids = jobs.start_pending(alice.pk)  # as if its worker died right after
    Piece.objects.update(attempts=1, updated=Piece.objects.get().updated.replace(year=2000))
    assert jobs.stale_pieces() == piece_ids
    from openhexo.processing.tasks import sweep

    sweep.call_local()
    assert Piece.objects.get().state == "done"
    assert Record.objects.get(user=alice).status == "complete"


def test_pieces_are_cut_on_the_hour_grid():
    hour = 3600 * 256
    assert jobs.split(5, 10) == [(5, 10)]
    assert jobs.split(hour - 5, 2 * hour + 3) == [
        (hour - 5, hour - 1), (hour, 2 * hour - 1), (2 * hour, 2 * hour + 3),
    ]  # fmt: skip


def test_uploads_in_pieces_are_processed_once_they_stop_and_beats_stay_single(
    api, alice, settings, django_capture_on_commit_callbacks
):
    """Samples posted a minute at a time while recording: nothing runs while they arrive,
    then one job takes them all; a later minute is processed with a margin before it, so the
    edge computed earlier without what followed is computed again, never twice."""
    settings.PROCESSING_DELAY_SECONDS = 3600
    body = Recording(MINUTES * 60).body()["4113"]
    minute = 60 * 256
    for part in range(2):
        upload(api, alice, {"4113": body[part * minute : (part + 1) * minute]},
               django_capture_on_commit_callbacks)  # fmt: skip
    assert PendingSpan.objects.count() == 2 and not Job.objects.exists()
    settings.PROCESSING_DELAY_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        upload(api, alice, {"4113": body[2 * minute :]}, django_capture_on_commit_callbacks)
    assert Job.objects.count() == 1  # the three minutes at once
    upload(api, alice, {"4113": Recording(4 * 60).body()["4113"][3 * minute :]},
           django_capture_on_commit_callbacks)  # fmt: skip
    beats = series(api, alice, 17)[:, 0]
    assert np.diff(beats).min() > 256 * 60 / 200  # no beat found twice at a job's edge
    assert abs(len(beats) - HEART_RATE * 4) <= 6


def test_the_sweep_leaves_pieces_that_only_wait_in_a_backlog(api, alice, settings):
    settings.PROCESSING_DELAY_SECONDS = 0
    job = Job.objects.create(user=alice, start=T0, end=T0 + 256)
    waiting = Piece.objects.create(job=job, start=T0, end=T0 + 256)
    Piece.objects.filter(pk=waiting.pk).update(updated=waiting.updated.replace(year=2000))
    assert jobs.stale_pieces() == []  # never started: its message is still in the queue
    Job.objects.filter(pk=job.pk).update(created=job.created.replace(year=2000))
    assert jobs.stale_pieces() == [waiting.pk]  # hours later: its message was lost
