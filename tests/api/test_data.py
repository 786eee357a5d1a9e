"""`data`: JSON ingest and reads with every parameter of API.md section 3.1, and who sees what."""

import json
import math

import pytest

from openhexo.accounts.models import PermissionBundle
from openhexo.accounts.sharing import grant
from openhexo.records.models import Range, Record
from openhexo.records.status import record_status
from openhexo.timeseries.models import Chunk

T0 = 427217263872  # 2022-11-19T00:23:57Z
ECG = [[T0 + i, 2000 + (i * 37) % 500] for i in range(3000)]
HR = [[T0 + 256 * i, 60 + i % 40] for i in range(12)]
ALICE_URI = "/api/user/{}/"


def post(api, user, data, owner=None, **extra):
    entry = {"data": data} | ({"user": ALICE_URI.format(owner.pk)} if owner else {})
    return api.post("/api/data/", user, [entry], **extra)


@pytest.fixture
def uploaded(api, alice):
    response = post(api, alice, {"4113": ECG, "19": HR})
    assert response.status_code == 201, response.content
    return response


def get(api, caller, **params):
    response = api.get("/api/data/", caller, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def share(owner, grantee, bundle: str) -> None:
    grant(owner, grantee, PermissionBundle.objects.get(name=bundle))


# --- ingest ----------------------------------------------------------------------------------


def test_post_answers_what_it_stored_per_user_and_datatype(uploaded, alice):
    assert uploaded.json() == [
        {
            "user": ALICE_URI.format(alice.pk),
            "datatypes": {
                "4113": {"count": 3000, "start": T0, "end": T0 + 2999},
                "19": {"count": 12, "start": T0, "end": T0 + 256 * 11},
            },
        }
    ]


def test_a_sample_sent_twice_in_one_body_is_stored_and_counted_once(api, alice):
    body = [{"data": {"19": HR[:8]}}, {"data": {"19": [[T0 + 256 * 7, 99], *HR[8:]]}}]
    response = api.post("/api/data/", alice, body)
    assert response.json()[0]["datatypes"]["19"] == {"count": 12, "start": T0, "end": HR[-1][0]}
    stored = get(api, alice, datatype=19)[0]["data"]["19"]
    assert stored == [*HR[:7], [T0 + 256 * 7, 99], *HR[8:]]


def test_what_get_answers_posts_back_unchanged(api, alice, bob, uploaded):
    answer = api.get("/api/data/", alice, {"datatype": "4113,19"})
    assert answer.json() == [{"user": ALICE_URI.format(alice.pk), "data": {"4113": ECG, "19": HR}}]
    Chunk.objects.all().delete()
    again = api.post("/api/data/", alice, raw=answer.content)
    assert again.status_code == 201
    assert api.get("/api/data/", alice, {"datatype": "4113,19"}).content == answer.content


def test_samples_create_a_realtime_record_covering_them(uploaded, alice):
    record = Record.objects.get(user=alice)
    # A 1 Hz value closes its second (Hexoskin's convention): the record starts 1 s earlier.
    assert (record.start, record.end, record.device) == (T0 - 256, T0 + 2999, None)
    assert record_status(record) == "realtime"
    assert record.status == "queued"  # for processing, once samples stop arriving


def test_fast_series_open_their_record(api, alice):
    post(api, alice, {"4113": ECG})
    assert Record.objects.values_list("start", "end").get() == (T0, T0 + 2999)


def test_later_samples_extend_the_record_and_distant_ones_make_another(api, alice, uploaded):
    post(api, alice, {"19": [[T0 + 256 * 100, 80]]})
    record = Record.objects.get(user=alice)
    assert record.end == T0 + 256 * 100
    post(api, alice, {"19": [[T0 + 256 * 3600 * 5, 80]]})
    assert Record.objects.filter(user=alice).count() == 2


def test_a_record_is_realtime_only_while_samples_arrive(api, alice, uploaded):
    record = Record.objects.get(user=alice)
    detail = f"/api/record/{record.pk}/"
    assert api.get(detail, alice).json()["status"] == "realtime"
    record.data_received = record.data_received.replace(year=2000)
    record.save()
    assert api.get(detail, alice).json()["status"] == "queued"  # its processing is pending


def test_a_coach_writes_for_the_athlete_and_a_friend_may_not(api, alice, bob, carol):
    share(alice, bob, "coach")
    share(alice, carol, "friend")
    assert post(api, bob, {"19": HR}, owner=alice).status_code == 201
    refused = post(api, carol, {"19": [[T0, 1]]}, owner=alice)
    assert refused.status_code == 403
    assert "coach" in refused.json()["error"]
    assert Record.objects.get(user=alice).end == HR[-1][0]
    assert Chunk.objects.filter(user=bob).count() == 0


def test_a_stranger_cannot_name_a_user_to_write(api, alice, carol):
    refused = post(api, carol, {"19": HR}, owner=alice)
    assert refused.status_code == 400
    assert "user" in refused.json()["error"]


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"9999": HR}, "Unknown datatype: 9999"),
        ({"19": [[T0, "x"]]}, "not a number"),
        ({"19": [[T0, True]]}, "not a number"),
        ({"19": [[None, 1]]}, "not a number"),
        ({"19": [[T0, 1, 2]]}, "pairs"),
        ({"19": [[T0, 1, 2], [T0 + 256]]}, "pairs"),  # three and one: as many numbers as pairs
        ({"19": [[T0, [1, 2]]]}, "pairs"),
        ({"19": ["12", [T0, 1]]}, "not a number"),
        ({"19": [{"t": T0, "v": 1}]}, "not a number"),
        ({"19": [T0, 1]}, "pairs"),
        ({"19": {"a": 1}}, "pairs"),
        ({"19": [[-256, 1]]}, "before 1970"),
        ({"19": [[T0 + 0.5, 1]]}, "whole number"),
        ({"19": [[2**63, 1]]}, "64-bit"),
        ({"abc": HR}, "datatype"),
    ],
)
def test_bad_samples_are_refused_by_name_and_nothing_is_stored(api, alice, data, named):
    response = post(api, alice, {"4113": ECG, **data})
    assert response.status_code == 400
    assert named in response.json()["error"]
    assert Chunk.objects.count() == 0
    assert Record.objects.count() == 0


