"""The seed catalogue (API.md sections 4 and 5), loaded by every `migrate`, idempotently.

Ids are Hexoskin's where the public record gives them, since clients hard-code them
(datatype 19 is heart rate, routine 12 is sleep). Raw values become unit values as
raw x gain + offset, per Hexoskin's own decoder.
"""

import logging

from django.core.management.color import no_style
from django.db import connection, transaction

from openhexo.accounts.models import PermissionBundle

from .models import ActivityAttribute, ActivityType, Datatype, Metric, TrainingRoutine, Unit

log = logging.getLogger(__name__)

UNITS = {  # id: (si_long, si_short, info)
    1: ("not applicable", "NA", "Dimensionless code or flag"),
    2: ("scale", "", "Qualitative scale from 1 to 10"),
    3: ("percent", "%", ""),
    4: ("raw device unit", "raw", "Device value before calibration"),
    5: ("analog-to-digital converter count", "adc", "12-bit ECG sample"),
    102: ("meter", "m", ""),
    103: ("kilometer", "km", ""),
    104: ("meter per second", "m/s", ""),
    200: ("standard gravity", "g", "Acceleration, 9.80665 m/s²"),
    201: ("1/256 standard gravity", "g/256", "Raw acceleration"),
    300: ("milliliter", "mL", ""),
    301: ("milliliter per minute", "mL/min", ""),
    400: ("joule", "J", ""),
    401: ("watt", "W", ""),
    550: ("kilocalorie", "kcal", ""),
    551: ("Calorie", "Cal", "Food calorie, 1 kcal"),
    600: ("millivolt", "mV", ""),
    700: ("beats per minute", "bpm", ""),
    701: ("respirations per minute", "rpm", ""),
    702: ("steps per minute", "spm", ""),
    703: ("step", "Step", ""),
    800: ("degree Celsius", "°C", ""),
    801: ("millimeter of mercury", "mmHg", ""),
    900: ("1/256 second", "s/256", "HexoTimestamp tick"),
    901: ("second", "s", ""),
    903: ("square millisecond", "ms²", ""),
    1000: ("milliliter per kilogram per minute", "mL/kg/min", ""),
}

_ECG = dict(gain=0.0064, offset=-1360 * 0.0064)
_HRV_SECONDS = dict(gain=1 / 256 / 16)
HRV_FREQ = 1 / 300

