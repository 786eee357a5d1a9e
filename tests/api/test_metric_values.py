"""The `metrics` lists of records and ranges: activity-type defaults, `include_metrics`,
values (null without data), zones and histograms, seen only by who may see the owner."""

import pytest

from openhexo.accounts.models import PermissionBundle
from openhexo.accounts.sharing import grant
from openhexo.api.metric_values import zone
from openhexo.processing.models import MetricValue
from openhexo.records.models import Range, Record

START, END = 427217263872, 427217263872 + 3600 * 256
HISTOGRAM = {"data1": {"bin_edge": [20, 30], "count": 1, "unit": "bpm", "value": [5]},
             "data2": {"count": 1, "unit": "%", "value": [100.0]}}  # fmt: skip


@pytest.fixture
def record(alice):
    record = Record.objects.create(user=alice, start=START, end=END)
    MetricValue.objects.create(user=alice, record=record, metric_id=44, value=140.5)
    MetricValue.objects.create(user=alice, record=record, metric_id=45, value=140.5, data=HISTOGRAM)
    return record


@pytest.fixture
def run(alice):
    span = Range.objects.create(user=alice, name="run", start=START, end=END, activitytype_id=10)
    MetricValue.objects.create(user=alice, range=span, metric_id=71, value=3120)
    return span


def metrics(api, user, path, **params):
    response = api.get(path, user, params)
    assert response.status_code == 200, response.content
    return {m["id"]: m for m in response.json()["metrics"]}


def test_a_record_shows_the_metrics_asked_for(api, alice, record):
    assert metrics(api, alice, f"/api/record/{record.pk}/") == {}
    shown = metrics(api, alice, f"/api/record/{record.pk}/", include_metrics="44,47")
    assert shown[44] == {
        "id": 44, "name": "heartrate_avg", "resource_uri": "/api/metric/44/", "title": "HR Avg",
        "value": 140.5, "zone": 2, "zones": [0, 114, 133, 152, 171, 250],
        "unit": {"id": 700, "resource_uri": "/api/unit/700/", "si_long": "beats per minute",
                 "si_short": "bpm"},
    }  # fmt: skip
    assert shown[47]["value"] is None and shown[47]["zone"] is None  # no data for it


def test_a_range_shows_its_activity_types_defaults(api, alice, run):
    shown = metrics(api, alice, f"/api/v1/range/{run.pk}/")
    assert list(shown) == [44, 71, 139]  # Running: HR Avg, Steps, Energy
    assert shown[71]["value"] == 3120 and shown[71]["zone"] == 1
    assert shown[71]["resource_uri"] == "/api/v1/metric/71/"


def test_histograms_come_with_include_histograms(api, alice, record):
    path = f"/api/record/{record.pk}/"
    assert "data1" not in metrics(api, alice, path, include_metrics=45)[45]
    shown = metrics(api, alice, path, include_metrics=45, include_histograms=1)[45]
    assert shown["data1"] == HISTOGRAM["data1"] and shown["data2"] == HISTOGRAM["data2"]


def test_metrics_are_seen_only_with_the_record(api, alice, bob, carol, record):
    grant(alice, bob, PermissionBundle.objects.get(name="friend"))
    path = f"/api/record/{record.pk}/"
    assert metrics(api, bob, path, include_metrics=44)[44]["value"] == 140.5
    assert api.get(path, carol, {"include_metrics": 44}).status_code == 404


@pytest.mark.parametrize(
    ("value", "zones", "expected"),
    [(None, [0, 1], None), (5, None, -1), (0.15, [0, 0.1, 0.2], 1), (900, [0, 10, 20], 1),
     (-3, [0, 10, 20], 0)],
)  # fmt: skip
def test_zone_of_a_value(value, zones, expected):
    assert zone(value, zones) == expected
