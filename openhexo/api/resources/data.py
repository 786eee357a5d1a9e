"""`data` (and `datafile`, and the per-datatype aliases): samples in and out (API.md section 3).

GET reads any window of the series a caller may see, in JSON, CSV, zip or EDF by `Accept`;
POST stores samples in the formats GET answers. The work is in openhexo/api/data/.
"""

from django.db import transaction

from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.data import views
from openhexo.api.fields import ValueField
from openhexo.api.middleware import accepts_uploads
from openhexo.catalog.models import Datatype

EXACT = ["exact"]


def parameter(type_name: str = "integer", related_type: str | None = None, **flags) -> ValueField:
    """A query parameter as the live schema lists it: a writable field."""
    return ValueField(type_name, related_type, readonly=False, **flags)


class DataResource(HexoResource):
    datatype = parameter("related", "to_one", blank=True)
    end = parameter()
    flat = parameter()
    max_values = parameter()
    no_timestamps = parameter()
    range = parameter("related", "to_one")
    record = parameter("related", "to_one", null=True, blank=True)
    seconds = parameter()
    start = parameter()
    timestamp = parameter()
    user = parameter("related", "to_one")

    fixed_datatypes: list[int] | None = None  # set by the per-datatype aliases

    class Meta(HexoMeta):
        queryset = Datatype.objects.none()
        resource_name = "data"
        authorization = OwnerAuthorization()
        list_allowed_methods = ["get", "post"]
        detail_allowed_methods = []
        filtering = {
            "datatype": ["exact", "in", "gt", "gte", "lt", "lte", "range"],
            "end": EXACT,
            "flat": EXACT,
            "max_values": EXACT,
            "no_timestamps": EXACT,
            "range": EXACT,
            "record": EXACT,
            "scaled": EXACT,
            "seconds": EXACT,
            "start": EXACT,
            "timestamp": ["range", "gt", "gte", "lt", "lte"],
            "user": EXACT,
        }

    def wrap_view(self, view):
        return accepts_uploads(super().wrap_view(view))

    def dispatch(self, request_type, request, **kwargs):
        """Tastypie's checks, then our views, whose answers may stream (and so are kept)."""
        allowed = getattr(self._meta, f"{request_type}_allowed_methods")
        method = self.method_check(request, allowed)
        self.is_authenticated(request)
        self.throttle_check(request)
        if method == "get":
            return views.get(request, self.fixed_datatypes)
        with transaction.atomic():
            return views.post(request)


class DatafileResource(DataResource):
    """The older name of `data`, with the same filters."""

    class Meta(DataResource.Meta):
        resource_name = "datafile"


# API.md section 2.21: v1's per-datatype endpoints behave like `data` with the datatype fixed.
ALIASES = {
    "ecg": [4113], "heartrate": [19], "heartratestatus": [1000], "qrs": [17],
    "rrinterval": [18], "respiration": [4129, 4130],
    "breathingrate": [33], "breathingratestatus": [1001], "inspiration": [34],
    "expiration": [35], "minuteventilation": [36], "tidalvolume": [37],
    "acc": [4145, 4146, 4147], "activity": [49], "step": [52], "cadence": [53],
    "sleepposition": [270], "ann": [271], "sdnn": [272], "hrvlfnorm": [273],
    "nnoverrr": [274], "triangular": [275], "hrvlf": [276], "hrvhf": [277],
    "nninterval": [318], "spo2": [66], "spo2status": [1002], "ppg": [64], "ptt": [97],
    "systolicpressure": [98], "temperature": [81],
}  # fmt: skip
# v1 also named qrsstatus, sdann, pohr and temperaturestatus, whose datatypes no source gives.


def alias_resource(name: str, datatypes: list[int]) -> type[DataResource]:
    fixed = {"resource_name": name, "list_allowed_methods": ["get"]}
    meta = type("Meta", (DataResource.Meta,), fixed)
    return type(f"{name.title()}DataResource", (DataResource,), {
        "Meta": meta, "fixed_datatypes": datatypes, "__module__": __name__,
    })  # fmt: skip


ALIAS_RESOURCES = [alias_resource(name, ids) for name, ids in ALIASES.items()]
