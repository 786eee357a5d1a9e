"""The seed catalogue (API.md sections 4 and 5, answers of section 7), loaded by every migrate.

Clients hard-code these ids, so they are checked one by one; reloading must be harmless and
must leave the id sequences past the seeds (PostgreSQL keeps its sequences apart).
"""

import pytest

from openhexo.accounts.models import PermissionBundle
from openhexo.catalog.models import (
    ActivityAttribute,
    ActivityType,
    Datatype,
    Metric,
    TrainingRoutine,
    Unit,
)
from openhexo.catalog.seed import load_catalogue

pytestmark = pytest.mark.django_db

CATALOGUE = [Unit, Datatype, Metric, ActivityType, TrainingRoutine, ActivityAttribute]


def counts() -> dict[str, int]:
    models = [*CATALOGUE, PermissionBundle]
    return {model.__name__: model.objects.count() for model in models}


# --- datatypes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("datatype_id", "name", "freq", "unit", "unit_raw"),
    [
        (16, "ECG_CHANNEL_CHAR", 256, "adc", "adc"),
        (17, "QRS", None, "NA", "NA"),
        (18, "RR_interval", None, "s", "s/256"),
        (19, "heart_rate", 1, "bpm", "bpm"),
        (33, "breathing_rate", 1, "rpm", "rpm"),
        (34, "inspiration", None, "NA", "NA"),
        (36, "minute_ventilation", 1, "mL/min", "raw"),
        (37, "tidal_volume", 1, "mL", "raw"),
        (49, "activity", 1, "g", "g/256"),
        (52, "step", None, "Step", "Step"),
        (53, "cadence", 1, "spm", "spm"),
        (208, "RECSTR_ANNOT_CHAR", None, "NA", "NA"),
        (270, "sleep_position", None, "NA", "NA"),
        (318, "NN_interval", None, "s", "s/256"),
        (1000, "heart_rate_quality", 1, "NA", "NA"),
        (4113, "ECG_I", 256, "mV", "adc"),
        (4114, "ECG_II", 256, "mV", "adc"),
        (4115, "ECG_III", 256, "mV", "adc"),
        (4129, "respiration_thoracic", 128, "NA", "NA"),
        (4130, "respiration_abdominal", 128, "NA", "NA"),
        (4145, "acceleration_X", 64, "g", "g/256"),
        (4146, "acceleration_Y", 64, "g", "g/256"),
        (4147, "acceleration_Z", 64, "g", "g/256"),
    ],
)
def test_datatype_ids_names_frequencies_and_units(datatype_id, name, freq, unit, unit_raw):
    datatype = Datatype.objects.select_related("unit", "unit_raw").get(pk=datatype_id)
    assert datatype.name == name
    assert datatype.freq == freq
    assert datatype.unit.si_short == unit
    assert datatype.unit_raw.si_short == unit_raw


def test_heart_rate_is_700_beats_per_minute():
    heart_rate = Datatype.objects.get(pk=19)
    assert (heart_rate.unit_id, heart_rate.unit.si_long) == (700, "beats per minute")
    assert heart_rate.hexo_freq == 256


@pytest.mark.parametrize("datatype_id", range(271, 279))
def test_hrv_series_are_sampled_every_300_seconds(datatype_id):
    datatype = Datatype.objects.get(pk=datatype_id)
    assert datatype.freq == pytest.approx(1 / 300, rel=1e-12)
    assert datatype.hexo_freq == pytest.approx(76800)


def test_hrv_names():
    names = dict(Datatype.objects.filter(pk__range=(271, 278)).values_list("id", "name"))
    assert names == {
        271: "ANN", 272: "SDNN", 273: "HRV_LF_normalized", 274: "NN_over_RR",
        275: "HRV_triangular", 276: "HRV_LF", 277: "HRV_HF", 278: "RMSSD",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("datatype_id", "hexo_freq"), [(16, 1), (4113, 1), (4129, 2), (4145, 4), (19, 256)]
)
def test_hexo_freq_is_ticks_between_samples(datatype_id, hexo_freq):
    assert Datatype.objects.get(pk=datatype_id).hexo_freq == hexo_freq


def test_event_series_have_no_hexo_freq():
    assert Datatype.objects.get(pk=18).hexo_freq is None


@pytest.mark.parametrize(
    ("datatype_id", "gain", "offset"),
    [
        (4113, 0.0064, -8.704),
        (4145, 1 / 256, 0.0),
        (49, 1 / 256, 0.0),
        (18, 1 / 256, 0.0),
        (36, 13.28, 0.0),
        (278, 1 / 256 / 16, 0.0),
        (273, 0.01, 0.0),
        (19, 1.0, 0.0),
        (4129, 1.0, 0.0),
    ],
)
def test_raw_to_unit_scaling(datatype_id, gain, offset):
    datatype = Datatype.objects.get(pk=datatype_id)
    assert datatype.gain == pytest.approx(gain)
    assert datatype.offset == pytest.approx(offset)