DATATYPES = [  # (id, name, freq in Hz or None for events, unit, unit_raw, extra)
    (16, "ECG_CHANNEL_CHAR", 256, 5, 5, {"info": "1 to 3 leads ECG channel(s)."}),
    (17, "QRS", None, 1, 1, {"info": "QRS complex detected in the ECG"}),
    (18, "RR_interval", None, 901, 900, {"gain": 1 / 256, "info": "Time between beats"}),
    (19, "heart_rate", 1, 700, 700, {}),
    (33, "breathing_rate", 1, 701, 701, {}),
    (34, "inspiration", None, 1, 1, {}),
    (35, "expiration", None, 1, 1, {}),
    (36, "minute_ventilation", 1, 301, 4, {"gain": 13.28}),
    (37, "tidal_volume", 1, 300, 4, {"gain": 13.28}),
    (38, "minute_ventilation_adjusted", 1, 301, 4, {"gain": 10}),
    (39, "tidal_volume_adjusted", 1, 300, 300, {}),
    (42, "energy_mifflin_keytel", 1, 401, 401, {}),
    (49, "activity", 1, 200, 201, {"gain": 1 / 256}),
    (52, "step", None, 703, 703, {}),
    (53, "cadence", 1, 702, 702, {}),
    (54, "actigraphy", 1, 200, 201, {"gain": 1 / 256}),
    (64, "PPG", 64, 1, 1, {"info": "Photoplethysmogram (Astroskin)"}),
    (66, "SPO2", 1, 3, 3, {"info": "Oxygen saturation (Astroskin)"}),
    (81, "temperature", 1, 800, 800, {"info": "Skin temperature (Astroskin)"}),
    (97, "PTT", None, 901, 900, {"gain": 1 / 256, "info": "Pulse transit time"}),
    (98, "systolic_pressure", 1, 801, 801, {}),
    (99, "systolic_pressure_adjusted", 1, 801, 801, {}),
    (208, "RECSTR_ANNOT_CHAR", None, 1, 1, {"info": "Recorder start annotation"}),
    (209, "RECSTP_ANNOT_CHAR", None, 1, 1, {"info": "Recorder stop annotation"}),
    (246, "TEMP_ST_CHANNEL_CHAR", 1, 1, 1, {"info": "Device temperature status"}),
    (247, "BATT_ST_CHANNEL_CHAR", 1, 1, 1, {"info": "Device battery status"}),
    (269, "device_position", None, 1, 1, {}),
    (270, "sleep_position", None, 1, 1, {"info": "Sleep position, codes 1 to 5"}),
    (271, "ANN", HRV_FREQ, 901, 4, _HRV_SECONDS),
    (272, "SDNN", HRV_FREQ, 901, 4, _HRV_SECONDS),
    (273, "HRV_LF_normalized", HRV_FREQ, 3, 4, {"gain": 0.01}),
    (274, "NN_over_RR", HRV_FREQ, 3, 4, {"gain": 0.01}),
    (275, "HRV_triangular", HRV_FREQ, 1, 4, {"gain": 0.01}),
    (276, "HRV_LF", HRV_FREQ, 903, 4, {"gain": 0.1}),
    (277, "HRV_HF", HRV_FREQ, 903, 4, {"gain": 0.1}),
    (278, "RMSSD", HRV_FREQ, 901, 4, _HRV_SECONDS),
    (280, "sleep_phase", None, 1, 1, {}),
    (318, "NN_interval", None, 901, 900, {"gain": 1 / 256}),
    (319, "RR_interval_realigned", None, 901, 900, {"gain": 1 / 256}),
    (338, "RESP_TMPR", 1, 800, 4, {"gain": 0.01, "info": "Respiration temperature"}),
    (1000, "heart_rate_quality", 1, 1, 1, {"info": "Heart-rate status bitmask"}),
    (1001, "breathing_rate_quality", 1, 1, 1, {"info": "Breathing-rate status bitmask"}),
    (1002, "SPO2_quality", 1, 1, 1, {"info": "SpO2 status bitmask"}),
    (1004, "RR_interval_quality", None, 1, 1, {}),
    (1005, "systolic_pressure_quality", 1, 1, 1, {}),
    (1006, "ECG_quality", 1, 1, 1, {}),
    (4096, "annotation", None, 1, 1, {"info": "Free-text annotation"}),
    (4113, "ECG_I", 256, 600, 5, _ECG),
    (4114, "ECG_II", 256, 600, 5, _ECG),
    (4115, "ECG_III", 256, 600, 5, _ECG),
    (4129, "respiration_thoracic", 128, 1, 1, {}),
    (4130, "respiration_abdominal", 128, 1, 1, {}),
    (4145, "acceleration_X", 64, 200, 201, {"gain": 1 / 256}),
    (4146, "acceleration_Y", 64, 200, 201, {"gain": 1 / 256}),
    (4147, "acceleration_Z", 64, 200, 201, {"gain": 1 / 256}),
]

