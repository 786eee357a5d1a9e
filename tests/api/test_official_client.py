"""Replays the official Hexoskin Python client's example scenario, request by request.

The official client (hexoskin.client, CRCHUM-Epilepsy-Group/hexoskin.py) is third-party code
and is not part of this repository. These tests send what it sends, with its headers and its
HTTP Basic + signature authentication (dummy signature values, which the server ignores for
now), and check every property of the answers it relies on:

- `GET /api/` names each resource with a `list_endpoint` and a `schema`; every schema answers
  200 with lowercase `allowed_list_http_methods` / `allowed_detail_http_methods` and `fields`
  carrying `related_type` for related fields. The client refuses, without a request, any
  method a schema does not allow.
- A list is a JSON object whose `meta` keys are a strict superset of limit/next/previous;
  `total_count` matches what following `meta.next` until null yields (`prefetch_all`,
  `iter_all`).
- The client requests `base_url + uri` for every URI the server emits, so each one is a
  host-less path ending in "/", and a to_one URI ends in "<digits>/" after a list endpoint
  (the client's linking regex is `^(.+?)(\\d+)/$`).
- Writes: POST answers 201 with a JSON body and a host-less Location; `update()` PUTs back the
  whole object as last received and needs 200 with JSON; DELETE may be 204.
- Before raising on a status >= 400 the client decodes the body as JSON, so 400/403/404/405
  carry JSON. A wrong password is the deliberate exception: an empty 401.
"""

import hashlib
import json
import re
import time
from urllib.parse import urlencode, urlsplit

import pytest

from openhexo.accounts.clients import create_api_key
from openhexo.accounts.models import OAuthClient
from openhexo.catalog.models import Algo
from openhexo.records.models import Device, Range, Record
from tests.conftest import basic

# Entries of `GET /api/` the client skips during discovery.
SKIPPED = {"import", "studymember", r"studymember/(?P<user_id>\d+)/study/(?P<study_id>\d+)"}
LIST_META = {"limit", "next", "previous"}
START = 1795592508111.456  # datetime.now().timestamp() * 1000 on a non-hexoskin.com host
RELATED_TYPES = {"to_one", "to_many"}


# --------------------------------------------------------------------------- the wire


def signature_headers(user, path: str) -> dict:
    """HexoAuth's headers, signed with the user's API key the way the client signs."""
    key = OAuthClient.objects.filter(user=user, is_api_key=True).first()
    key = key or create_api_key(user)[0]
    stamp = str(int(time.time()))
    url = f"http://testserver{path}"
    signature = hashlib.sha1(f"{key.client_secret}{stamp}{url}".encode()).hexdigest()
    return {
        "HTTP_X_HEXOTIMESTAMP": stamp,
        "HTTP_X_HEXOAPIKEY": key.client_id,
        "HTTP_X_HEXOAPISIGNATURE": signature,
    }


def client_request(api, user, method: str, path: str, params=None, data=None, password=None):
    """One request as the client sends it: Basic auth plus its X-HEXO* headers, JSON headers
    on every method, list parameters joined with commas, a JSON body only when there is data."""
    if params:
        joined = {
            k: ",".join(map(str, v)) if isinstance(v, list | tuple) else v
            for k, v in params.items()
        }
        path = f"{path}?{urlencode(joined)}"
    headers = {
        "HTTP_ACCEPT": "application/json",
        "CONTENT_TYPE": "application/json",
        "HTTP_AUTHORIZATION": basic(user) if password is None else basic(user, password),
        **signature_headers(user, path),
    }
    if method == "DELETE":
        headers["CONTENT_LENGTH"] = "0"
    body = json.dumps(data).encode() if data else b""
    return api.client.generic(method, path, body, content_type="application/json", **headers)


def json_body(response, status: int):
    """The decoded body of an answer the client parses (content type exactly application/json)."""
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].split(";")[0] == "application/json"
    return response.json()


def is_list(body) -> bool:
    """How the client tells a resource list from a single object."""
    return isinstance(body, dict) and set(body.get("meta", {})) > LIST_META


# --------------------------------------------------------------------------- URIs


