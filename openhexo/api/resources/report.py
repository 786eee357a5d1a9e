"""`report` and `distribution`: metrics of records, ranges or a user's window (API.md 2.14).

List GET only, answered in the v1 report shape rather than a Tastypie list; the work is in
openhexo/api/reports.py. `distribution` is `report` with the histograms always included.
"""

from openhexo.api import reports
from openhexo.api.authorization import OwnerAuthorization
from openhexo.api.base import HexoMeta, HexoResource
from openhexo.api.resources.data import parameter
from openhexo.api.responses import json_response
from openhexo.records.models import Record

EXACT, IN = ["exact"], ["exact", "in"]
RELATED = ["exact", "in", "isnull"]


class ReportResource(HexoResource):
    activitytype = parameter("related", "to_one", null=True)
    category = parameter("related", "to_one", null=True)
    end = parameter(null=True)
    include_metrics = parameter("related", "to_many")
    range = parameter("related", "to_one", null=True)
    record = parameter("related", "to_one", null=True)
    start = parameter(null=True)
    trainingroutine = parameter("related", "to_one", null=True)
    user = parameter("related", "to_one", null=True)

    histograms_always = False

    class Meta(HexoMeta):
        queryset = Record.objects.none()
        resource_name = "report"
        authorization = OwnerAuthorization()
        list_allowed_methods = ["get"]
        detail_allowed_methods = []
        filtering = {
            "activitytype": RELATED, "category": IN, "display": EXACT, "end": EXACT,
            "group_by": ["exact", "day"], "grouped": EXACT, "include_autodetected": ["true"],
            "include_metrics": IN, "range": IN, "record": IN, "start": EXACT,
            "time": ["exact", "day"], "trainingroutine": RELATED, "user": IN,
        }  # fmt: skip

    def dispatch(self, request_type, request, **kwargs):
        self.method_check(request, getattr(self._meta, f"{request_type}_allowed_methods"))
        self.is_authenticated(request)
        self.throttle_check(request)
        histograms = self.histograms_always or request.GET.get("include_histograms") == "1"
        return json_response(reports.answer(request.GET, request.user, histograms))


class DistributionResource(ReportResource):
    include_histograms = parameter("related", "to_many")

    histograms_always = True

    class Meta(ReportResource.Meta):
        resource_name = "distribution"
        filtering = {
            "activitytype": RELATED, "category": RELATED, "display": EXACT, "end": EXACT,
            "include_autodetected": ["true"], "include_histograms": IN, "include_metrics": IN,
            "range": IN, "record": IN, "start": EXACT, "trainingroutine": RELATED, "user": IN,
        }  # fmt: skip
