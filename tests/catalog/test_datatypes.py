"""The catalogue each process holds: read once, dropped on every edit and after a while."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openhexo.catalog import datatypes
from openhexo.catalog.models import Datatype, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_catalogue():
    datatypes.forget()
    yield
    datatypes.forget()  # nothing this test made outlives its rolled-back transaction


def test_the_catalogue_is_read_once_with_units_then_served_without_queries():
    datatypes.catalogue()
    with CaptureQueriesContext(connection) as captured:
        ecg = datatypes.catalogue()[4113]
        names = (ecg.name, ecg.unit.si_short, ecg.unit_raw.si_short)
    assert captured.captured_queries == []
    assert names[0] == "ECG_I" and all(names)


def test_an_edited_added_or_removed_datatype_shows_at_once():
    datatypes.catalogue()
    Datatype.objects.filter(pk=19).first().save()  # a save through the model drops the copy
    ecg = Datatype.objects.get(pk=4113)
    ecg.name = "ECG lead I"
    ecg.save()
    added = Datatype.objects.create(name="paddle", unit_id=1, unit_raw_id=1)
    assert datatypes.catalogue()[4113].name == "ECG lead I"
    assert datatypes.catalogue()[added.pk].name == "paddle"
    added.delete()
    assert added.pk not in datatypes.catalogue()


def test_an_edited_unit_shows_at_once():
    datatypes.catalogue()
    unit = Datatype.objects.get(pk=4113).unit
    unit.si_short = "millivolt"
    Unit.save(unit)
    assert datatypes.catalogue()[4113].unit.si_short == "millivolt"


def test_a_copy_older_than_the_reload_time_is_read_again(monkeypatch):
    datatypes.catalogue()
    Datatype.objects.filter(pk=4113).update(name="renamed elsewhere")  # no signal: another process
    assert datatypes.catalogue()[4113].name != "renamed elsewhere"
    monkeypatch.setattr(datatypes, "RELOAD_SECONDS", 0.0)
    assert datatypes.catalogue()[4113].name == "renamed elsewhere"