HR_ZONES = [0, 114, 133, 152, 171, 250]
METRICS = [  # (id, name, title, unit, extra)
    (1, "activity_avg", "Act Avg", 200, {"zones": [0, 0.1, 0.2, 0.3, 0.4, 0.5]}),
    (3, "activity_min", "Act Min", 200, {}),
    (4, "activity_max", "Act Max", 200, {}),
    (12, "breathingrate_avg", "BR Avg", 701, {}),
    (14, "breathingrate_min", "BR Min", 701, {}),
    (15, "breathingrate_max", "BR Max", 701, {}),
    (17, "cadence_avg", "Cadence Avg", 702, {}),
    (19, "cadence_min", "Cadence Min", 702, {}),
    (20, "cadence_max", "Cadence Max", 702, {}),
    (44, "heartrate_avg", "HR Avg", 700, {"zones": HR_ZONES, "is_kpi": True}),
    (45, "heartrate_histo", "HR Histogram", 700, {"type": "histogram"}),
    (46, "heartrate_min", "HR Min", 700, {}),
    (47, "heartrate_max", "HR Max", 700, {}),
    (50, "hrvlfnorm_avg", "HRV LF norm", 3, {}),
    (55, "minuteventilation_avg", "MV Avg", 301, {}),
    (57, "minuteventilation_min", "MV Min", 301, {}),
    (58, "minuteventilation_max", "MV Max", 301, {}),
    (71, "step_count", "Steps", 703, {"zones": [0, 2000, 5000, 7500, 10000, 25000]}),
    (126, "energy_total", "Total Energy", 550, {}),
    (139, "energyecg_vo2_kcal", "Energy", 551, {"is_kpi": True}),
    (149, "energy", "Energy", 550, {}),
    (170, "HRVHFnorm_avg_copy", "HRVHFnormAvg", 3, {}),
    (173, "HRVLFnorm_avg", "HRVLF Norm Avg", 3, {}),
    (501, "speed_max", "Speed Max", 104, {}),
    (502, "speed_avg", "Speed Avg", 104, {}),
    (1032, "SleepTotal_time", "Total Sleep Time", 901, {}),
    (1033, "SleepPositionP1_time", "Sleep Position 1 Time", 901, {}),
    (1034, "sleep_position_P2_time", "Sleep Position 2 Time", 901, {}),
    (1035, "sleep_position_P3_time", "Sleep Position 3 Time", 901, {}),
    (1036, "sleep_position_P4_time", "Sleep Position 4 Time", 901, {}),
    (1037, "sleep_position_P5_time", "Sleep Position 5 Time", 901, {}),
    (1038, "SleepPositionChanges", "Sleep Position Changes", 2, {}),
    (1039, "SleepEfficiency", "Sleep Efficiency", 3, {}),
    (2003, "energyecg_total_kcal", "Energy", 551, {}),
    (2038, "distance", "Distance", 102, {}),
]

SPORT = [44, 71, 139]
SLEEP = [139, 170, *range(1032, 1040)]
ACTIVITY_TYPES = [  # (id, name, base, category, default metric ids)
    (1, "Cycling", "medium", "cycling", [44, 139]),
    (3, "General sport", "medium", "general sports", SPORT),
    (4, "Downhill skiing", "medium", "general sports", SPORT),
    (5, "Hiking", "medium", "general sports", SPORT),
    (6, "Jogging", "medium", "running", SPORT),
    (7, "Mountain biking", "high", "cycling", [44, 139]),
    (8, "Resting", "rest", "resting", [139]),
    (9, "Rowing", "high", "general sports", SPORT),
    (10, "Running", "high", "running", SPORT),
    (11, "Skating", "medium", "general sports", SPORT),
    (12, "Sleep", "sleep", "sleep", SLEEP),
    (13, "Snowboarding", "medium", "general sports", SPORT),
    (14, "Swimming", "high", "general sports", SPORT),
    (15, "Walking", "low", "lifestyle", SPORT),
    (17, "Lifestyle", "low", "lifestyle", SPORT),
    (24, "Sprint", "high", "running", SPORT),
    (28, "Gym", "medium", "general sports", SPORT),
    (103, "Fitness test", "high", "general sports", SPORT),
    (106, "Rest test", "rest", "resting", [139]),
    (997, "Other", "medium", None, SPORT),
]