def assert_path(uri: str, prefix: str = "/api/") -> None:
    """A host-less path (the client prepends its base URL) whose path part ends in '/'."""
    assert isinstance(uri, str), uri
    assert uri.startswith(prefix) and "://" not in uri, uri
    assert urlsplit(uri).path.endswith("/"), uri


def assert_object_uri(uri: str, list_endpoints, prefix: str = "/api/") -> None:
    """A URI the client can link: '<list endpoint><digits>/'."""
    assert_path(uri, prefix)
    match = re.fullmatch(r"(.+?)(\d+)/", uri)
    assert match, f"{uri!r} does not end in '<digits>/'"
    assert match.group(1) in list_endpoints, f"{uri!r} is not under a discovered list endpoint"


def assert_instance_uris(instance: dict, schema: dict, list_endpoints, prefix="/api/") -> None:
    """Every URI in one object: its resource_uri, to_one values (strings or nested dicts with
    a resource_uri) and the URIs in to_many lists."""
    assert_object_uri(instance["resource_uri"], list_endpoints, prefix)
    for name, spec in schema["fields"].items():
        value = instance.get(name)
        if spec.get("related_type") == "to_one" and value is not None:
            uri = value["resource_uri"] if isinstance(value, dict) else value
            assert_object_uri(uri, list_endpoints, prefix)
        elif spec.get("related_type") == "to_many" and value:
            for item in value:
                if isinstance(item, str):
                    assert_path(item, prefix)
                elif isinstance(item, dict) and "resource_uri" in item:
                    assert_path(item["resource_uri"], prefix)


# --------------------------------------------------------------------------- discovery


def discover(api, user, prefix: str = "/api/") -> dict:
    """`GET /api/` then each schema, as the client builds its resource configuration."""
    listing = json_body(client_request(api, user, "GET", prefix), 200)
    assert isinstance(listing, dict) and listing
    conf = {}
    for name, entry in listing.items():
        if name in SKIPPED:
            continue
        assert_path(entry["list_endpoint"], prefix)
        assert_path(entry["schema"], prefix)
        schema = json_body(client_request(api, user, "GET", entry["schema"]), 200)
        conf[name] = {**schema, "list_endpoint": entry["list_endpoint"], "name": name}
    return conf


def list_endpoints(conf: dict) -> set[str]:
    return {entry["list_endpoint"] for entry in conf.values()}


def page(api, user, path: str, params=None, prefix: str = "/api/") -> dict:
    """One list page; `meta.next` (and `previous`) is a host-less path or null."""
    body = json_body(client_request(api, user, "GET", path, params), 200)
    assert is_list(body), body.get("meta")
    assert isinstance(body["objects"], list)
    assert isinstance(body["meta"]["total_count"], int)
    for link in ("next", "previous"):
        if body["meta"][link] is not None:
            assert_path(body["meta"][link], prefix)
    return body


def prefetch_all(api, user, path: str, prefix: str = "/api/"):
    """Follow `meta.next` until it is null, as `prefetch_all()` does; first meta + all objects."""
    first = page(api, user, path, prefix=prefix)
    objects, body, seen = list(first["objects"]), first, {path}
    while body["meta"]["next"]:
        assert body["meta"]["next"] not in seen, "meta.next loops"
        seen.add(body["meta"]["next"])
        body = page(api, user, body["meta"]["next"], prefix=prefix)
        assert body["objects"], "a non-null next led to an empty page"
        objects += body["objects"]
    return first["meta"], objects


@pytest.fixture
def conf(api, alice):
    return discover(api, alice)


# --------------------------------------------------------------------------- discovery tests


def test_discovery_lists_endpoints_and_schemas(api, alice):
    listing = json_body(client_request(api, alice, "GET", "/api/"), 200)
    for name, entry in listing.items():
        if name not in SKIPPED:
            assert entry["list_endpoint"] == f"/api/{name}/", name
            assert entry["schema"] == f"/api/{name}/schema/", name
    for name in ("account", "user", "record", "range", "datatype"):
        assert name in listing


