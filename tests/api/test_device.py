"""`/api/device/`: the shirts' recorders, read-only (list GET, detail GET).

A device appears when a record names its serial (`"device": "HXSKIN1200002115"`) and then
belongs to that caller. URIs use the numeric id (the official client follows only URIs ending
in digits); the serial still finds a device in URLs and filters (API.md Q15, as amended).
"""

import pytest

from openhexo.records.models import Device, Record
from tests.conftest import basic

SERIAL = "HXSKIN1200002115"


def expected_device(device, prefix: str = "/api/") -> dict:
    device.refresh_from_db()
    return {
        "batt_end": device.batt_end,
        "batt_start": device.batt_start,
        "bt_addr": device.bt_addr,
        "bt_info": device.bt_info,
        "charge_time": device.charge_time,
        "created": device.created.replace(microsecond=0).isoformat(),
        "deviceid": device.deviceid,
        "fw_end": device.fw_end,
        "fw_start": device.fw_start,
        "hw_rev": device.hw_rev,
        "id": device.pk,
        "last_modified": device.last_modified.replace(microsecond=0).isoformat(),
        "mcu_info": device.mcu_info,
        "model": device.model,
        "purchase_order": device.purchase_order,
        "resource_uri": f"{prefix}device/{device.pk}/",
        "serial": device.serial,
        "status": device.status,
        "user": None if device.user_id is None else f"{prefix}user/{device.user_id}/",
    }


def post_record(api, user, device: str = SERIAL, start: int = 1000):
    body = {"start": start, "end": start + 256, "user": user.pk, "device": device}
    return api.post("/api/record/", user, data=body)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [obj["id"] for obj in response.json()["objects"]]


def error_of(response, status: int = 400) -> str:
    assert response.status_code == status, response.content
    return response.json()["error"]


@pytest.fixture
def shirt(alice):
    """A fully described device of alice's, made as an import would."""
    return Device.objects.create(
        deviceid="HXSKIN1200001773",
        user=alice,
        model=12,
        serial=1773,
        status=1,
        hw_rev="B",
        fw_start="2.1.0",
        fw_end="2.1.3",
        bt_addr="00:11:22:33:44:55",
        bt_info="bt",
        mcu_info="mcu",
        batt_start=95,
        batt_end=60,
        charge_time=3600,
        purchase_order=42,
    )


# --- devices registered by records ----------------------------------------------------------


def test_a_record_naming_a_serial_registers_the_device_for_the_caller(api, alice):
    response = post_record(api, alice)
    assert response.status_code == 201, response.content
    device = Device.objects.get(deviceid=SERIAL)
    assert device.user == alice
    assert response.json()["device"] == f"/api/device/{device.pk}/"
    listed = api.get("/api/device/", alice).json()
    assert listed["meta"]["total_count"] == 1
    assert listed["objects"] == [expected_device(device)]
    rendered = listed["objects"][0]
    assert (rendered["deviceid"], rendered["user"]) == (SERIAL, f"/api/user/{alice.pk}/")
    assert (rendered["model"], rendered["serial"], rendered["fw_end"]) == (0, 0, "")


def test_a_second_record_reuses_the_device(api, alice):
    post_record(api, alice, start=1000)
    assert post_record(api, alice, start=5000).status_code == 201
    device = Device.objects.get()
    assert Record.objects.filter(device=device).count() == 2


def test_a_shared_recorder_keeps_its_owner_and_reveals_nobody(api, alice, bob, carol):
    """A serial names a physical recorder: anyone may record with it, answered alike whether
    it is known or not, and its first owner stays its owner."""
    post_record(api, alice)
    response = post_record(api, bob)
    assert response.status_code == 201
    device = Device.objects.get()
    assert device.user == alice
    assert response.json()["device"] == f"/api/device/{device.pk}/"
    seen_by_bob = api.get(f"/api/device/{device.pk}/", bob).json()
    assert seen_by_bob["deviceid"] == SERIAL
    assert seen_by_bob["user"] is None  # alice is not bob's to see
    assert api.get(f"/api/device/{device.pk}/", alice).json()["user"] == f"/api/user/{alice.pk}/"
    assert ids(api.get("/api/device/", carol)) == []


def test_a_record_without_a_user_field_still_registers_the_device(api, alice):
    body = {"start": 1000, "end": 2000, "device": SERIAL}
    assert api.post("/api/record/", alice, data=body).status_code == 201
    assert Device.objects.get(deviceid=SERIAL).user == alice


def test_a_refused_record_registers_no_device(api, alice):
    body = {"start": "not a time", "user": alice.pk, "device": SERIAL}
    assert api.post("/api/record/", alice, data=body).status_code == 400
    assert not Device.objects.exists()


# --- reading --------------------------------------------------------------------------------


def test_detail_by_numeric_id(api, shirt, alice):
    response = api.get(f"/api/device/{shirt.pk}/", alice)
    assert response.status_code == 200
    assert response.json() == expected_device(shirt)
    assert response.json()["deviceid"] == "HXSKIN1200001773"
    assert response.json()["fw_end"] == "2.1.3"
    assert response.json()["batt_start"] == 95


def test_detail_by_deviceid_renders_the_numeric_uri(api, shirt, alice):
    response = api.get("/api/device/HXSKIN1200001773/", alice)
    assert response.status_code == 200
    assert response.json() == expected_device(shirt)
    assert response.json()["resource_uri"] == f"/api/device/{shirt.pk}/"


def test_v1_prefix_renders_v1_uris(api, shirt, alice):
    response = api.get("/api/v1/device/HXSKIN1200001773/", alice)
    assert response.json() == expected_device(shirt, "/api/v1/")