@pytest.mark.parametrize(
    "body", [b"not json", b'{"data": 5}', b"[1, 2]", b'[{"data": {"19": [[1, 2]', b"{}"]
)
def test_malformed_bodies_are_400(api, alice, body):
    response = api.post("/api/data/", alice, raw=body)
    assert response.status_code == 400
    assert response.json()["error"]


def test_an_unsupported_body_type_is_415(api, alice):
    response = api.post("/api/data/", alice, raw=b"x", content_type="application/xml")
    assert response.status_code == 415


def test_an_oversized_upload_is_413_and_stores_nothing(api, alice, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    response = post(api, alice, {"4113": ECG})
    assert response.status_code == 413
    assert Chunk.objects.count() == 0


def test_anonymous_and_readonly_callers_cannot_post(api, alice):
    assert api.post("/api/data/", None, [{"data": {"19": HR}}]).status_code == 401


# --- reading ---------------------------------------------------------------------------------


def test_every_requested_datatype_has_a_key_and_nothing_is_padded(api, alice, uploaded):
    answer = get(api, alice, datatype="19,33")
    assert answer == [{"user": ALICE_URI.format(alice.pk), "data": {"19": HR, "33": []}}]


def test_no_samples_in_scope_is_an_empty_list(api, alice, uploaded):
    assert get(api, alice, datatype=33) == []
    assert get(api, alice, datatype=19, start=T0 + 10**6, end=T0 + 2 * 10**6) == []
    between = get(api, alice, datatype=19, start=HR[0][0] + 1, end=HR[1][0] - 1)
    assert between == []  # a chunk holds samples on both sides, none inside


@pytest.mark.parametrize(
    "params",
    [
        {"datatype": "19"},
        {"datatype__in": "19"},
        {"datatype": "/api/datatype/19/"},
        {"datatype__exact": "19"},
        {"datatype__gte": "19", "datatype__lt": "20"},
        {"datatype__range": "19,20"},
    ],
)
def test_datatypes_are_named_every_way_clients_do(api, alice, uploaded, params):
    assert get(api, alice, **params)[0]["data"] == {"19": HR}


def test_all_datatypes_with_samples_when_none_is_named(api, alice, uploaded):
    assert set(get(api, alice)[0]["data"]) == {"19", "4113"}


@pytest.mark.parametrize(
    ("params", "low", "high"),
    [
        ({"start": T0 + 512, "end": T0 + 1024}, T0 + 512, T0 + 1024),
        ({"timestamp__gt": T0 + 512, "timestamp__lt": T0 + 1024}, T0 + 513, T0 + 1023),
        ({"timestamp__gte": T0 + 512, "timestamp__lte": T0 + 1024}, T0 + 512, T0 + 1024),
        ({"timestamp__range": f"{T0 + 512},{T0 + 1024}"}, T0 + 512, T0 + 1024),
        ({"start": T0 + 100, "timestamp__lte": T0 + 1024, "end": T0 + 2000}, T0 + 100, T0 + 1024),
        ({"start": T0 + 2000}, T0 + 2000, T0 + 10**9),  # polling: everything until now
    ],
)
def test_windows_are_inclusive_and_filters_combine(api, alice, uploaded, params, low, high):
    series = get(api, alice, datatype=4113, **params)[0]["data"]["4113"]
    assert series == [pair for pair in ECG if low <= pair[0] <= high]


def test_record_and_range_narrow_to_their_span_and_owner(api, alice, bob, uploaded):
    post(api, bob, {"4113": ECG})
    span = Range.objects.create(user=alice, start=T0 + 10, end=T0 + 20)
    record = Record.objects.get(user=alice)
    expected = [pair for pair in ECG if T0 + 10 <= pair[0] <= T0 + 20]
    assert get(api, alice, datatype=4113, range=span.pk)[0]["data"]["4113"] == expected
    by_record = get(api, alice, datatype=4113, record=f"/api/record/{record.pk}/")
    assert by_record == [{"user": ALICE_URI.format(alice.pk), "data": {"4113": ECG}}]
    both = get(api, alice, datatype=4113, record=record.pk, range=span.pk, end=T0 + 15)
    assert both[0]["data"]["4113"] == expected[:6]


def test_an_invisible_record_or_range_is_404(api, alice, carol, uploaded):
    record = Record.objects.get(user=alice)
    assert api.get("/api/data/", carol, {"record": record.pk}).status_code == 404
    assert api.get("/api/data/", alice, {"range": 999999}).status_code == 404


def test_users_in_scope_follow_the_shares(api, alice, bob, carol, uploaded):
    share(alice, bob, "friend")
    post(api, bob, {"19": HR[:2]})
    both = get(api, bob, datatype=19)
    assert [entry["user"] for entry in both] == [ALICE_URI.format(u.pk) for u in (alice, bob)]
    assert get(api, bob, datatype=19, user=alice.pk) == get(
        api, bob, datatype=19, user="alice@example.com"
    )
    assert get(api, carol, datatype=19) == []
    assert get(api, carol, datatype=19, user=alice.pk) == []
    assert api.get("/api/data/", None, {"datatype": 19}).status_code == 401


def test_flat_and_no_timestamps(api, alice, uploaded):
    assert get(api, alice, datatype=19, flat=1) == HR
    assert get(api, alice, datatype=19, flat="True", no_timestamps="exact") == [v for _, v in HR]
    nested = get(api, alice, datatype=19, no_timestamps=1)
    assert nested[0]["data"]["19"] == [v for _, v in HR]
    assert get(api, alice, datatype=19, flat="0")[0]["data"]["19"] == HR


@pytest.mark.parametrize("max_values", [1, 7, 999, 2999, 3000, 100000])
def test_long_series_keep_every_kth_sample(api, alice, uploaded, max_values):
    series = get(api, alice, datatype=4113, max_values=max_values)[0]["data"]["4113"]
    step = math.ceil(len(ECG) / min(max_values, 65536))
    assert series == ECG[::step]
    assert len(series) <= max_values


def test_seconds_and_scaled(api, alice, uploaded):
    in_seconds = get(api, alice, datatype=19, seconds=1)[0]["data"]["19"]
    assert in_seconds == [[t / 256, v] for t, v in HR]
    ecg = get(api, alice, datatype=4113, scaled=1, max_values=3)[0]["data"]["4113"]
    assert ecg == [[t, pytest.approx((v - 1360) * 0.0064)] for t, v in ECG[::1000]]


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"datatype": "abc"}, "datatype"),
        ({"datatype": "77777"}, "Unknown datatype"),
        ({"datatype__contains": "1"}, "datatype"),
        ({"start": "soon"}, "start"),
        ({"end": "-5"}, "end"),
        ({"timestamp__range": "5"}, "timestamp__range"),
        ({"timestamp": "5"}, "timestamp"),
        ({"max_values": "0"}, "max_values"),
        ({"max_values": "many"}, "max_values"),
        ({"user": "/api/record/5/"}, "user"),
    ],
)
def test_bad_parameters_are_400_naming_them(api, alice, uploaded, params, named):
    response = api.get("/api/data/", alice, params)
    assert response.status_code == 400
    assert named in response.json()["error"]


