"""The Hexoskin rules every resource inherits from openhexo/api/base.py: paging, errors,
methods, request bodies and their limits."""

import pytest

from openhexo.records.models import Range

START = 369592079271


@pytest.fixture
def ranges(alice):
    return [Range.objects.create(user=alice, name=f"r{i:02d}", start=START + i) for i in range(25)]


def test_list_envelope_and_first_page(api, alice, ranges):
    body = api.get("/api/range/", alice, {"order_by": "start"}).json()
    assert body["meta"] == {
        "limit": 20,
        "next": "/api/range/?order_by=start&limit=20&offset=20",
        "offset": 0,
        "previous": None,
        "total_count": 25,
    }
    assert [r["name"] for r in body["objects"]] == [f"r{i:02d}" for i in range(20)]


def test_next_page_keeps_the_other_parameters_and_prefix(api, alice, ranges):
    meta = api.get("/api/v1/range/", alice, {"order_by": "start", "offset": 20}).json()["meta"]
    assert meta["next"] is None
    assert meta["previous"] == "/api/v1/range/?order_by=start&limit=20&offset=0"


def test_limit_zero_and_huge_limits_mean_one_thousand(api, alice, ranges):
    assert api.get("/api/range/", alice, {"limit": 0}).json()["meta"]["limit"] == 1000
    body = api.get("/api/range/", alice, {"limit": 10**12}).json()
    assert body["meta"]["limit"] == 1000
    assert len(body["objects"]) == 25


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "abc"}, "Invalid limit 'abc'"),
        ({"limit": -1}, "Invalid limit '-1'"),
        ({"offset": "x"}, "Invalid offset 'x'"),
        ({"offset": 10**15}, "The largest offset"),
        ({"id": "abc"}, "Invalid value 'abc' for the 'id' filter"),
        ({"id": 10**30}, "Invalid value"),
        ({"start__gt": "soon"}, "Invalid value 'soon'"),
        ({"name": "x"}, "The 'name' field does not allow filtering."),
        ({"user__contains": "a"}, "'contains' is not an allowed filter on the 'user' field."),
        ({"start__range": "1"}, "A range filter on 'start' takes two values"),
        ({"user": "/api/record/1/"}, "Invalid value '/api/record/1/' for the 'user' filter."),
        ({"order_by": "name"}, "The 'name' field does not allow ordering."),
        ({"order_by": "nothing"}, "No matching 'nothing' field for ordering on."),
        ({"order_by": "user__email"}, "No matching 'user__email' field"),
        ({"study__in": "1"}, "The 'study' filter takes one value"),
        ({"nothing__gt": "1"}, "'nothing' is not a filter of this resource."),
        ({"limit": 10**30}, "Invalid limit"),
    ],
)
def test_bad_query_parameters_are_explained_400s(api, alice, params, message):
    response = api.get("/api/range/", alice, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["error"]


def test_unknown_parameters_are_ignored(api, alice, ranges):
    assert api.get("/api/range/", alice, {"foo": "bar"}).json()["meta"]["total_count"] == 25


def test_related_filters_take_ids_uris_and_emails(api, alice, ranges):
    for value in (alice.pk, f"/api/user/{alice.pk}/", f"/api/v1/user/{alice.pk}", alice.email):
        assert api.get("/api/range/", alice, {"user": value}).json()["meta"]["total_count"] == 25
    assert (
        api.get("/api/range/", alice, {"user__in": f"{alice.pk},999"}).json()["meta"]["total_count"]
        == 25
    )


def test_methods_not_allowed_are_405_with_allow(api, alice, ranges):
    for method, path in (
        ("put", "/api/range/"),
        ("delete", "/api/range/"),
        ("post", f"/api/range/{ranges[0].pk}/"),
    ):
        response = api.call(method, path, alice, {})
        assert response.status_code == 405
        assert response["Allow"] in ("GET,POST,PATCH", "GET,PUT,PATCH,DELETE")
        assert "not allowed" in response.json()["error"]
    assert Range.objects.count() == 25


def test_method_check_comes_before_authentication(api):
    assert api.delete("/api/datatype/19/").status_code == 405


def test_anonymous_and_wrong_passwords_get_empty_401s(api, alice):
    assert api.get("/api/range/").status_code == 401
    response = api.get("/api/range/", alice, HTTP_AUTHORIZATION="Basic YWxpY2U6bm9wZQ==")
    assert response.status_code == 401
    assert response.content == b""
    assert response["WWW-Authenticate"].startswith("Basic")


def test_put_on_a_missing_object_is_404_and_creates_nothing(api, alice):
    response = api.put("/api/range/424242/", alice, {"user": alice.pk, "start": START})
    assert response.status_code == 404
    assert "error" in response.json()
    assert not Range.objects.exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "Request is not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'"text"', "must be a JSON object"),
    ],
)
def test_malformed_bodies_are_400(api, alice, raw, message):
    response = api.call("post", "/api/range/", alice, raw=raw)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not Range.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"start": "soon"}, "start"),
        ({"start": True}, "start"),
        ({"start": [1]}, "start"),
        ({"start": 2**64}, "start"),
        ({"start": START, "name": ["a"]}, "name"),
        ({"start": START, "rank": {"a": 1}}, "rank"),
        ({"start": START, "name": "x" * 300}, "name"),
        ({"name": "no start"}, "start"),
        ({"start": START, "parent": "not a uri/"}, "parent"),
    ],
)
def test_wrong_types_are_400_naming_the_field(api, alice, data, field):
    response = api.post("/api/range/", alice, {"user": alice.pk, **data})
    assert response.status_code == 400
    assert f"'{field}'" in response.json()["error"]
    assert not Range.objects.exists()


