"""The permission matrix: every registered resource, every allowed method, every kind of caller.

The cells are generated from the registry (`openhexo.api.resources.RESOURCES`): for each
resource, each method its Meta allows on the list (GET, POST, bulk PATCH, DELETE) and on the
detail (GET, PUT, PATCH, DELETE), as each caller:

- owner: alice, with HTTP Basic;
- reader: bob, whom alice granted the read-only `friend` bundle;
- writer: bob, whom alice granted the read-write `coach` bundle;
- stranger: carol, with whom nothing is shared;
- anonymous: no credentials at all;
- readonly: alice's token from the OAuth2 password grant with scope=readonly, as Bearer.

Each cell makes alice's object through the ORM (as the resource's TABLE entry says), sends one
request about it and checks the status; for a list GET, whether alice's object is listed (a
detail GET also asks the `set/<id>/` endpoint, which must list it exactly when the detail is
200); for every request that must not change her object (refused, or sent by a caller
with no right to change it), that its row is unchanged (and, for a refused POST, that no row
was added); for a permitted PUT, PATCH or DELETE, that the row did change.

Expectations follow from the access the caller has to the object:

- `data` (alice's records, ranges, profile...): the owner owns, the writer writes, the reader
  reads, the stranger has none (lists without it, 404 on its detail, 400 on a body naming it);
- `private` (credentials, sharing objects, the account operations): only alice has access;
  a friend or coach of hers is a stranger to them;
- `global` (catalogue entries, user null): everyone authenticated reads, no one (non-staff)
  writes, owner included;
- `token` (a pending account request): whoever holds the emailed token.

Anonymous callers get 401 and the read-only token 403 on every write, except where an entry's
`expect` says otherwise (`createuserrequest` is the only resource open to anonymous callers).
TABLE entries override single cells with keys like "list-POST" or "detail-PUT-reader".

A resource in RESOURCES without a TABLE entry fails `test_every_registered_resource_has_an_entry`
and a method without an expectation fails its cell, so a new resource or method is covered the
day it is added. Known server bugs are kept visible as `xfail(strict=True)` cells (KNOWN_BUGS).
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import cached_property

import numpy as np
import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from oauth2_provider.models import get_access_token_model

from openhexo.accounts.actions import create_user
from openhexo.accounts.clients import create_client
from openhexo.accounts.credentials import request_email_change
from openhexo.accounts.models import (
    AccountRequest,
    BundlePermission,
    PermissionBundle,
    Team,
    User,
)
from openhexo.accounts.requests import NewAccount, request_account
from openhexo.accounts.sharing import request_permission
from openhexo.api.resources import RESOURCES
from openhexo.catalog.models import (
    ActivityAttribute,
    ActivityType,
    Algo,
    Datatype,
    Metric,
    TrainingRoutine,
    Unit,
)
from openhexo.processing.models import MetricValue
from openhexo.records.models import (
    ActivityAttributeValue,
    Annotation,
    Device,
    Range,
    Record,
    Track,
    TrackPoint,
)
from openhexo.timeseries.actions import ingest
from openhexo.timeseries.models import Chunk
from tests.api.test_oauth import bearer, password_grant
from tests.conftest import PASSWORD, basic

ROLES = ("owner", "reader", "writer", "stranger", "anonymous", "readonly")
START = 1_400_000_000 * 256  # a HexoTimestamp
OWN, WRITE, READ, NONE = "own", "write", "read", "none"
DATA, PRIVATE, GLOBAL, TOKEN = "data", "private", "global", "token"
ACCESS = {  # sharing -> role -> access to alice's object (the readonly token is alice)
    DATA: {"owner": OWN, "writer": WRITE, "reader": READ, "stranger": NONE},
    PRIVATE: {"owner": OWN, "writer": NONE, "reader": NONE, "stranger": NONE},
    GLOBAL: {"owner": READ, "writer": READ, "reader": READ, "stranger": READ},
    TOKEN: {"owner": OWN, "writer": OWN, "reader": OWN, "stranger": OWN, "anonymous": OWN},
}
DEFAULTS = {  # (endpoint, method) -> access -> status
    ("list", "GET"): {OWN: 200, WRITE: 200, READ: 200, NONE: 200},
    ("list", "POST"): {OWN: 201, WRITE: 201, READ: 403, NONE: 400},  # 400: owner not visible
    ("list", "PATCH"): {OWN: 202, WRITE: 202, READ: 403, NONE: 404},
    ("detail", "GET"): {OWN: 200, WRITE: 200, READ: 200, NONE: 404},
    ("detail", "PUT"): {OWN: 200, WRITE: 200, READ: 403, NONE: 404},
    ("detail", "PATCH"): {OWN: 200, WRITE: 200, READ: 403, NONE: 404},
    ("detail", "DELETE"): {OWN: 204, WRITE: 204, READ: 403, NONE: 404},
}
METHODS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}


class World:
    """The cast of one cell: alice owns, bob is shared with, carol sees nothing.

    bob, carol and dave are only created when a cell needs them (it keeps the matrix fast).
    """

    def __init__(self, alice, fixtures):
        self.alice, self._fixtures = alice, fixtures

    @cached_property
    def bob(self):
        return self._fixtures.getfixturevalue("bob")

    @cached_property
    def carol(self):
        return self._fixtures.getfixturevalue("carol")

    @cached_property
    def dave(self):
        """A fourth user, for sharing objects between alice and someone other than bob."""
        return create_user("dave@example.com", PASSWORD, first_name="Dave", last_name="Other")

    def uri(self, user) -> str:
        return f"/api/user/{user.pk}/"


def bundle_uri(name: str) -> str:
    return f"/api/bundle/{PermissionBundle.objects.get(name=name).pk}/"


def row(obj) -> dict | None:
    """The stored columns of `obj` (None once deleted)."""
    return type(obj).objects.filter(pk=obj.pk).values().first()


@dataclass(frozen=True)
class Entry:
    """How the matrix exercises one resource."""

    make: Callable  # World -> alice's object (or the global entry)
    sharing: str = DATA
    post: Callable | None = None  # World -> a valid POST body (naming alice where it can)
    put: Callable | None = None  # World, obj -> a valid PUT body
    patch: dict | None = None  # a change, for detail PATCH and bulk PATCH
    uri: Callable | None = None  # obj -> detail path; default /api/<name>/<pk>/
    snapshot: Callable | None = None  # World, obj -> what must not change; default its row
    counted: Callable | None = None  # () -> rows a POST adds; default the object's model
    expect: dict[str, int] = field(default_factory=dict)  # "detail-PUT-reader": 403 ...
    listed: dict[str, bool] = field(default_factory=dict)  # role -> alice's object listed
    global_entry: Callable | None = None  # World -> a global entry of the same resource
    found: Callable | None = None  # World, list response -> alice's object is in it
    query: Callable | None = None  # obj -> parameters of a list GET (a report's record)


def globals_of(entry: Entry) -> Entry:
    """The entry for the global catalogue entries of a resource that also holds users' own."""

    def post(world):
        return entry.post(world) | {"user": None}

    return replace(entry, make=entry.global_entry, sharing=GLOBAL, post=post, global_entry=None)