def test_ecg_raw_1360_is_zero_millivolts():
    ecg = Datatype.objects.get(pk=4113)
    assert 1360 * ecg.gain + ecg.offset == pytest.approx(0.0)


def test_qrs_is_17_and_22_is_not_seeded():
    """API.md 7 Q18: 17 is QRS, 22 stays unknown."""
    assert Datatype.objects.get(pk=17).name == "QRS"
    assert not Datatype.objects.filter(pk=22).exists()


def test_v1_char_names_are_kept():
    """API.md 7 Q30."""
    names = dict(Datatype.objects.filter(pk__in=[16, 208, 209, 246, 247]).values_list("id", "name"))
    assert names == {
        16: "ECG_CHANNEL_CHAR", 208: "RECSTR_ANNOT_CHAR", 209: "RECSTP_ANNOT_CHAR",
        246: "TEMP_ST_CHANNEL_CHAR", 247: "BATT_ST_CHANNEL_CHAR",
    }  # fmt: skip


# --- units and metrics ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit_id", "si_long", "si_short"),
    [
        (2, "scale", ""),
        (3, "percent", "%"),
        (102, "meter", "m"),
        (103, "kilometer", "km"),
        (400, "joule", "J"),
        (551, "Calorie", "Cal"),
        (700, "beats per minute", "bpm"),
        (703, "step", "Step"),
        (901, "second", "s"),
    ],
)
def test_hexoskin_unit_ids(unit_id, si_long, si_short):
    unit = Unit.objects.get(pk=unit_id)
    assert (unit.si_long, unit.si_short) == (si_long, si_short)


@pytest.mark.parametrize(
    ("metric_id", "name", "unit_id"),
    [
        (1, "activity_avg", 200),
        (44, "heartrate_avg", 700),
        (45, "heartrate_histo", 700),
        (46, "heartrate_min", 700),
        (47, "heartrate_max", 700),
        (71, "step_count", 703),
        (139, "energyecg_vo2_kcal", 551),
        (1032, "SleepTotal_time", 901),
        (1039, "SleepEfficiency", 3),
        (2003, "energyecg_total_kcal", 551),
        (2038, "distance", 102),
    ],
)
def test_metric_ids_names_and_units(metric_id, name, unit_id):
    metric = Metric.objects.get(pk=metric_id)
    assert (metric.name, metric.unit_id) == (name, unit_id)


def test_heart_rate_and_step_zones():
    assert Metric.objects.get(pk=44).zones == [0, 114, 133, 152, 171, 250]
    assert Metric.objects.get(pk=71).zones == [0, 2000, 5000, 7500, 10000, 25000]


def test_heart_rate_histogram_is_a_histogram():
    assert Metric.objects.get(pk=45).type == "histogram"
    assert set(Metric.objects.exclude(pk=45).values_list("type", flat=True)) == {"value"}


# --- activity types, routines, attributes --------------------------------------------------


def test_activity_type_ids_are_those_of_the_docs_and_tapiriik():
    """API.md 7 Q17."""
    documented = {1, 3, 8, 10, 12, 17, 106}
    tapiriik = {4, 5, 6, 7, 9, 11, 13, 14, 15, 24, 28, 103, 997}
    assert set(ActivityType.objects.values_list("id", flat=True)) == documented | tapiriik


@pytest.mark.parametrize(
    ("type_id", "name", "base", "category"),
    [
        (1, "Cycling", "medium", "cycling"),
        (3, "General sport", "medium", "general sports"),
        (8, "Resting", "rest", "resting"),
        (10, "Running", "high", "running"),
        (12, "Sleep", "sleep", "sleep"),
        (17, "Lifestyle", "low", "lifestyle"),
        (106, "Rest test", "rest", "resting"),
        (997, "Other", "medium", None),
    ],
)
def test_activity_types(type_id, name, base, category):
    activity_type = ActivityType.objects.get(pk=type_id)
    assert (activity_type.name, activity_type.base, activity_type.category) == (
        name,
        base,
        category,
    )
    assert activity_type.user_id is None


@pytest.mark.parametrize(
    ("type_id", "metric_ids"),
    [
        (1, [44, 139]),
        (3, [44, 71, 139]),
        (8, [139]),
        (10, [44, 71, 139]),
        (12, [139, 170, 1032, 1033, 1034, 1035, 1036, 1037, 1038, 1039]),
        (17, [44, 71, 139]),
        (106, [139]),
    ],
)
def test_default_metrics_of_the_documented_types(type_id, metric_ids):
    activity_type = ActivityType.objects.get(pk=type_id)
    assert sorted(activity_type.default_metrics.values_list("id", flat=True)) == metric_ids