def test_every_schema_has_what_the_client_reads(conf):
    for name, schema in conf.items():
        for key in ("allowed_list_http_methods", "allowed_detail_http_methods"):
            methods = schema[key]
            assert isinstance(methods, list), (name, key)
            assert all(m == m.lower() for m in methods), (name, key, methods)
        assert isinstance(schema["fields"], dict) and schema["fields"], name
        for field, spec in schema["fields"].items():
            assert isinstance(spec, dict), (name, field)
            if "related_type" in spec:
                assert spec["related_type"] in RELATED_TYPES, (name, field, spec)


def test_schemas_declare_the_related_fields_the_scenario_links(conf):
    to_one = {
        "range": ["user", "parent"],
        "record": ["user", "device", "algo", "importfile"],
        "datatype": ["unit", "unit_raw"],
    }
    for name, fields in to_one.items():
        for field in fields:
            assert conf[name]["fields"][field].get("related_type") == "to_one", (name, field)
    assert conf["range"]["fields"]["name"].get("related_type") is None


def test_schemas_allow_the_scenario_methods(conf):
    for name in ("account", "record", "user", "datatype", "range"):
        assert "get" in conf[name]["allowed_list_http_methods"], name
    assert "post" in conf["range"]["allowed_list_http_methods"]
    assert {"get", "put", "delete"} <= set(conf["range"]["allowed_detail_http_methods"])


def test_datatype_detail_does_not_allow_delete(api, alice, conf):
    """`del datatypes[5]` must be refused by the client itself, from the schema."""
    assert "delete" not in conf["datatype"]["allowed_detail_http_methods"]
    # Had a DELETE gone out anyway, the 405 must be JSON for the client to raise properly.
    response = client_request(api, alice, "DELETE", "/api/datatype/19/")
    assert "error" in json_body(response, 405)


def test_signed_and_basic_only_requests_answer_alike(api, alice):
    signed = client_request(api, alice, "GET", "/api/account/")
    plain = api.get("/api/account/", alice, HTTP_ACCEPT="application/json")
    assert json_body(signed, 200) == json_body(plain, 200)


# --------------------------------------------------------------------------- listing steps


def test_account_list_first_item_is_the_caller_user_uri(api, alice, conf):
    body = page(api, alice, conf["account"]["list_endpoint"])
    me = body["objects"][0]
    assert me["resource_uri"] == f"/api/user/{alice.pk}/"
    assert me["email"] == alice.email
    assert_instance_uris(me, conf["account"], list_endpoints(conf))


@pytest.fixture
def recordings(alice):
    device = Device.objects.create(deviceid="HXSKIN12000012AB", user=alice)
    algo = Algo.objects.create(algorithms={"ecg": "1.0"})
    return [
        Record.objects.create(user=alice, start=369592079271, device=device, algo=algo),
        Record.objects.create(user=alice, start=369592079271 + 256 * 3600),
    ]


def test_record_list_to_one_values_are_linkable(api, alice, conf, recordings):
    body = page(api, alice, "/api/record/")
    assert [r["id"] for r in body["objects"]] == [recordings[1].pk, recordings[0].pk]
    for record in body["objects"]:
        assert isinstance(record["id"], int)
        assert_instance_uris(record, conf["record"], list_endpoints(conf))
    linked = body["objects"][1]
    assert linked["device"] == f"/api/device/{recordings[0].device.pk}/"
    assert linked["algo"] == f"/api/algo/{recordings[0].algo.pk}/"
    user = linked["user"]
    user_uri = user["resource_uri"] if isinstance(user, dict) else user
    assert user_uri == f"/api/user/{alice.pk}/"


def test_user_list_holds_the_account(api, alice, bob, carol, conf):
    body = page(api, alice, "/api/user/")
    uris = [u["resource_uri"] for u in body["objects"]]
    assert f"/api/user/{alice.pk}/" in uris
    for user in body["objects"]:
        assert_instance_uris(user, conf["user"], list_endpoints(conf))