RAST_STEPS = [
    {"index": 0, "name": "Rest", "activitytype": 8, "intensity": "rest",
     "duration_type": "time", "duration_value": 180, "target_type": "open"},
    {"index": 1, "name": "Sprint", "activitytype": 24, "intensity": "active",
     "duration_type": "distance", "duration_value": 35, "target_type": "open"},
]  # fmt: skip
TRAINING_ROUTINES = [  # (id, name, description, activity type, extra)
    (1, "bike", "Bicycle or cardio cycling machine", 1, {"metadata": {"geo": True}}),
    (6, "jog", "Running or jogging", 10, {"metadata": {"geo": True}}),
    (12, "Sleep", "A night of sleep", 12, {}),
    (1013, "Standard Rast Test", "Running anaerobic sprint test", 103, {"steps": RAST_STEPS}),
    (1016, "5 minute Rest test", "Five minutes lying still, for HRV", 106, {}),
]

ACTIVITY_ATTRIBUTES = [(1, "distance", 103), (2, "fatigue", 2), (3, "energy", 400)]

PERMISSION_BUNDLES = [  # (name, can_write, description)
    ("friend", False, "Sees my data"),
    ("viewer", False, "Sees my data (read-only access for a clinician or researcher)"),
    ("coach", True, "Sees and edits my data"),
]


def _load_units_and_datatypes() -> None:
    for unit_id, (si_long, si_short, info) in UNITS.items():
        Unit.objects.update_or_create(
            id=unit_id, defaults={"si_long": si_long, "si_short": si_short, "info": info}
        )
    for dt_id, name, freq, unit, unit_raw, extra in DATATYPES:
        defaults = {"name": name, "freq": freq, "unit_id": unit, "unit_raw_id": unit_raw}
        defaults |= {"gain": 1.0, "offset": 0.0, "info": ""} | extra
        Datatype.objects.update_or_create(id=dt_id, defaults=defaults)


def _load_metrics() -> None:
    for metric_id, name, title, unit, extra in METRICS:
        defaults = {"name": name, "title": title, "unit_id": unit, "description": title}
        Metric.objects.update_or_create(id=metric_id, defaults=defaults | extra)


def _global_slot(model, entry_id: int) -> bool:
    """Whether a seed id is free for a global entry (never take over a user's own)."""
    taken = model.objects.filter(pk=entry_id, user__isnull=False).exists()
    if taken:
        log.warning("Catalogue %s %s belongs to a user; not seeding it.", model.__name__, entry_id)
    return not taken


def _load_activities() -> None:
    for type_id, name, base, category, metrics in ACTIVITY_TYPES:
        if not _global_slot(ActivityType, type_id):
            continue
        activity_type, _ = ActivityType.objects.update_or_create(
            id=type_id, defaults={"name": name, "base": base, "category": category, "user": None}
        )
        activity_type.default_metrics.set(metrics)
    for routine_id, name, description, type_id, extra in TRAINING_ROUTINES:
        if not _global_slot(TrainingRoutine, routine_id):
            continue
        defaults = {"name": name, "description": description, "activitytype_id": type_id}
        TrainingRoutine.objects.update_or_create(id=routine_id, defaults=defaults | extra)
    for attribute_id, name, unit in ACTIVITY_ATTRIBUTES:
        if not _global_slot(ActivityAttribute, attribute_id):
            continue
        ActivityAttribute.objects.update_or_create(
            id=attribute_id, defaults={"name": name, "unit_id": unit, "attrtype": "user"}
        )
    for name, can_write, description in PERMISSION_BUNDLES:
        PermissionBundle.objects.update_or_create(
            name=name, defaults={"can_write": can_write, "description": description}
        )


def _reset_sequences() -> None:
    """Seeding with explicit ids leaves PostgreSQL sequences behind; move them past the seeds."""
    models = [Unit, Datatype, Metric, ActivityType, TrainingRoutine, ActivityAttribute]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@transaction.atomic
def load_catalogue() -> None:
    _load_units_and_datatypes()
    _load_metrics()
    _load_activities()
    _reset_sequences()


def load_catalogue_after_migrate(**kwargs) -> None:
    load_catalogue()
