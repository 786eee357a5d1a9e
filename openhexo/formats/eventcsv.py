"""The event (asynchronous) channel CSVs of a Hexoskin export, e.g. RR_interval.csv:
`time [s],RR_interval [s/256](/api/datatype/18/)` then `<seconds from start>,<value>` rows,
CRLF line ends, times and float values by shortest repr, integers as integers."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .channels import TICKS_PER_SECOND, Channel, column_title, parse_title
from .errors import FormatError
from .numtext import NotANumber, format_values, parse_numbers

TIME_TITLE = "time [s]"
MAX_LINE = 200  # longer lines are no event row (nor header) of ours


@dataclass(frozen=True)
class EventSeries:
    """One decoded event CSV; `values` keeps `nan` cells as nan."""

    name: str
    unit: str
    uri: str
    datatype: int
    times: np.ndarray  # int64 HexoTimestamps
    values: np.ndarray  # int64 when every cell is an integer literal, else float64


def event_header(channel: Channel) -> str:
    return f"{TIME_TITLE},{column_title(channel)}\r\n"


def event_rows(times: np.ndarray, values: np.ndarray, start: int) -> str:
    """CSV rows of events, times in seconds from `start` (exact: ticks are 1/256 s)."""
    if not len(times):
        return ""
    seconds = format_values((np.asarray(times, np.int64) - start) / TICKS_PER_SECOND)
    return "".join(map("{},{}\r\n".format, seconds, format_values(np.asarray(values))))


def read_event_csv(text: str | bytes, start: int) -> EventSeries:
    """Decode an event CSV whose times count from HexoTimestamp `start`; FormatError if bad."""
    if isinstance(text, bytes):
        text = _decoded(text)
    lines = text.splitlines()
    if not lines:
        raise FormatError("line 1: the file is empty")
    title = _header(lines[0])
    rows = [_cells(line, number) for number, line in enumerate(lines[1:], 2) if line]
    ticks = np.rint(_seconds(rows) * TICKS_PER_SECOND).astype(np.int64) + start
    values = _column(rows, 1)
    return EventSeries(title.name, title.unit, title.uri, title.datatype, ticks, values)


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(f"the file is not UTF-8 text ({error})") from None


def _header(line: str):
    time_title, _, title_text = line.partition(",")
    title = parse_title(title_text)
    if time_title != TIME_TITLE or title is None:
        expected = f"`{TIME_TITLE},<name> [<unit>](<uri>)`"
        raise FormatError(f"line 1: expected {expected}, got {line!r:.80}")
    return title


def _cells(line: str, number: int) -> tuple[int, str, str]:
    cells = line.split(",")
    if len(line) > MAX_LINE or len(cells) != 2:
        raise FormatError(f"line {number}: expected 2 cells `<seconds>,<value>`, got {line!r:.80}")
    return number, cells[0], cells[1]


def _column(rows: Sequence[tuple[int, str, str]], column: int) -> np.ndarray:
    cells = [row[column + 1] for row in rows]
    try:
        return parse_numbers(cells)
    except NotANumber as error:
        line = rows[error.index][0]
        raise FormatError(f"line {line}, column {column + 1}: {error}") from None


MAX_SECONDS = 1e12  # from an export's start: far past any date a HexoTimestamp renders


def _seconds(rows: Sequence[tuple[int, str, str]]) -> np.ndarray:
    seconds = _column(rows, 0).astype(np.float64)
    usable = np.isfinite(seconds) & (np.abs(seconds) < MAX_SECONDS)
    if not usable.all():
        bad = int(np.flatnonzero(~usable)[0])
        message = f"time {rows[bad][1]!r} is not a finite number of seconds below {MAX_SECONDS:.0e}"
        raise FormatError(f"line {rows[bad][0]}, column 1: {message}")
    return seconds
