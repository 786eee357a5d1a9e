"""Which raw datatypes feed which algorithm and which derived datatypes come out: known
without loading the algorithms (and scipy), so serving processes stay light."""

ECG_IN, ECG_OUT = (4113,), (17, 18, 19, 1000)
RESPIRATION_IN, RESPIRATION_OUT = (4129, 4130), (33, 34, 35, 36, 37, 1001)
ACCELERATION_IN, ACCELERATION_OUT = (4145, 4146, 4147), (49, 52, 53)
MARGIN = 30 * 256  # ticks read around a window: longer than any algorithm's context
SLEEP_POSITION = 270
HRV_OUT = (318, 271, 272, 273, 274, 275, 276, 277, 278)  # of sleep and rest-test ranges

RAW = frozenset((*ECG_IN, *RESPIRATION_IN, *ACCELERATION_IN))
DERIVED = frozenset((*ECG_OUT, *RESPIRATION_OUT, *ACCELERATION_OUT, SLEEP_POSITION, *HRV_OUT))