def owned(model, **values) -> Callable:
    return lambda world: model.objects.create(user=world.alice, **values)


def with_user(**body) -> Callable:
    return lambda world, *obj: {"user": world.uri(world.alice), **body}


# --- factories that need more than one row -------------------------------------------------


def attribute_value(world):
    span = Range.objects.create(user=world.alice, start=START)
    return ActivityAttributeValue.objects.create(
        user=world.alice, range=span, activityattribute_id=1, start=START, value=5
    )


def trackpoint(world):
    track = Track.objects.create(user=world.alice, name="morning run")
    return TrackPoint.objects.create(track=track, user=world.alice, lon=1.0, lat=2.0)


def access_token(world):
    client, _ = create_client(world.alice, ["password"], name="Watch app")
    return get_access_token_model().objects.create(
        user=world.alice,
        application=client,
        token=secrets.token_urlsafe(24),
        expires=timezone.now() + timedelta(hours=1),
        scope="readwrite",
    )


def permission_to_dave(world):
    return BundlePermission.objects.create(
        bundle=PermissionBundle.objects.get(name="viewer"),
        user_allowed=world.dave,
        user_target=world.alice,
    )


def request_to_alice(world):
    """dave asks alice to let him see her data: alice redeems or declines it."""
    return request_permission(
        requested_by=world.dave,
        user_target=world.alice,
        user_allowed=world.dave,
        bundle=PermissionBundle.objects.get(name="friend"),
    )


