"""Metrics of records and ranges (API.md section 5.1), from the series in the store: averages,
minima and maxima, the heart-rate histogram, steps, energy, distance, sleep positions.

A metric with no data is absent (shown as null); values are in the metric's unit. Reports
compute them for any window of a user's time; records and ranges keep theirs (MetricValue).
"""

import numpy as np
from django.db import transaction

from openhexo.biosignals.energy import energy_keytel, resting_mifflin
from openhexo.catalog.datatypes import catalogue
from openhexo.records.models import Range, Record, TrackPoint, haversine_m
from openhexo.timeseries import store
from openhexo.timeseries.actions import lock_samples

from .arrays import as_raw
from .models import MetricValue
from .results import replace_derived

SUMMARIES = {  # datatype: (avg, min, max) metric ids
    19: (44, 46, 47), 33: (12, 14, 15), 36: (55, 57, 58), 53: (17, 19, 20), 49: (1, 3, 4),
}  # fmt: skip
HISTOGRAM_EDGES = list(range(20, 230, 10))  # bpm, as Hexoskin's histogram (20 to 220)
SLEEP_POSITIONS = {1033: 1, 1034: 2, 1035: 3, 1036: 4, 1037: 5}
SLEEP_ACTIVITY_TYPES = {12}
HRV_ACTIVITY_TYPES = {12, 106}  # sleep and the 5-minute rest test (API.md section 5.2)
NOT_COMPUTED = -1.0  # what Hexoskin shows for HRV it tried and could not compute
LONGEST_ANALYSED_RANGE = 24 * 3600 * 256  # sleep positions and HRV: a night, a rest test
DEFAULT_PROFILE = {"weight": 70.0, "height": 1.75, "age": 35, "male": True}  # when unknown

Values = dict[int, tuple[float | None, dict | None]]


