"""The `metrics` lists of records and ranges (API.md sections 2.13 and 5.1): the activity
type's default metrics, then those `include_metrics` names, each with its value (null: no data
for it) and the zone the value falls in."""

from bisect import bisect_right

from openhexo.api.prefix import current_prefix
from openhexo.catalog.models import Metric
from openhexo.processing.metrics import owner_field
from openhexo.processing.models import MetricValue


def metric_ids(named: str) -> list[int]:
    """The metric ids of an `include_metrics` value (comma-separated; others ignored)."""
    items = (item.strip() for item in named.split(","))
    return list(dict.fromkeys(int(i) for i in items if i.isascii() and i.isdigit()))


def requested(request, defaults: list[int]) -> list[int]:
    """Metric ids to show: defaults first, then those `include_metrics` names."""
    named = request.GET.get("include_metrics", "") if request is not None else ""
    return list(dict.fromkeys([*defaults, *metric_ids(named)]))


def render(owner, request, defaults: list[int]) -> list[dict]:
    """The metrics list of a record or a range."""
    ids = requested(request, defaults)
    if not ids:
        return []
    values = MetricValue.objects.filter(**{owner_field(owner): owner, "metric_id__in": ids})
    found = {value.metric_id: value for value in values}
    metrics = Metric.objects.select_related("unit").in_bulk(ids)
    histograms = request is not None and request.GET.get("include_histograms", "") in ("1", "true")
    return [_one(metrics[i], found.get(i), histograms) for i in ids if i in metrics]


def _one(metric: Metric, found: MetricValue | None, histograms: bool) -> dict:
    prefix, unit = current_prefix(), metric.unit
    value = None if found is None else found.value
    body = {
        "id": metric.pk, "name": metric.name, "resource_uri": f"{prefix}metric/{metric.pk}/",
        "title": metric.title, "value": value, "zone": zone(value, metric.zones),
        "zones": metric.zones,
        "unit": {"id": unit.pk, "resource_uri": f"{prefix}unit/{unit.pk}/",
                 "si_long": unit.si_long, "si_short": unit.si_short},
    }  # fmt: skip
    if histograms and found is not None and found.data:
        body |= found.data
    return body


def zone(value: float | None, zones: list | None) -> int | None:
    """Index of the zone [zones[i], zones[i + 1]) holding the value; -1 without zones (as
    Hexoskin writes it), null without a value."""
    if value is None:
        return None
    if not zones:
        return -1
    return min(max(bisect_right(zones, value) - 1, 0), len(zones) - 2)