def alices_samples(world) -> Chunk:
    ingest(world.alice.pk, [(Datatype.objects.get(pk=19), np.array([START]), np.array([60]))])
    return Chunk.objects.get(user=world.alice)


SAMPLES = Entry(
    make=alices_samples,
    post=lambda world: [
        {"user": world.uri(world.alice), "data": {"19": [[START + 256 * 7200, 61]]}}
    ],
    counted=lambda: Chunk.objects.count(),  # the new sample falls in a new chunk
    found=lambda world, answer: world.uri(world.alice) in [entry["user"] for entry in answer],
)


def alices_record_metric(world) -> Record:
    record = Record.objects.create(user=world.alice, start=START, end=START + 256)
    MetricValue.objects.create(user=world.alice, record=record, metric_id=44, value=71.5)
    return record


REPORT = Entry(
    make=alices_record_metric,
    uri=lambda obj: f"/api/record/{obj.pk}/",
    query=lambda obj: {"record": obj.pk, "include_metrics": 44},
    found=lambda world, answer: answer["count"] == 1 and answer["data"][0][0]["value"] == 71.5,
)


def email_change(world) -> str:
    return request_email_change(world.alice, "alice.new@example.com")


def alices_email(world, token) -> dict:
    return User.objects.filter(pk=world.alice.pk).values("email").get()


def account_request(world) -> str:
    return request_account(NewAccount("newcomer@example.com", password="lantern-orchard-58"))[1]


def pending_account(world, token) -> dict:
    return AccountRequest.objects.filter(email="newcomer@example.com").values().get()


def accounts_asked() -> int:
    return AccountRequest.objects.count()


NEW_ACCOUNT = {"email": "someone.new@example.com", "first_name": "New"}
OPERATION = {"list-POST": 202}  # acts on the caller's own account, whoever the caller is
CREATES_ACCOUNT_REQUEST = {"list-POST": 201}