def test_datatype_pages_of_twenty_then_load_next(api, alice, conf):
    first = page(api, alice, "/api/datatype/")
    assert first["meta"]["limit"] == 20
    assert len(first["objects"]) == 20
    assert first["meta"]["total_count"] > 20
    assert first["meta"]["next"]
    for datatype in first["objects"]:
        assert_instance_uris(datatype, conf["datatype"], list_endpoints(conf))
    second = page(api, alice, first["meta"]["next"])  # load_next(): base_url + next, no params
    ids = [d["id"] for d in first["objects"] + second["objects"]]
    assert len(ids) == 40 == len(set(ids))


def test_datatype_list_with_limit_45(api, alice):
    body = page(api, alice, "/api/datatype/", {"limit": 45})
    assert body["meta"]["limit"] == 45
    assert len(body["objects"]) == min(45, body["meta"]["total_count"])


def test_datatype_filters_with_joined_lists_survive_paging(api, alice):
    body = page(api, alice, "/api/datatype/", {"id__in": [19, 33, 4113], "limit": 2})
    assert body["meta"]["total_count"] == 3
    following = page(api, alice, body["meta"]["next"])
    assert following["meta"]["next"] is None
    ids = [d["id"] for d in body["objects"] + following["objects"]]
    assert sorted(ids) == [19, 33, 4113]


def test_prefetch_all_and_iter_all_agree_with_total_count(api, alice):
    meta, objects = prefetch_all(api, alice, "/api/datatype/")
    ids = [d["id"] for d in objects]
    assert meta["total_count"] > 20
    assert len(ids) == meta["total_count"] == len(set(ids))
    # iter_all(): pops total_count objects, loading the next page whenever one runs out.
    body, seen = page(api, alice, "/api/datatype/"), []
    queue = list(body["objects"])
    for _ in range(body["meta"]["total_count"]):
        if not queue:
            assert body["meta"]["next"], "total_count is larger than the pages"
            body = page(api, alice, body["meta"]["next"])
            queue = list(body["objects"])
        seen.append(queue.pop(0)["id"])
    assert seen == ids
    assert not queue and body["meta"]["next"] is None


# --------------------------------------------------------------------------- range steps


def create_range(api, user, name="Original_range", prefix="/api/"):
    data = {"name": name, "start": START, "end": START + 5000, "user": f"{prefix}user/{user.pk}/"}
    return client_request(api, user, "POST", f"{prefix}range/", data=data)


@pytest.fixture
def new_range(api, alice):
    return json_body(create_range(api, alice), 201)


def test_range_create_with_float_times_answers_json_and_location(api, alice, conf):
    response = create_range(api, alice)
    body = json_body(response, 201)
    assert body["id"] and body["name"] == "Original_range"
    assert body["start"] == 1795592508111 and body["end"] == 1795592513111
    assert body["user"] == f"/api/user/{alice.pk}/"
    assert response["Location"] == body["resource_uri"] == f"/api/range/{body['id']}/"
    assert_instance_uris(body, conf["range"], list_endpoints(conf))


def test_update_puts_back_the_whole_object(api, alice, conf, new_range):
    """`new_range.name = ...; update()`: every field as last received, read-only ones too."""
    whole = {**new_range, "name": "Modified range name"}
    response = client_request(api, alice, "PUT", whole["resource_uri"], data=whole)
    body = json_body(response, 200)
    assert body["name"] == "Modified range name"
    assert (body["start"], body["end"], body["user"]) == (
        new_range["start"],
        new_range["end"],
        new_range["user"],
    )
    assert_instance_uris(body, conf["range"], list_endpoints(conf))
    fresh = json_body(client_request(api, alice, "GET", whole["resource_uri"]), 200)
    assert fresh["name"] == "Modified range name"

    # `update({"name": ...})`: the same PUT of the object as the last answer left it.
    again = {**body, "name": "Remodified range name"}
    body = json_body(client_request(api, alice, "PUT", again["resource_uri"], data=again), 200)
    assert body["name"] == "Remodified range name"
    fresh = json_body(client_request(api, alice, "GET", again["resource_uri"]), 200)
    assert fresh["name"] == "Remodified range name"