def test_v1_prefix_renders_v1_uris(api, alice, uploaded):
    answer = api.get("/api/v1/data/", alice, {"datatype": 19}).json()
    assert answer[0]["user"] == f"/api/v1/user/{alice.pk}/"


def test_datafile_and_per_datatype_aliases_answer_like_data(api, alice, uploaded):
    expected = api.get("/api/data/", alice, {"datatype": 19}).content
    assert api.get("/api/datafile/", alice, {"datatype": 19}).content == expected
    assert api.get("/api/heartrate/", alice).content == expected
    assert (
        api.get("/api/v1/ecg/", alice, {"max_values": 2}).json()[0]["data"]["4113"] == ECG[::1500]
    )
    listed = api.get("/api/", alice).json()
    assert {"data", "datafile"} <= set(listed) and "heartrate" not in listed


def test_aliases_are_read_only(api, alice):
    response = api.post("/api/heartrate/", alice, [{"data": {"19": HR}}])
    assert response.status_code == 405


# --- deleting --------------------------------------------------------------------------------


def test_deleting_a_record_deletes_its_samples_only(api, alice, uploaded):
    record = Record.objects.get(user=alice)
    post(api, alice, {"19": [[T0 + 256 * 3600 * 5, 80]]})
    assert api.delete(f"/api/record/{record.pk}/", alice).status_code == 204
    assert get(api, alice, datatype="4113,19") == [
        {
            "user": ALICE_URI.format(alice.pk),
            "data": {"4113": [], "19": [[T0 + 256 * 3600 * 5, 80]]},
        }
    ]