def physical(user_id: int, datatype_id: int, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
    datatype = catalogue()[datatype_id]
    found = store.read(user_id, datatype, start, end)
    values = datatype.scaled(found.values.astype(np.float64))
    known = np.isfinite(values)
    return found.timestamps[known], values[known]


def compute(user, start: int, end: int, sleep: bool = False) -> Values:
    """{metric id: (value, histogram data or None)} over [start, end] of a user's series."""
    found: Values = {}
    for datatype_id, ids in SUMMARIES.items():
        _, values = physical(user.pk, datatype_id, start, end)
        if values.size:
            for metric, value in zip(ids, (values.mean(), values.min(), values.max()), strict=True):
                found[metric] = (round(float(value), 2), None)
    found |= _heart_rate_extras(user, start, end)
    steps = store.read(user.pk, catalogue()[52], start, end).timestamps.size
    if steps or 53 in found or 49 in found:
        found[71] = (float(steps), None)
    found |= _distance(user.pk, start, end)
    if sleep:
        found |= _sleep(user.pk, start, end)
    return found


def _heart_rate_extras(user, start: int, end: int) -> Values:
    _, rate = physical(user.pk, 19, start, end)
    if not rate.size:
        return {}
    counts, edges = np.histogram(np.clip(rate, 20, 219.9), bins=HISTOGRAM_EDGES)
    histogram = {
        "data1": {"bin_edge": edges.tolist(), "count": len(counts), "unit": "bpm",
                  "value": counts.tolist()},
        "data2": {"count": len(counts), "unit": "%",
                  "value": np.round(100 * counts / counts.sum(), 2).tolist()},
    }  # fmt: skip
    kcal = round(float(np.nansum(energy_keytel(rate, **_body(user)))), 1)
    return {45: (round(float(rate.mean()), 2), histogram), 139: (kcal, None), 2003: (kcal, None)}


def _body(user) -> dict:
    """Weight, age, sex and resting rate for the energy equations (defaults where unknown)."""
    profile = getattr(user, "profile", None)
    weight = (profile and profile.weight) or DEFAULT_PROFILE["weight"]
    height = (profile and profile.height) or DEFAULT_PROFILE["height"]
    age = (profile and profile.age()) or DEFAULT_PROFILE["age"]
    male = DEFAULT_PROFILE["male"] if not profile or not profile.gender else profile.gender == "M"
    resting = resting_mifflin(weight, height, age, male)
    return {"weight_kg": weight, "age_years": age, "male": male, "resting_kcal_min": resting}


def _distance(user_id: int, start: int, end: int) -> Values:
    points = TrackPoint.objects.filter(user_id=user_id, timestamp__gte=start, timestamp__lte=end)
    rows = list(points.order_by("track_id", "timestamp").values_list("track_id", "lat", "lon"))
    if len(rows) < 2:
        return {}
    pairs = zip(rows, rows[1:], strict=False)
    metres = sum(haversine_m(a[1], a[2], b[1], b[2]) for a, b in pairs if a[0] == b[0])
    return {2038: (round(metres, 1), None)}


def _sleep(user_id: int, start: int, end: int) -> Values:
    """Time in each sleep position (its events hold until the next), changes of position."""
    positions = store.read(user_id, catalogue()[270], start, end)
    times, codes = positions.timestamps, positions.values
    if not times.size:
        return {}
    held = np.diff(np.append(times, end)) / 256
    found = {m: (float(held[codes == code].sum()), None) for m, code in SLEEP_POSITIONS.items()}
    lying = float(held[codes != 5].sum())  # upright (5) is not sleep
    found[1032] = (lying, None)
    found[1038] = (float(np.count_nonzero(np.diff(codes))), None)
    found[1039] = (round(100 * lying / max((end - start) / 256, 1), 1), None)
    return found


def owner_field(owner: Record | Range) -> str:
    return "record" if isinstance(owner, Record) else "range"


def stored(owner: Record | Range) -> Values | None:
    """The metrics processing stored for a record or range, None before it has."""
    found = MetricValue.objects.filter(**{owner_field(owner): owner})
    return {m.metric_id: (m.value, m.data) for m in found} or None


def current(user, start: int, end: int, owner: Record | Range | None = None) -> Values:
    """The metrics stored for a record or range, else computed now over [start, end] (a
    window nobody processed as a whole, or a record not processed yet)."""
    return (owner is not None and stored(owner)) or compute(user, start, end)


def save(user, owner: Record | Range, values: Values) -> None:
    """Replace the metrics of a record or range by these (under the user's sample lock)."""
    field = owner_field(owner)
    with transaction.atomic():
        lock_samples(user.pk)
        MetricValue.objects.filter(**{field: owner}).delete()
        MetricValue.objects.bulk_create(
            MetricValue(user=user, metric_id=pk, value=value, data=data, **{field: owner})
            for pk, (value, data) in values.items()
        )


def refresh(user, start: int, end: int) -> None:
    """Recompute the metrics of every record and range of the user overlapping [start, end]."""
    for record in Record.objects.filter(user=user, start__lte=end, end__gte=start):
        save(user, record, compute(user, record.start, record.end))
    for span in Range.objects.filter(user=user, start__lte=end, end__gte=start):
        refresh_range(user, span)


def refresh_range(user, span: Range) -> None:
    """A range's metrics; first, for a sleep range its sleep positions, and for a sleep or
    rest-test range its HRV, from ranges up to a day long. Computed without locks, written
    under the user's sample lock."""
    end = span.end if span.end is not None else span.start
    outputs, hrv = _range_series(user.pk, span, end)
    if outputs:
        with transaction.atomic():
            lock_samples(user.pk)
            replace_derived(user.pk, span.start, end, outputs)
    sleep = span.activitytype_id in SLEEP_ACTIVITY_TYPES
    save(user, span, compute(user, span.start, end, sleep=sleep) | hrv)


def _range_series(user_id: int, span: Range, end: int) -> tuple[dict, Values]:
    """(derived series to store, HRV metrics) of a sleep or rest-test range."""
    outputs: dict = {}
    if end - span.start > LONGEST_ANALYSED_RANGE:
        return outputs, {}
    if span.activitytype_id in SLEEP_ACTIVITY_TYPES:
        from .derive import sleep_positions  # the algorithms load only where they run

        positions = sleep_positions(user_id, span.start, end)
        if positions is not None:
            outputs[270] = positions
    if span.activitytype_id not in HRV_ACTIVITY_TYPES:
        return outputs, {}
    series, values = _hrv(user_id, span.start, end)
    return outputs | series, values


def _hrv(user_id: int, start: int, end: int) -> tuple[dict, Values]:
    """NN intervals (318) and the 5-minute HRV series (271-278) of a sleep or rest range,
    and its LF and HF norm metrics (50, 170), -1 with too few clean beats."""
    from openhexo.biosignals.hrv import hrv_nn, hrv_summary, hrv_windows

    rr = store.read(user_id, catalogue()[18], start, end)
    if not rr.timestamps.size:
        return {}, {}
    flags = store.read(user_id, catalogue()[1000], start, end)
    nn_stamps, nn = hrv_nn(rr.values, rr.timestamps, (flags.timestamps, flags.values))
    windows = hrv_windows(nn_stamps, nn, start, end, rr_stamps=rr.timestamps)
    known = catalogue()
    series = {pk: as_raw(known[pk].gain, known[pk].offset, *found) for pk, found in windows.items()}
    summary = hrv_summary(nn_stamps, nn, start, end)
    if summary is None:
        values = {50: (NOT_COMPUTED, None), 170: (NOT_COMPUTED, None)}
    else:
        values = {
            50: (round(summary["lf_norm"], 2), None),
            170: (round(summary["hf_norm"], 2), None),
        }
    return {318: (nn_stamps, nn)} | series, values
