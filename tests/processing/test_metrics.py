"""openhexo.processing.metrics: what records and ranges show once their samples are processed."""

import numpy as np
import pytest

from openhexo.processing.models import MetricValue
from openhexo.records.models import Range, Record

from .recording import CADENCE, HEART_RATE, T0, Recording

SECONDS = 180


@pytest.fixture(autouse=True)
def at_once(settings):
    settings.PROCESSING_DELAY_SECONDS = 0


@pytest.fixture
def processed(api, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/data/", alice, [{"data": Recording(SECONDS).body()}])
    assert response.status_code == 201
    return Record.objects.get(user=alice)


def metric(owner, metric_id: int):
    field = "range" if isinstance(owner, Range) else "record"
    return MetricValue.objects.get(**{field: owner, "metric_id": metric_id})


def test_a_processed_record_has_its_summary_metrics(processed):
    assert abs(metric(processed, 44).value - HEART_RATE) <= 2
    assert metric(processed, 46).value <= metric(processed, 44).value <= metric(processed, 47).value
    assert abs(metric(processed, 17).value - CADENCE) <= 5
    steps = metric(processed, 71).value
    assert abs(steps - CADENCE * (SECONDS - 3) / 60) <= 10
    histogram = metric(processed, 45).data["data1"]
    assert SECONDS - 10 <= sum(histogram["value"]) <= SECONDS  # a count per known second
    assert histogram["bin_edge"][0] == 20 and histogram["bin_edge"][-1] == 220
    assert 0 < metric(processed, 139).value < 30  # kcal in three minutes of walking
    assert not MetricValue.objects.filter(record=processed, metric_id=2038).exists()  # no GPS


def test_a_range_gets_its_metrics_when_saved(
    api, alice, processed, django_capture_on_commit_callbacks
):
    body = {"name": "walk", "start": T0 + 60 * 256, "end": T0 + 120 * 256,
            "context": {"activitytype": "/api/activitytype/10/"}}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/range/", alice, body)
    assert response.status_code == 201, response.content
    span = Range.objects.get(user=alice)
    assert abs(metric(span, 44).value - HEART_RATE) <= 2
    assert abs(metric(span, 71).value - CADENCE) <= 6  # a minute of steps


def test_a_sleep_range_gets_sleep_positions(api, alice, django_capture_on_commit_callbacks):
    lying = np.zeros((SECONDS * 64, 3), dtype=np.int64)
    lying[:, 2] = 256  # Z reads 1 g: lying flat
    times = T0 + np.arange(SECONDS * 64) * 4
    data = {str(4145 + a): np.column_stack((times, lying[:, a])).tolist() for a in range(3)}
    with django_capture_on_commit_callbacks(execute=True):
        api.post("/api/data/", alice, [{"data": data}])
        body = {"name": "night", "start": T0, "end": T0 + SECONDS * 256,
                "context": {"activitytype": "/api/activitytype/12/"}}  # fmt: skip
        assert api.post("/api/range/", alice, body).status_code == 201
    span = Range.objects.get(user=alice)
    positions = api.get("/api/data/", alice, {"datatype": 270}).json()[0]["data"]["270"]
    assert len(positions) == 1 and positions[0][1] != 5  # one lying position, not upright
    held = sum(metric(span, m).value for m in range(1033, 1038))
    assert held == pytest.approx(SECONDS - 1, abs=1) and metric(span, 1038).value == 0


def test_a_rest_test_range_gets_hrv_or_minus_one(
    api, alice, processed, django_capture_on_commit_callbacks
):
    def rest_test(start_s: int, end_s: int) -> Range:
        body = {"name": "rest", "start": T0 + start_s * 256, "end": T0 + end_s * 256,
                "context": {"activitytype": "/api/activitytype/106/"}}  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            assert api.post("/api/range/", alice, body).status_code == 201
        return Range.objects.filter(user=alice).order_by("-pk").first()

    whole = rest_test(0, SECONDS)
    lf, hf = metric(whole, 50).value, metric(whole, 170).value
    assert 0 <= lf <= 100 and lf + hf == pytest.approx(100)
    nn = api.get("/api/data/", alice, {"datatype": 318}).json()[0]["data"]["318"]
    assert abs(len(nn) - HEART_RATE * SECONDS / 60) <= 10  # a clean simulated ECG: all beats NN
    assert 256 * 60 / 80 < np.median([v for _, v in nn]) < 256 * 60 / 65
    short = rest_test(10, 70)  # about 70 beats: fewer than the 128 HRV needs
    assert metric(short, 50).value == metric(short, 170).value == -1