def test_unknown_and_read_only_fields_are_ignored(api, alice):
    data = {
        "user": alice.pk,
        "start": START,
        "bogus": 1,
        "id": 777,
        "created": "yesterday",
        "resource_uri": "/api/range/777/",
        "status": "complete",
    }
    body = api.post("/api/range/", alice, data).json()
    assert body["id"] != 777
    assert "bogus" not in body
    assert body["status"] == "empty"


def test_numeric_strings_and_floats_are_rounded(api, alice):
    body = api.post("/api/range/", alice, {"user": str(alice.pk), "start": f"{START}.6"}).json()
    assert body["start"] == START + 1


def test_related_values_take_nested_objects_with_their_uri(api, alice):
    data = {"user": {"resource_uri": f"/api/user/{alice.pk}/", "email": "ignored"}, "start": START}
    assert api.post("/api/range/", alice, data).json()["user"] == f"/api/user/{alice.pk}/"


def test_unsupported_body_type_is_415(api, alice):
    response = api.call("post", "/api/range/", alice, raw=b"name=x", content_type="text/plain")
    assert response.status_code == 415
    assert "application/json" in response.json()["error"]


def test_bodies_over_two_megabytes_are_413(api, alice):
    big = b'{"name": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = api.call("post", "/api/range/", alice, raw=big)
    assert response.status_code == 413
    assert "limit" in response.json()["error"]
    assert not Range.objects.exists()


def test_options_lists_the_methods_without_login(api):
    response = api.call("options", "/api/range/")
    assert response.status_code == 200
    assert response["Allow"] == "GET,POST,PATCH"


def test_set_endpoint_reports_what_it_cannot_show(api, alice, carol, ranges):
    hidden = Range.objects.create(user=carol, start=START)
    path = f"/api/range/set/{ranges[0].pk};{hidden.pk};abc/"
    body = api.get(path, alice).json()
    assert [r["id"] for r in body["objects"]] == [ranges[0].pk]
    assert body["not_found"] == [str(hidden.pk), "abc"]


def test_get_responses_are_not_cached_by_shared_caches(api, alice):
    cache_control = api.get("/api/range/", alice)["Cache-Control"]
    assert "private" in cache_control and "no-cache" in cache_control


def test_integer_strings_keep_every_digit(api, alice):
    big = 2**62 + 1  # a float would round it to 2**62
    body = api.post("/api/range/", alice, {"user": alice.pk, "start": str(big)}).json()
    assert body["start"] == big


@pytest.mark.parametrize(
    "params",
    [
        {"limit": "²"},
        {"limit": "9" * 5000},
        {"offset": "9" * 5000},
        {"last_modified__gt": "9999-12-31T23:59:59-14:00"},
        {"last_modified__gt": "garbage"},
        {"name__regex": ".*"},
        {"start__year": "2020"},
        {"id": "1\x00"},
    ],
)
def test_odd_query_strings_are_400s_never_500s(api, alice, params):
    response = api.get("/api/range/", alice, params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_too_many_query_parameters_is_a_400(api, alice):
    params = {f"p{i}": "1" for i in range(1200)}
    response = api.get("/api/range/", alice, params)
    assert response.status_code == 400
    assert "refused" in response.json()["error"]


@pytest.mark.parametrize(
    "data",
    [
        {"start": "9" * 400},
        {"start": "²"},
        {"start": START, "name": "a\x00b"},
        {"start": START, "rank": 10**400},
        {"start": START, "note": {"deep": [[[]]]}},
    ],
)
def test_odd_bodies_are_400s_never_500s(api, alice, data):
    response = api.post("/api/range/", alice, {"user": alice.pk, **data})
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Range.objects.exists()


def test_bulk_patch_is_capped(api, alice):
    objects = [{"start": START + i} for i in range(1001)]
    response = api.patch("/api/range/", alice, {"objects": objects})
    assert response.status_code == 400
    assert "at most 1000" in response.json()["error"]
    assert not Range.objects.exists()


def test_bulk_patch_cannot_update_and_delete_one_object(api, alice, ranges):
    uri = f"/api/range/{ranges[0].pk}/"
    data = {"objects": [{"resource_uri": uri, "name": "x"}], "deleted_objects": [uri]}
    response = api.patch("/api/range/", alice, data)
    assert response.status_code == 400
    assert Range.objects.get(pk=ranges[0].pk).name == "r00"


def test_a_list_page_costs_a_fixed_number_of_queries(
    api, alice, ranges, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        body = api.get("/api/range/", alice, {"limit": 25}).json()
    assert len(body["objects"]) == 25
