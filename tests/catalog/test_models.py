"""Catalogue models: a datatype's unit conversions."""

import numpy as np

from openhexo.catalog.models import Datatype


def test_datatypes_scale_raw_values_to_their_unit_and_back_exactly(db):
    ventilation, ecg = Datatype.objects.get(pk=36), Datatype.objects.get(pk=4113)
    raw = np.array([0, 1319, 2950])
    physical = ventilation.scaled(raw)
    assert physical.tolist() == [0.0, 1319 * 13.28, 2950 * 13.28]
    back = ventilation.unscaled(np.array([17516.32, 0.0]))
    assert back.dtype == np.int64 and back.tolist() == [1319, 0]
    assert ecg.scaled(np.array([1360]))[0] == 0.0
    assert ecg.unscaled(np.array([0.0032])).dtype == np.float64  # half a step: not raw