@pytest.mark.parametrize(
    ("routine_id", "name", "type_id"),
    [(1, "bike", 1), (6, "jog", 10), (12, "Sleep", 12), (1013, "Standard Rast Test", 103),
     (1016, "5 minute Rest test", 106)],
)  # fmt: skip
def test_training_routines_and_their_activity_types(routine_id, name, type_id):
    routine = TrainingRoutine.objects.get(pk=routine_id)
    assert (routine.name, routine.activitytype_id, routine.user_id) == (name, type_id, None)


def test_gps_routines_say_so_in_metadata():
    geo = TrainingRoutine.objects.filter(metadata__geo=True).values_list("id", flat=True)
    assert sorted(geo) == [1, 6]
    assert TrainingRoutine.objects.get(pk=1).description == "Bicycle or cardio cycling machine"


def test_rast_test_steps_use_seeded_activity_types():
    steps = TrainingRoutine.objects.get(pk=1013).steps
    assert [(s["name"], s["activitytype"], s["intensity"]) for s in steps] == [
        ("Rest", 8, "rest"),
        ("Sprint", 24, "active"),
    ]
    assert ActivityType.objects.filter(pk__in=[8, 24]).count() == 2


def test_activity_attributes():
    attributes = ActivityAttribute.objects.order_by("id").values_list(
        "id", "name", "unit_id", "attrtype", "user_id"
    )
    assert list(attributes) == [
        (1, "distance", 103, "user", None),
        (2, "fatigue", 2, "user", None),
        (3, "energy", 400, "user", None),
    ]


# --- sharing bundles -----------------------------------------------------------------------


def test_permission_bundles():
    bundles = dict(PermissionBundle.objects.values_list("name", "can_write"))
    assert bundles == {"friend": False, "viewer": False, "coach": True}


# --- loading -------------------------------------------------------------------------------


def test_seed_sizes():
    assert counts() == {
        "Unit": 27,
        "Datatype": 55,
        "Metric": 35,
        "ActivityType": 20,
        "TrainingRoutine": 5,
        "ActivityAttribute": 3,
        "PermissionBundle": 3,
    }


def test_loading_twice_changes_nothing():
    before = counts()
    load_catalogue()
    load_catalogue()
    assert counts() == before
    assert Datatype.objects.get(pk=19).name == "heart_rate"
    assert sorted(ActivityType.objects.get(pk=1).default_metrics.values_list("id", flat=True)) == [
        44,
        139,
    ]


def test_loading_restores_edited_entries_and_keeps_users_own(alice):
    Datatype.objects.filter(pk=19).update(name="hr", freq=2)
    ActivityType.objects.get(pk=12).default_metrics.clear()
    own = ActivityType.objects.create(name="Kayak", base="high", user=alice)
    load_catalogue()
    assert Datatype.objects.filter(pk=19).values_list("name", "freq").get() == ("heart_rate", 1)
    assert ActivityType.objects.get(pk=12).default_metrics.count() == 10
    own.refresh_from_db()
    assert (own.name, own.user_id) == ("Kayak", alice.pk)


def test_new_rows_get_ids_past_the_seeds(alice):
    """PostgreSQL sequences do not follow explicit ids: the seed resets them."""
    assert ActivityType.objects.create(name="Kayak", base="high", user=alice).pk > 997
    assert TrainingRoutine.objects.create(name="Paddle", user=alice).pk > 1016
    assert ActivityAttribute.objects.create(name="mood", user=alice).pk > 3
    assert Unit.objects.create(si_long="furlong", si_short="fur").pk > 1000
    assert Metric.objects.create(name="paddle_rate", unit_id=1).pk > 2038
    assert Datatype.objects.create(name="paddle", unit_id=1, unit_raw_id=1).pk > 4147


def test_new_rows_get_ids_past_the_seeds_after_a_reload(alice):
    load_catalogue()
    first = ActivityType.objects.create(name="Kayak", base="high", user=alice)
    load_catalogue()
    second = ActivityType.objects.create(name="Canoe", base="high", user=alice)
    assert 997 < first.pk < second.pk
    assert TrainingRoutine.objects.create(name="Paddle", user=alice).pk > 1016


def test_seeding_never_takes_over_a_users_own_entry(alice):
    """A future seed id that a user's own entry already holds stays the user's."""
    from openhexo.catalog.models import ActivityType
    from openhexo.catalog.seed import load_catalogue

    ActivityType.objects.filter(pk=997).delete()
    ActivityType.objects.create(pk=997, name="Mine", base="low", user=alice)
    load_catalogue()
    mine = ActivityType.objects.get(pk=997)
    assert (mine.name, mine.user) == ("Mine", alice)