def test_resource_uri_can_be_followed(api, shirt, alice):
    resource_uri = api.get("/api/device/", alice).json()["objects"][0]["resource_uri"]
    assert api.get(resource_uri, alice).json()["deviceid"] == shirt.deviceid


def test_device_without_owner_is_visible_to_nobody(api, alice):
    orphan = Device.objects.create(deviceid="HXSKIN1200000009")
    assert ids(api.get("/api/device/", alice)) == []
    assert api.get(f"/api/device/{orphan.pk}/", alice).status_code == 404


def test_carol_cannot_see_alices_devices(api, shirt, carol):
    assert ids(api.get("/api/device/", carol)) == []
    for reference in (shirt.pk, shirt.deviceid):
        response = api.get(f"/api/device/{reference}/", carol)
        assert error_of(response, 404) == "No such object, or it is not visible to you."


@pytest.mark.parametrize("reference", ["HXSKIN1299999999", "99999999", "0"])
def test_unknown_device_is_a_json_404(api, shirt, alice, reference):
    response = api.get(f"/api/device/{reference}/", alice)
    assert error_of(response, 404) == "No such object, or it is not visible to you."


def test_needs_a_login(api, shirt):
    response = api.get(f"/api/device/{shirt.pk}/")
    assert response.status_code == 401
    assert response.content == b""


# --- filters, ordering, paging --------------------------------------------------------------


@pytest.fixture
def three(alice, bob):
    """Alice's two devices and bob's one."""
    return (
        Device.objects.create(deviceid="HXSKIN1200000001", user=alice),
        Device.objects.create(deviceid="HXSKIN1200000002", user=alice),
        Device.objects.create(deviceid="HXSKIN1200000003", user=bob),
    )


def test_list_holds_only_the_callers_devices(api, three, alice, bob):
    first, second, bobs = three
    assert ids(api.get("/api/device/", alice)) == [first.pk, second.pk]
    assert ids(api.get("/api/device/", bob)) == [bobs.pk]


def test_deviceid_filter_exact_and_in(api, three, alice):
    first, second, bobs = three
    assert ids(api.get("/api/device/", alice, params={"deviceid": "HXSKIN1200000002"})) == [
        second.pk
    ]
    assert ids(api.get("/api/device/", alice, params={"deviceid": "HXSKIN1200000003"})) == []
    params = {"deviceid__in": "HXSKIN1200000003,HXSKIN1200000001,HXSKIN1200000002"}
    assert ids(api.get("/api/device/", alice, params=params)) == [first.pk, second.pk]


def test_deviceid_in_takes_repeated_parameters(api, three, alice):
    first, second, _ = three
    response = api.client.get(
        "/api/device/?deviceid__in=HXSKIN1200000001&deviceid__in=HXSKIN1200000002",
        HTTP_AUTHORIZATION=basic(alice),
    )
    assert ids(response) == [first.pk, second.pk]


def test_id_filters(api, three, alice):
    first, second, bobs = three
    assert ids(api.get("/api/device/", alice, params={"id": second.pk})) == [second.pk]
    assert ids(api.get("/api/device/", alice, params={"id": bobs.pk})) == []
    params = {"id__in": f"{bobs.pk},{first.pk}"}
    assert ids(api.get("/api/device/", alice, params=params)) == [first.pk]
    assert ids(api.get("/api/device/", alice, params={"id__lt": second.pk})) == [first.pk]


def test_ordering_by_id(api, three, alice):
    first, second, _ = three
    assert ids(api.get("/api/device/", alice, params={"order_by": "-id"})) == [second.pk, first.pk]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"id": "abc"}, "'abc'"),
        ({"id": "99999999999999999999999"}, "'99999999999999999999999'"),
        ({"id__in": "1,x"}, "'x'"),
        ({"deviceid__startswith": "HX"}, "'startswith' is not an allowed filter"),
        ({"user": "1"}, "The 'user' field does not allow filtering."),
        ({"order_by": "deviceid"}, "The 'deviceid' field does not allow ordering."),
        ({"limit": "-1"}, "Invalid limit '-1'"),
        ({"offset": "x"}, "Invalid offset 'x'"),
    ],
)
def test_refused_query_parameters_are_400_with_a_message(api, three, alice, params, message):
    assert message in error_of(api.get("/api/device/", alice, params=params))


def test_unknown_query_parameters_are_ignored(api, three, alice):
    params = {"nothing": "1", "callback": "x", "format": "xml"}
    assert len(ids(api.get("/api/device/", alice, params=params))) == 2


def test_limit_and_next(api, three, alice):
    first, second, _ = three
    body = api.get("/api/device/", alice, params={"limit": 1}).json()
    assert [obj["id"] for obj in body["objects"]] == [first.pk]
    assert body["meta"]["next"] == "/api/device/?limit=1&offset=1"
    assert body["meta"]["total_count"] == 2


def test_limit_zero_gives_a_thousand(api, three, alice):
    assert api.get("/api/device/", alice, params={"limit": 0}).json()["meta"]["limit"] == 1000


# --- read-only ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/device/"),
        ("put", "/api/device/"),
        ("delete", "/api/device/"),
        ("put", "/api/device/{pk}/"),
        ("patch", "/api/device/{pk}/"),
        ("delete", "/api/device/{pk}/"),
        ("post", "/api/device/{pk}/"),
    ],
)
def test_writes_are_405_with_allow_get(api, shirt, alice, method, path):
    path = path.format(pk=shirt.pk)
    body = {"deviceid": "HXSKIN1200000666", "user": alice.pk, "fw_end": "9.9"}
    call = getattr(api, method)
    response = call(path, alice) if method == "delete" else call(path, alice, data=body)
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {"error": f"{method.upper()} is not allowed here; allowed: GET."}
    assert Device.objects.get().fw_end == "2.1.3"
