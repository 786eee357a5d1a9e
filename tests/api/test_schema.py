"""Schema parity with the live Hexoskin API (../shared/spec/hexoskin-schema-2024.json).

Every field, filter, lookup, ordering entry and allowed method of the live schema must be
served; the official client reads allowed methods and related types from these documents.
"""

import json

import pytest

from openhexo.api.resources import RESOURCES
from tests.conftest import shared_path

FLAGS = ("type", "related_type", "readonly", "nullable", "blank", "unique")
# Deliberate departures, each explained in docs/api-differences.md.
DEPARTURES = {
    ("profile", "unit_system", "type"),  # "metric"/"imperial" strings, as every response shows
    ("trackpoint", "timestamp", "type"),  # a HexoTimestamp, like every other `timestamp`
}
# Served but absent from the captured live schema (API.md section 2.18 and Appendix A).
NOT_IN_LIVE = {
    "changeemail",
    "createrelateduser",
    "createuser",
    "createuserrequest",
    "resetpassword",
}
# Live as Django REST framework views, whose schema has another shape: for these, every live
# field is served, and every method served is a live one (list PUT and PATCH of oauthclient
# are not: lists are never replaced, see docs/api-differences.md).
DRF_STYLE = {"accesstoken", "oauthclient"}
NAMES = sorted(
    name
    for name in (resource._meta.resource_name for resource in RESOURCES)
    if name not in NOT_IN_LIVE | DRF_STYLE
)


@pytest.fixture(scope="module")
def live():
    path = shared_path("spec", "hexoskin-schema-2024.json")
    return json.loads(path.read_text())["resources"]


@pytest.fixture
def served(api):
    return lambda name: api.get(f"/api/{name}/schema/").json()


# Samples are also uploaded (issue 5): POST is added to the live methods of these lists.
UPLOADS = {"data", "datafile"}


@pytest.mark.parametrize("name", NAMES)
def test_allowed_methods_are_exactly_the_live_ones(live, served, name):
    ours = served(name)
    added = ["post"] if name in UPLOADS else []
    assert ours["allowed_list_http_methods"] == live[name]["allowed_list_http_methods"] + added
    assert ours["allowed_detail_http_methods"] == live[name]["allowed_detail_http_methods"]
    assert ours["default_limit"] == live[name]["default_limit"] == 20
    assert ours["default_format"] == "application/json"


@pytest.mark.parametrize("name", NAMES)
def test_every_live_field_is_served_with_its_flags(live, served, name):
    ours = served(name)["fields"]
    for field, spec in live[name]["fields"].items():
        assert field in ours, f"{name}.{field} missing"
        for flag in FLAGS:
            if (name, field, flag) not in DEPARTURES:
                assert ours[field].get(flag) == spec.get(flag), f"{name}.{field} {flag}"


@pytest.mark.parametrize("name", NAMES)
def test_every_live_filter_and_ordering_is_served(live, served, name):
    ours = served(name)
    for field, lookups in live[name].get("filtering", {}).items():
        assert field in ours["filtering"], f"{name} cannot filter on {field}"
        assert ours["filtering"][field] == lookups, f"{name}.{field} lookups"
    assert ours.get("ordering") == live[name].get("ordering")


@pytest.mark.parametrize("name", sorted(DRF_STYLE))
def test_drf_style_resources_serve_every_live_field_and_no_other_method(live, served, name):
    ours = served(name)
    assert set(live[name]["fields"]) <= set(ours["fields"])
    for kind in ("allowed_list_http_methods", "allowed_detail_http_methods"):
        assert set(ours[kind]) <= set(live[name][kind]), kind
        assert "get" in ours[kind]


def test_resources_said_absent_from_the_live_schema_are(live):
    assert not NOT_IN_LIVE & set(live)


def test_schema_has_the_live_key_set(served):
    schema = served("record")
    assert set(schema) == {
        "allowed_detail_http_methods",
        "allowed_list_http_methods",
        "default_format",
        "default_limit",
        "fields",
        "filtering",
        "ordering",
    }
    assert set(schema["fields"]["user"]) == {
        "blank",
        "default",
        "help_text",
        "nullable",
        "readonly",
        "related_type",
        "type",
        "unique",
    }