def test_update_of_an_object_read_back_from_the_server(api, alice, new_range):
    """Objects read with GET are PUT back too, nested and read-only fields included."""
    whole = json_body(client_request(api, alice, "GET", new_range["resource_uri"]), 200)
    whole["name"] = "From a GET"
    body = json_body(client_request(api, alice, "PUT", whole["resource_uri"], data=whole), 200)
    assert body["name"] == "From a GET"


def test_delete_then_get_is_a_json_404(api, alice, new_range):
    uri = new_range["resource_uri"]
    response = client_request(api, alice, "DELETE", uri)
    assert response.status_code == 204
    assert not Range.objects.filter(pk=new_range["id"]).exists()
    assert "error" in json_body(client_request(api, alice, "GET", uri), 404)


# --------------------------------------------------------------------------- errors


def test_bad_request_is_json(api, alice):
    data = {"name": "x", "start": "soon", "user": f"/api/user/{alice.pk}/"}
    assert "error" in json_body(client_request(api, alice, "POST", "/api/range/", data=data), 400)


def test_forbidden_is_json(api, alice):
    """Changing a shared catalogue entry is refused with 403."""
    catalogue = page(api, alice, "/api/activitytype/", {"limit": 1})["objects"][0]
    response = client_request(api, alice, "PUT", catalogue["resource_uri"], data=catalogue)
    assert "error" in json_body(response, 403)


def test_not_found_is_json(api, alice, carol):
    hidden = Range.objects.create(user=carol, name="hers", start=369592079271)
    assert "error" in json_body(client_request(api, alice, "GET", f"/api/range/{hidden.pk}/"), 404)
    assert "error" in json_body(client_request(api, alice, "GET", "/api/range/424242/"), 404)


def test_method_not_allowed_is_json(api, alice):
    assert "error" in json_body(client_request(api, alice, "DELETE", "/api/range/"), 405)


def test_wrong_password_is_an_empty_401(api, alice, new_range):
    """A deliberate project requirement (the client then fails decoding the empty body).

    `GET /api/` and the schemas are public, so with a wrong password the client's first
    refused request is `account.list()`."""
    uri = new_range["resource_uri"]
    data = {**new_range, "name": "not mine to rename"}
    for method, path, body in (
        ("GET", "/api/account/", None),
        ("GET", "/api/datatype/", None),
        ("POST", "/api/range/", data),
        ("PUT", uri, data),
        ("DELETE", uri, None),
    ):
        response = client_request(api, alice, method, path, data=body, password="wrong-password")
        assert response.status_code == 401, (method, path)
        assert response.content == b"", (method, path)
    assert Range.objects.get(pk=new_range["id"]).name == "Original_range"


# --------------------------------------------------------------------------- /api/v1/


def test_v1_prefix_renders_v1_uris_through_the_scenario(api, alice):
    prefix = "/api/v1/"
    conf = discover(api, alice, prefix)
    endpoints = list_endpoints(conf)
    assert conf["range"]["list_endpoint"] == "/api/v1/range/"
    assert all(e.startswith(prefix) for e in endpoints)

    me = page(api, alice, "/api/v1/account/", prefix=prefix)["objects"][0]
    assert me["resource_uri"] == f"/api/v1/user/{alice.pk}/"

    meta, objects = prefetch_all(api, alice, "/api/v1/datatype/", prefix=prefix)
    assert len(objects) == meta["total_count"] > 20
    for datatype in objects:
        assert_instance_uris(datatype, conf["datatype"], endpoints, prefix)

    response = create_range(api, alice, prefix=prefix)
    created = json_body(response, 201)
    assert response["Location"] == created["resource_uri"] == f"/api/v1/range/{created['id']}/"
    assert created["user"] == f"/api/v1/user/{alice.pk}/"
    assert_instance_uris(created, conf["range"], endpoints, prefix)

    whole = {**created, "name": "Modified range name"}
    body = json_body(client_request(api, alice, "PUT", whole["resource_uri"], data=whole), 200)
    assert body["name"] == "Modified range name"
    assert body["resource_uri"] == created["resource_uri"]

    assert client_request(api, alice, "DELETE", created["resource_uri"]).status_code == 204
    gone = client_request(api, alice, "GET", created["resource_uri"])
    assert "error" in json_body(gone, 404)