def test_samples_shared_with_an_overlapping_record_survive_its_neighbours_deletion(
    api, alice, uploaded
):
    record = Record.objects.get(user=alice)
    other = Record.objects.create(user=alice, start=T0 + 100, end=T0 + 200)
    assert api.delete(f"/api/record/{record.pk}/", alice).status_code == 204
    kept = get(api, alice, datatype=4113)[0]["data"]["4113"]
    assert kept == [pair for pair in ECG if other.start <= pair[0] <= other.end]


def test_a_record_shrunk_or_moved_takes_the_samples_it_gives_up(api, alice, uploaded):
    record = Record.objects.get(user=alice)
    other = Record.objects.create(user=alice, start=T0 + 2500, end=T0 + 2600)
    response = api.put(f"/api/record/{record.pk}/", alice, {"start": T0 + 1000, "end": T0 + 2000})
    assert response.status_code == 200, response.content

    def still_covered(pair):
        return T0 + 1000 <= pair[0] <= T0 + 2000 or other.start <= pair[0] <= other.end

    data = get(api, alice, datatype="4113,19")[0]["data"]
    assert data["4113"] == [pair for pair in ECG if still_covered(pair)]
    assert data["19"] == [pair for pair in HR if still_covered(pair)]
    assert len(data["19"]) == 5  # 4 s to 7 s, and 10 s in the other record


