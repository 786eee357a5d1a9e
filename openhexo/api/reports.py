"""`report` and `distribution` (API.md section 2.14): the metrics of records, of ranges, or of
a user's window of time, in the v1 report shape.

`record=` and `range=` (one id or URI, or a comma list with `__in`) report what processing
computed for them (computed now if it has not run yet); `user=` (default: the caller) with
`start` and `end`, floored and ceiled to the UTC hour, reports that window. Each target gives
one list of metric results in `data`.
"""

from dataclasses import dataclass

from django.http import QueryDict
from tastypie.exceptions import BadRequest

from openhexo.accounts.visibility import readable_users
from openhexo.api.data.query import parse_tick, reference_id
from openhexo.api.metric_values import metric_ids, zone
from openhexo.api.prefix import current_prefix
from openhexo.catalog.models import Metric
from openhexo.processing import metrics
from openhexo.records.models import Range, Record

HOUR = 3600 * 256
MAX_TARGETS = 100
MAX_WINDOW = 31 * 24 * HOUR  # a month of a user's time in one report


@dataclass
class Target:
    user: object
    start: int
    end: int
    owner: Record | Range | None = None  # reported from its stored metrics


def answer(params: QueryDict, caller, histograms: bool) -> dict:
    """The report body for these parameters."""
    prefix, found = current_prefix(), targets(params, caller)
    asked, values = requested_ids(params), _values(found)
    data = [_results(t, v, asked, histograms, prefix) for t, v in zip(found, values, strict=True)]
    records = [t.owner for t in found if isinstance(t.owner, Record)]
    return {
        "count": len(found), "data": data, "name": "", "outputtype": "list",
        "record": f"{prefix}record/{records[0].pk}/" if len(records) == 1 else None,
        "report": f"{prefix}templatereport/None/", "title": "",
    }  # fmt: skip


def requested_ids(params: QueryDict) -> list[int]:
    named = params.get("include_metrics__in") or params.get("include_metrics", "")
    items = [item for item in named.split(",") if item.strip()]
    return metric_ids(",".join(reference_id(item, "metric") for item in items))


def _values(found: list[Target]) -> list[metrics.Values]:
    """Each target's metrics: stored ones, else computed, for at most MAX_WINDOW of time in
    all (computing reads every series of the window)."""
    kept = [metrics.stored(t.owner) if t.owner is not None else None for t in found]
    computed = sum(t.end - t.start for t, values in zip(found, kept, strict=True) if not values)
    if computed > MAX_WINDOW:
        raise BadRequest("This report would compute over 31 days of samples: ask for less.")
    return [
        values or metrics.compute(t.user, t.start, t.end)
        for t, values in zip(found, kept, strict=True)
    ]


def targets(params: QueryDict, caller) -> list[Target]:
    visible = readable_users(caller)
    for name, model in (("record", Record), ("range", Range)):
        ids = _ids(params, name)
        if ids:
            owners = model.objects.filter(user__in=visible, pk__in=ids).select_related("user")
            return [Target(o.user, o.start, o.end or o.start, o) for o in owners.order_by("pk")]
    return _windows(params, visible, caller)


def _ids(params: QueryDict, name: str) -> list[int]:
    text = params.get(f"{name}__in") or params.get(name) or ""
    ids = [int(reference_id(item, name)) for item in text.split(",") if item.strip()]
    if len(ids) > MAX_TARGETS:
        raise BadRequest(f"A report takes at most {MAX_TARGETS} {name}s at once.")
    return ids


def _windows(params: QueryDict, visible, caller) -> list[Target]:
    """One target per user named (the caller by default) over the same hours."""
    start, end = _hours(params)
    ids = _ids(params, "user")
    if not ids:
        return [Target(caller, start, end)]
    users = list(visible.filter(pk__in=ids).order_by("pk"))
    if len(users) < len(set(ids)):
        raise BadRequest("'user': not every user named is visible to you.")
    return [Target(user, start, end) for user in users]


def _hours(params: QueryDict) -> tuple[int, int]:
    if "start" not in params or "end" not in params:
        raise BadRequest("A report needs record=, range=, or start= and end= (HexoTimestamps).")
    start = parse_tick(params["start"], "start") // HOUR * HOUR
    end = -(-parse_tick(params["end"], "end") // HOUR) * HOUR
    if not start < end <= start + MAX_WINDOW:
        raise BadRequest("'end' must come after 'start', at most 31 days later.")
    return start, end


def _results(
    target: Target, values: metrics.Values, asked: list[int], histograms: bool, prefix: str
) -> list[dict]:
    ids = asked or sorted(values)
    catalogue = Metric.objects.select_related("unit").in_bulk(ids)
    return [
        _result(catalogue[pk], values.get(pk, (None, None)), target, histograms, prefix)
        for pk in ids
        if pk in catalogue
    ]


def _result(metric: Metric, found: tuple, target: Target, histograms: bool, prefix: str) -> dict:
    value, data = found
    uri = f"{prefix}metric/{metric.pk}/"
    owner = target.owner
    body = {
        "metric": uri, "uri": uri, "name": metric.name, "title": metric.title,
        "outputtype": "histogram" if metric.type == "histogram" else "value",
        "record": f"{prefix}record/{owner.pk}/" if isinstance(owner, Record) else None,
        "range": f"{prefix}range/{owner.pk}/" if isinstance(owner, Range) else None,
        "timerange": {"start": target.start, "end": target.end,
                      "user": f"{prefix}user/{target.user.pk}/"},
        "unit": metric.unit.si_short, "value": value,
        "zone": zone(value, metric.zones), "zones": metric.zones,
    }  # fmt: skip
    if data and (histograms or metric.type == "histogram"):
        body |= data
    return body