TABLE: dict[str, Entry] = {
    # --- credentials: their owner's only, even from a coach ---------------------------------
    "accesstoken": Entry(
        make=access_token,
        sharing=PRIVATE,
        # Deleting the list revokes the caller's own tokens: 204 for everyone, alice's stay.
        expect={"list-DELETE": 204},
    ),
    "oauthclient": Entry(
        make=lambda world: create_client(world.alice, ["password"], name="Mine")[0],
        sharing=PRIVATE,
        put=lambda world, obj: {"name": "Renamed", "redirect_uris": "https://a.example/cb"},
        patch={"name": "Renamed"},
    ),
    # --- the caller's own account --------------------------------------------------------------
    "account": Entry(
        make=lambda world: world.alice,
        uri=lambda user: f"/api/user/{user.pk}/",
        listed={"reader": False, "writer": False, "stranger": False},  # only oneself
    ),
    "user": Entry(
        make=lambda world: world.alice,
        put=lambda world, user: {"first_name": "Changed", "last_name": "Owner"},
        patch={"first_name": "Changed"},
    ),
    "profile": Entry(
        make=lambda world: world.alice.profile,
        put=lambda world, profile: {"height": 1.81, "weight": 70.0, "gender": "F"},
        patch={"height": 1.79},
    ),
    # --- alice's recordings --------------------------------------------------------------------
    "record": Entry(
        make=owned(Record, start=START, end=START + 256 * 60, soft_uid="HXDEV-AUTO"),
        post=with_user(start=START + 256 * 3600),
        put=with_user(start=START, end=START + 256 * 60, soft_uid="HXDEV-PUT"),
        patch={"soft_uid": "HXDEV-PATCH"},
    ),
    "range": Entry(
        make=owned(Range, name="walk", start=START, end=START + 256 * 60),
        post=with_user(name="run", start=START + 256 * 3600),
        put=with_user(name="changed", start=START, end=START + 256 * 60),
        patch={"name": "patched"},
    ),
    "data": SAMPLES,
    "report": REPORT,
    "distribution": REPORT,
    "datafile": SAMPLES,
    "annotation": Entry(
        make=owned(Annotation, start=START, annotation="mine"),
        post=with_user(start=START + 256, annotation="new"),
        put=with_user(start=START, annotation="changed"),
        patch={"annotation": "patched"},
    ),
    "activityattributevalue": Entry(make=attribute_value),
    "device": Entry(make=owned(Device, deviceid="HXSKIN00000001")),
    "track": Entry(
        make=owned(Track, name="morning run"),
        post=with_user(name="evening run"),
        put=with_user(name="changed"),
        patch={"name": "patched"},
    ),
    "trackpoint": Entry(
        make=trackpoint,
        post=lambda world: {
            "track": f"/api/track/{Track.objects.get(user=world.alice).pk}/",
            "position": [3.0, 4.0],
        },
        put=lambda world, point: {"track": f"/api/track/{point.track_id}/", "position": [5, 6]},
        patch={"altitude": 12.5},
    ),
    # --- catalogue resources that hold global entries and users' own ---------------------------
    "activityattribute": Entry(
        make=owned(ActivityAttribute, name="mood", unit_id=2),
        post=with_user(name="grit", unit="/api/unit/2/"),
        put=with_user(name="changed", unit="/api/unit/2/"),
        patch={"name": "patched"},
        global_entry=lambda world: ActivityAttribute.objects.get(pk=1),
    ),
    "activitytype": Entry(
        make=owned(ActivityType, name="Kayak", base="high"),
        post=with_user(name="Canoe", base="high"),
        put=with_user(name="Changed", base="high"),
        patch={"name": "Patched"},
        global_entry=lambda world: ActivityType.objects.filter(user=None).first(),
    ),
    "trainingroutine": Entry(
        make=owned(TrainingRoutine, name="Intervals"),
        post=with_user(name="Tempo"),
        put=with_user(name="Changed"),
        patch={"name": "Patched"},
        global_entry=lambda world: TrainingRoutine.objects.get(pk=12),
    ),
    # --- the read-only catalogue ---------------------------------------------------------------
    "algo": Entry(make=lambda world: Algo.objects.create(algorithms={}), sharing=GLOBAL),
    "bundle": Entry(make=lambda world: PermissionBundle.objects.get(name="coach"), sharing=GLOBAL),
    "contenttype": Entry(
        make=lambda world: ContentType.objects.get_for_model(Range), sharing=GLOBAL
    ),
    "datatype": Entry(make=lambda world: Datatype.objects.get(pk=19), sharing=GLOBAL),
    "metric": Entry(make=lambda world: Metric.objects.first(), sharing=GLOBAL),
    "unit": Entry(make=lambda world: Unit.objects.get(pk=700), sharing=GLOBAL),
    # --- sharing: seen and changed by the users they name only ---------------------------------
    "bundle_permission": Entry(
        make=permission_to_dave,
        sharing=PRIVATE,
        post=lambda world: {
            "bundle": bundle_uri("friend"),
            "user_allowed": world.uri(world.dave),
            "user_target": world.uri(world.alice),
        },
        # Naming alice as the granting owner is refused (403) to whoever is not alice.
        expect={"list-POST": 403, "list-POST-owner": 201},
    ),
    "bundle_permission_request": Entry(
        make=request_to_alice,
        sharing=PRIVATE,
        uri=lambda asked: f"/api/bundle_permission_request/{asked.token}/",
        # Anyone may ask anyone: the caller asks dave to let them see his data.
        post=lambda world: {"user_target": world.uri(world.dave), "bundle": bundle_uri("friend")},
        put=lambda world, asked: {},  # an empty PUT by user_target redeems
        expect={"list-POST": 201},
    ),
    "team": Entry(
        make=lambda world: Team.objects.create(owner=world.alice, name="Squad"),
        sharing=PRIVATE,
        post=lambda world: {"name": "New", "owner": world.uri(world.alice), "members": []},
        put=lambda world, team: {"name": "Renamed", "owner": world.uri(world.alice), "members": []},
        patch={"name": "Patched"},
        # A team names its owner: another caller naming alice is refused (403 when alice is
        # visible to them, 400 when she is not).
        expect={"list-POST-reader": 403, "list-POST-writer": 403},
    ),
    # --- account operations --------------------------------------------------------------------
    "changeemail": Entry(
        make=email_change,
        sharing=PRIVATE,
        uri=lambda token: f"/api/changeemail/{token}/",
        snapshot=alices_email,
        post=lambda world: {"new_email": "renamed@example.com"},
        put=lambda world, token: {},
        counted=lambda: None,
        expect=OPERATION,
    ),
    # Not open to anonymous callers: among API resources only createuserrequest is (issue 4,
    # point 4; DESIGN.md section 6); people without a login use /accounts/password/reset/.
    "resetpassword": Entry(
        make=lambda world: world.alice,
        sharing=PRIVATE,
        post=lambda world: {"email": world.alice.email},
        counted=lambda: None,
        expect=OPERATION,
    ),
    "createuserrequest": Entry(
        make=account_request,
        sharing=TOKEN,
        uri=lambda token: f"/api/createuserrequest/{token}/",
        snapshot=pending_account,
        post=lambda world: NEW_ACCOUNT,
        put=lambda world, token: {},
        counted=accounts_asked,
        expect=CREATES_ACCOUNT_REQUEST | {"list-POST-anonymous": 201},
    ),
    "createuser": Entry(
        make=lambda world: world.alice,
        sharing=PRIVATE,
        post=lambda world: NEW_ACCOUNT | {"password": "lantern-orchard-58"},
        counted=accounts_asked,
        expect={"list-POST": 403},  # staff only; alice is not staff
    ),
    "createrelateduser": Entry(
        make=lambda world: world.alice,
        sharing=PRIVATE,
        post=lambda world: NEW_ACCOUNT | {"bundles": ["coach"]},
        counted=accounts_asked,
        expect=CREATES_ACCOUNT_REQUEST,
    ),
}