def test_a_record_grown_by_put_keeps_every_sample(api, alice, uploaded):
    record = Record.objects.get(user=alice)
    body = {"start": record.start - 256, "end": record.end + 256}
    assert api.put(f"/api/record/{record.pk}/", alice, body).status_code == 200
    assert get(api, alice, datatype="4113,19")[0]["data"] == {"4113": ECG, "19": HR}


def test_unknown_values_are_null_both_ways(api, alice):
    assert post(api, alice, {"270": [[T0, None], [T0 + 256, 2]]}).status_code == 201
    answer = api.get("/api/data/", alice, {"datatype": 270})
    assert answer.json()[0]["data"]["270"] == [[T0, None], [T0 + 256, 2.0]]
    assert api.post("/api/data/", alice, raw=answer.content).status_code == 201
    assert api.get("/api/data/", alice, {"datatype": 270}).content == answer.content


def test_one_unknown_value_leaves_the_integers_integers(api, alice, uploaded):
    post(api, alice, {"19": [[T0 + 256 * 100, None]]})
    body = api.get("/api/data/", alice, {"datatype": 19, "no_timestamps": 1}).content
    assert (
        body
        == b'[{"data":{"19":['
        + b",".join(b"%d" % v for _, v in HR)
        + b',null]},"user":"/api/user/%d/"}]' % alice.pk
    )


def test_json_bodies_keep_integers_as_integers(api, alice, uploaded):
    body = api.get("/api/data/", alice, {"datatype": 19}).content
    assert b"." not in body
    assert json.loads(body)[0]["data"]["19"][0] == [T0, 60]


# --- limits ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params", [{"max_values": "²"}, {"user": "²"}, {"record": "²"}, {"datatype": "²"}]
)
def test_non_ascii_digits_are_400(api, alice, params):
    assert api.get("/api/data/", alice, params).status_code == 400


def test_a_body_naming_a_user_with_non_ascii_digits_is_400(api, alice):
    assert api.post("/api/data/", alice, [{"user": "²", "data": {"19": HR}}]).status_code == 400
    assert api.post("/api/data/", alice, [{"data": {"²": HR}}]).status_code == 400


def test_timestamps_past_year_9999_are_refused(api, alice):
    response = post(api, alice, {"19": [[T0, 1], [2**62, 1]]})
    assert response.status_code == 400
    assert "outside 1970 to 9999" in response.json()["error"]
    assert Chunk.objects.count() == 0


def test_json_posts_honour_the_user_parameter(api, alice, bob):
    share(alice, bob, "coach")
    response = api.post(f"/api/data/?user={alice.pk}", bob, [{"data": {"19": HR}}])
    assert response.status_code == 201
    assert response.json()[0]["user"] == ALICE_URI.format(alice.pk)
    assert Chunk.objects.get().user_id == alice.pk


def test_json_uploads_over_their_own_limit_are_413(api, alice, monkeypatch):
    monkeypatch.setattr("openhexo.api.data.views.MAX_JSON_BYTES", 100)
    response = post(api, alice, {"19": HR})
    assert response.status_code == 413
    assert "100 bytes" in response.json()["error"]
    assert Chunk.objects.count() == 0


def test_too_many_series_at_once_are_refused(api, alice, uploaded, monkeypatch):
    monkeypatch.setattr("openhexo.api.data.read.MAX_SERIES", 1)
    response = api.get("/api/data/", alice)
    assert response.status_code == 400
    assert "datatype=" in response.json()["error"]
    assert api.get("/api/data/", alice, {"datatype": 19}).status_code == 200


def test_a_window_of_too_many_chunks_is_refused(api, alice, uploaded, monkeypatch):
    monkeypatch.setattr("openhexo.timeseries.store.MAX_READ_CHUNKS", 0)
    response = api.get("/api/data/", alice, {"datatype": 19})
    assert response.status_code == 400
    assert "too large" in response.json()["error"]
