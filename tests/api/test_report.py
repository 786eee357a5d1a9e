"""`report` and `distribution`: metrics of records, ranges and a user's window, v1 shape."""

import numpy as np
import pytest

from openhexo.accounts.models import PermissionBundle
from openhexo.accounts.sharing import grant
from openhexo.processing.models import MetricValue
from openhexo.records.models import Range, Record

T0 = 427217263872 // (3600 * 256) * (3600 * 256)  # on the hour
HR = [[T0 + 256 * i, 60 + i % 21] for i in range(1, 601)]  # ten minutes, 60 to 80 bpm


@pytest.fixture
def uploaded(api, alice):
    response = api.post("/api/data/", alice, [{"data": {"19": HR}}])
    assert response.status_code == 201
    return Record.objects.get(user=alice)


def report(api, caller, path="/api/report/", status=200, **params):
    response = api.get(path, caller, params)
    assert response.status_code == status, response.content
    return response.json()


def test_a_users_window_is_reported_from_its_samples(api, alice, uploaded):
    body = report(api, alice, user=alice.pk, start=T0 + 10, end=T0 + 600 * 256,
                  include_metrics="44,46,47,71")  # fmt: skip
    assert (body["count"], body["outputtype"], body["title"]) == (1, "list", "")
    results = {r["name"]: r for r in body["data"][0]}
    rates = np.array([v for _, v in HR])
    assert results["heartrate_avg"]["value"] == pytest.approx(rates.mean(), abs=0.01)
    assert (results["heartrate_min"]["value"], results["heartrate_max"]["value"]) == (60, 80)
    assert results["step_count"]["value"] is None  # no steps in this window
    first = results["heartrate_avg"]
    assert first["metric"] == first["uri"] == "/api/metric/44/" and first["unit"] == "bpm"
    assert first["timerange"] == {
        "start": T0,
        "end": T0 + 3600 * 256,
        "user": f"/api/user/{alice.pk}/",
    }
    assert first["zone"] == 0 and first["outputtype"] == "value"


def test_a_record_is_reported_from_its_stored_metrics(api, alice, uploaded):
    MetricValue.objects.create(user=alice, record=uploaded, metric_id=44, value=71.5)
    body = report(api, alice, path="/api/v1/report/", record=uploaded.pk, include_metrics=44)
    assert body["record"] == f"/api/v1/record/{uploaded.pk}/"
    assert body["report"] == "/api/v1/templatereport/None/"
    (result,) = body["data"][0]
    assert result["value"] == 71.5 and result["record"] == f"/api/v1/record/{uploaded.pk}/"


def test_ranges_each_give_a_list(api, alice, uploaded):
    spans = [Range.objects.create(user=alice, start=T0 + k * 256, end=T0 + (k + 60) * 256)
             for k in (0, 300)]  # fmt: skip
    ids = ",".join(str(s.pk) for s in spans)
    body = report(api, alice, range__in=ids, include_metrics=44)
    assert body["count"] == 2 and body["record"] is None
    averages = [data[0]["value"] for data in body["data"]]
    assert averages[0] != averages[1] and all(60 <= a <= 80 for a in averages)


def test_histograms_in_distribution_and_on_request(api, alice, uploaded):
    window = {"start": T0, "end": T0 + 600 * 256, "include_metrics": 45}
    histogram = report(api, alice, path="/api/distribution/", **window)["data"][0][0]
    assert histogram["outputtype"] == "histogram"
    assert sum(histogram["data1"]["value"]) == 600 and histogram["data1"]["bin_edge"][0] == 20


def test_a_stranger_reports_nothing_of_anothers(api, alice, bob, carol, uploaded):
    assert report(api, carol, record=uploaded.pk)["count"] == 0
    report(api, carol, status=400, user=alice.pk, start=T0, end=T0 + 256)
    grant(alice, bob, PermissionBundle.objects.get(name="friend"))
    assert report(api, bob, record=uploaded.pk, include_metrics=44)["count"] == 1


@pytest.mark.parametrize(
    ("params", "named"),
    [({}, "record=, range="), ({"start": T0 + 3600 * 256, "end": T0}, "after"),
     ({"start": T0, "end": T0 + 40 * 24 * 3600 * 256}, "31 days"),
     ({"record": "x"}, "record"), ({"start": "soon", "end": T0}, "start")],
)  # fmt: skip
def test_bad_reports_are_refused_by_name(api, alice, params, named):
    assert named in report(api, alice, status=400, **params)["error"]


def test_reports_are_read_only(api, alice):
    assert api.post("/api/report/", alice, {}).status_code == 405


def test_several_users_each_give_a_list_and_metrics_may_be_uris(api, alice, bob, uploaded):
    grant(bob, alice, PermissionBundle.objects.get(name="friend"))
    api.post("/api/data/", bob, [{"data": {"19": [[t, 90] for t, _ in HR]}}])
    body = report(api, alice, user__in=f"{alice.pk},{bob.pk}", start=T0, end=T0 + 600 * 256,
                  include_metrics="/api/metric/44/")  # fmt: skip
    assert [data[0]["timerange"]["user"] for data in body["data"]] == [
        f"/api/user/{alice.pk}/", f"/api/user/{bob.pk}/",
    ]  # fmt: skip
    assert body["data"][1][0]["value"] == 90


def test_a_report_computes_at_most_a_month_of_samples(api, alice):
    day = 24 * 3600 * 256
    ids = [Range.objects.create(user=alice, start=T0 + k * day * 10, end=T0 + (k + 1) * day * 10).pk
           for k in range(4)]  # fmt: skip
    refused = report(api, alice, status=400, range__in=",".join(map(str, ids)))
    assert "31 days" in refused["error"]