# Cells where the server is known to be wrong: (cell id) -> what goes wrong.
KNOWN_BUGS: dict[str, str] = {}


# --- the cells -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    resource: str
    target: str  # "alice" or "global"
    endpoint: str  # list or detail
    method: str
    role: str

    @property
    def id(self) -> str:
        target = "" if self.target == "alice" else f"{self.target}-"
        return f"{self.resource}-{target}{self.endpoint}-{self.method}-{self.role}"

    @property
    def entry(self) -> Entry:
        entry = TABLE.get(self.resource)
        if entry is None:
            pytest.fail(f"'{self.resource}' is registered but has no entry in TABLE.")
        return globals_of(entry) if self.target == "global" else entry

    def access(self) -> str:
        table = ACCESS[self.entry.sharing]
        return table.get("owner" if self.role == "readonly" else self.role, NONE)

    def expected_status(self) -> int:
        entry, short = self.entry, f"{self.endpoint}-{self.method}"
        if f"{short}-{self.role}" in entry.expect:
            return entry.expect[f"{short}-{self.role}"]
        if self.role == "anonymous" and entry.sharing != TOKEN:
            return 401
        if self.role == "readonly" and self.method != "GET":
            return 403
        if short in entry.expect:
            return entry.expect[short]
        by_access = DEFAULTS.get((self.endpoint, self.method))
        if by_access is None:
            pytest.fail(f"No expectation for {short} on {self.resource}: add one to TABLE.")
        return by_access[self.access()]

    def expected_listed(self) -> bool:
        return self.entry.listed.get(self.role, self.access() != NONE)


def has_set_endpoint(resource) -> bool:
    return any(url.name == "api_get_multiple" for url in resource().base_urls())


SET_ENDPOINTS = {
    resource._meta.resource_name
    for resource in RESOURCES
    if "get" in resource._meta.detail_allowed_methods and has_set_endpoint(resource)
}


def cells() -> list:
    params = []
    for resource in RESOURCES:
        meta, entry = resource._meta, TABLE.get(resource._meta.resource_name)
        allowed = [("list", METHODS[method]) for method in meta.list_allowed_methods]
        allowed += [("detail", METHODS[method]) for method in meta.detail_allowed_methods]
        for target in ["alice"] + (["global"] if entry and entry.global_entry else []):
            for endpoint, method in allowed:
                for role in ROLES:
                    cell = Cell(meta.resource_name, target, endpoint, method, role)
                    bug = KNOWN_BUGS.get(cell.id)
                    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
                    params.append(pytest.param(cell, id=cell.id, marks=marks))
    return params


CELLS = cells()


def test_every_registered_resource_has_an_entry():
    registered = {resource._meta.resource_name for resource in RESOURCES}
    assert sorted(registered - set(TABLE)) == [], "resources without a TABLE entry"
    assert sorted(set(TABLE) - registered) == [], "TABLE entries for unregistered resources"


def test_known_bugs_name_real_cells():
    assert sorted(set(KNOWN_BUGS) - {param.id for param in CELLS}) == []


def caller(role: str, world: World, client) -> dict:
    """The request headers of `role`, after making the grant or token it needs."""
    if role in ("reader", "writer"):
        bundle = PermissionBundle.objects.get(name="friend" if role == "reader" else "coach")
        BundlePermission.objects.create(
            bundle=bundle, user_allowed=world.bob, user_target=world.alice
        )
        return {"HTTP_AUTHORIZATION": basic(world.bob)}
    if role == "readonly":
        app = create_client(world.alice, ["password"], name="Read-only app")
        answer = password_grant(client, app, scope="readonly")
        assert answer.status_code == 200 and answer.json()["scope"] == "readonly"
        return bearer(answer.json()["access_token"])
    if role == "stranger":
        return {"HTTP_AUTHORIZATION": basic(world.carol)}
    return {"HTTP_AUTHORIZATION": basic(world.alice)} if role == "owner" else {}


def send(api, cell: Cell, world: World, obj, detail: str, headers: dict):
    entry, path = cell.entry, f"/api/{cell.resource}/"
    if (cell.endpoint, cell.method) == ("list", "GET"):
        asked = entry.query(obj) if entry.query else {}
        return api.get(path, params={"limit": 1000, **asked}, **headers)
    if (cell.endpoint, cell.method) == ("list", "POST"):
        return api.post(path, data=entry.post(world), **headers)
    if (cell.endpoint, cell.method) == ("list", "PATCH"):
        changed = {"resource_uri": detail, **(entry.patch or {})}
        return api.patch(path, data={"objects": [changed]}, **headers)
    target = path if cell.endpoint == "list" else detail
    if cell.method == "PUT":
        return api.put(target, data=entry.put(world, obj), **headers)
    if cell.method == "PATCH":
        return api.patch(target, data=entry.patch, **headers)
    return api.call(cell.method.lower(), target, **headers)


def listed(response, detail: str, cell: Cell, world: World) -> bool:
    if cell.entry.found:
        return cell.entry.found(world, response.json())
    return detail in {obj.get("resource_uri") for obj in response.json()["objects"]}


@pytest.mark.parametrize("cell", CELLS)
def test_cell(api, client, alice, request, cell):
    world, entry = World(alice, request), cell.entry
    obj = entry.make(world)
    detail = entry.uri(obj) if entry.uri else f"/api/{cell.resource}/{obj.pk}/"
    headers = caller(cell.role, world, client)
    snapshot = entry.snapshot or (lambda world, obj: row(obj))
    counted = entry.counted or (lambda: type(obj).objects.count())
    before, rows_before = snapshot(world, obj), counted()
    expected = cell.expected_status()

    response = send(api, cell, world, obj, detail, headers)

    assert response.status_code == expected, (
        f"{cell.method} {cell.endpoint} as {cell.role}: expected {expected}, "
        f"got {response.status_code} {response.content[:300]!r}"
    )
    if (cell.endpoint, cell.method, expected) == ("list", "GET", 200):
        assert listed(response, detail, cell, world) == cell.expected_listed(), "alice's listed"
    if (cell.endpoint, cell.method) == ("detail", "GET") and cell.resource in SET_ENDPOINTS:
        reference = detail.rstrip("/").rsplit("/", 1)[-1]
        found = api.get(f"/api/{cell.resource}/set/{reference}/", **headers)
        assert found.status_code == (401 if expected == 401 else 200), found.content[:300]
        if expected != 401:
            assert listed(found, detail, cell, world) == (expected == 200), "alice's in set/"
    if cell.method == "POST" and rows_before is not None:
        added = counted() - rows_before
        assert added == (1 if expected == 201 else 0), f"the POST added {added} rows"
    if expected >= 400 or cell.access() not in (OWN, WRITE):
        assert snapshot(world, obj) == before, "alice's object changed"
    elif cell.method in ("PUT", "PATCH", "DELETE"):
        assert snapshot(world, obj) != before, "a permitted write changed nothing"
