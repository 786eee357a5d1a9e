"""The data endpoint's CSV output (API.md 3.3) and its reader.

Written: a header `time [s/256]` (or `time [s]`, absolute seconds), then one column per
datatype titled `<name> [<unit>](<uri>)`, preceded by a `user` column only when several users
are given; rows are the union of the user's sample times in ascending order (users one after
the other), a cell empty where its channel has no sample at that time; integers as integers,
floats by shortest repr (so `nan` stays `nan`); LF line ends. Read: that and the Hexoskin
dashboard's record CSVs.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from .channels import (
    TICKS_PER_SECOND,
    Block,
    Channel,
    Title,
    check_channels,
    column_title,
    parse_title,
)
from .errors import FormatError
from .numtext import INT64_LIMIT, NotANumber, format_values, integral, parse_numbers

TICKS_TITLE = "time [s/256]"
SECONDS_TITLE = "time [s]"
USER_TITLE = "user"
MAX_CELL = 300  # characters; no number, URI or title of ours comes near
MAX_COLUMNS = 256  # a column per datatype: the catalogue has a few dozen


@dataclass(frozen=True)
class TableColumn:
    """The samples of one datatype column for one user (None when the CSV has no user column)."""

    user: str | None
    datatype: int
    name: str
    unit: str
    uri: str
    times: np.ndarray  # int64 HexoTimestamps, ascending as in the file
    values: np.ndarray  # int64 when every value is a whole number, else float64


def stream_table(
    channels_per_user: Sequence[tuple[str | None, Sequence[Channel]]], seconds: bool = False
) -> Iterator[str]:
    """The CSV as str pieces (header, then about a block of rows a piece); encode as UTF-8."""
    columns = _union_by_id(channels_per_user)
    several = len(channels_per_user) > 1
    titles = [TICKS_TITLE if not seconds else SECONDS_TITLE, *map(column_title, columns)]
    yield ",".join([USER_TITLE, *titles] if several else titles) + "\n"
    for user, channels in channels_per_user:
        check_channels(channels)
        by_id = {channel.id: channel for channel in channels}
        ordered = [by_id.get(column.id) for column in columns]
        for pieces in _windows(ordered):
            yield _rows(user if several else None, pieces, seconds)


def _union_by_id(channels_per_user: Sequence[tuple[str | None, Sequence[Channel]]]) -> list:
    """One column per datatype, in order of first appearance."""
    columns: dict[int, Channel] = {}
    for _, channels in channels_per_user:
        for channel in channels:
            columns.setdefault(channel.id, channel)
    return list(columns.values())


class _Cursor:
    """The not yet written samples of one channel, pulled a block at a time."""

    def __init__(self, channel: Channel | None):
        self._blocks = iter(channel.blocks()) if channel else iter(())
        self.times, self.values = np.empty(0, np.int64), np.empty(0, np.int64)

    def refill(self) -> None:
        while not len(self.times):
            block = next(self._blocks, None)
            if block is None:
                return
            self.times, self.values = np.asarray(block[0], np.int64), np.asarray(block[1])

    def take_until(self, cutoff: int) -> Block:
        k = int(np.searchsorted(self.times, cutoff, "right"))
        piece = self.times[:k], self.values[:k]
        self.times, self.values = self.times[k:], self.values[k:]
        return piece


def _windows(channels: Sequence[Channel | None]) -> Iterator[list[Block]]:
    """Aligned pieces of the channels, one piece each per window, windows in time order: a
    window ends where the first of the channels' pending blocks ends."""
    cursors = [_Cursor(channel) for channel in channels]
    while True:
        for cursor in cursors:
            cursor.refill()
        pending = [int(cursor.times[-1]) for cursor in cursors if len(cursor.times)]
        if not pending:
            return
        yield [cursor.take_until(min(pending)) for cursor in cursors]


def _rows(user: str | None, pieces: Sequence[Block], seconds: bool) -> str:
    times = np.unique(np.concatenate([piece[0] for piece in pieces]))
    stamps = times / TICKS_PER_SECOND if seconds else times
    text = np.array(format_values(stamps), dtype=object)
    for piece_times, values in pieces:
        text = text + "," + _cells(times, piece_times, values)
    if user is not None:
        text = user + "," + text
    return "\n".join(text.tolist()) + "\n"


def _cells(times: np.ndarray, piece_times: np.ndarray, values: np.ndarray) -> np.ndarray | str:
    """One column's cells over the window's rows: the value where the channel has a sample
    (the first one, should it have two at one time), else empty."""
    if not len(piece_times):
        return ""
    first = np.ones(len(piece_times), bool)
    first[1:] = piece_times[1:] != piece_times[:-1]
    cells = np.full(len(times), "", dtype=object)
    cells[np.searchsorted(times, piece_times[first])] = format_values(np.asarray(values)[first])
    return cells


def read_table(source: str | bytes | Iterable[str]) -> list[TableColumn]:
    """The columns of a data CSV, per user then per column in header order (every column for
    every user, possibly empty). Empty cells are no sample; `nan` cells (Hexoskin's "no
    position") are samples whose value is unknown, kept as nan so that a CSV read and written
    again is the same. FormatError, naming line and column, if malformed."""
    records, numbers = _records(_lines(source))
    if not records:
        raise FormatError("line 1: the file is empty, a header was expected")
    header = _header(records[0])
    grid, numbers = _grid(records[1:], numbers[1:], header.width)
    times = _times(header, grid[:, header.time_column], numbers)
    result = []
    for user, rows in _users(header, grid, numbers):
        for column, title in enumerate(header.titles, header.time_column + 1):
            found, values = _values(grid[rows, column], numbers[rows], column, title)
            result.append(
                TableColumn(user, title.datatype, title.name, title.unit, title.uri,
                            times[rows[found]], values)
            )  # fmt: skip
    return result


@dataclass(frozen=True)
class _Header:
    has_user: bool
    seconds: bool
    titles: list[Title]

    @property
    def time_column(self) -> int:
        return 1 if self.has_user else 0

    @property
    def width(self) -> int:
        return self.time_column + 1 + len(self.titles)


def _lines(source: str | bytes | Iterable[str]) -> list[str]:
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FormatError(f"the file is not UTF-8 text ({error})") from None
    if isinstance(source, str):
        return list(io.StringIO(source.removeprefix("\ufeff"), newline=""))
    return list(source)


def _records(lines: list[str]) -> tuple[list[list[str]], np.ndarray]:
    """The CSV records and the line each ends on."""
    reader = csv.reader(lines, strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        raise FormatError(f"line {reader.line_num}: {error}") from None
    if reader.line_num == len(records):  # one record a line: the usual case, and ours
        return records, np.arange(1, len(records) + 1)
    reader = csv.reader(lines, strict=True)  # a quoted field spans lines: count them
    return records, np.array([reader.line_num for _ in reader], dtype=np.int64)


def _header(cells: list[str]) -> _Header:
    cells = [cells[0].removeprefix("\ufeff"), *cells[1:]] if cells else [""]
    has_user = cells[0] == USER_TITLE
    time_title = cells[1] if has_user and len(cells) > 1 else cells[0]
    if time_title not in (TICKS_TITLE, SECONDS_TITLE):
        column = 2 if has_user else 1
        message = f"expected {TICKS_TITLE!r} or {SECONDS_TITLE!r}, got {time_title!r:.80}"
        raise FormatError(f"line 1, column {column}: {message}")
    if len(cells) > MAX_COLUMNS:
        raise FormatError(f"line 1: {len(cells)} columns, more than the {MAX_COLUMNS} allowed")
    titles, seen = [], set()
    for column, cell in enumerate(cells[2 if has_user else 1 :], 3 if has_user else 2):
        title = parse_title(cell) if len(cell) <= MAX_CELL else None
        if title is None:
            message = f"{cell!r:.80} is not `<name> [<unit>](<uri>)`"
            raise FormatError(f"line 1, column {column}: {message}")
        if title.datatype in seen:
            raise FormatError(f"line 1, column {column}: datatype {title.datatype} appears twice")
        titles.append(title)
        seen.add(title.datatype)
    return _Header(has_user, time_title == SECONDS_TITLE, titles)


def _grid(records: list[list[str]], numbers: np.ndarray, width: int):
    """The data cells as a (rows, width) object array, and each row's line; blank lines
    are skipped."""
    lengths = np.fromiter(map(len, records), np.int64, len(records))
    wrong = (lengths != width) & (lengths != 0)
    if wrong.any():
        row = int(np.flatnonzero(wrong)[0])
        raise FormatError(f"line {numbers[row]}: {lengths[row]} cells, expected {width}")
    if not lengths.all():
        records = [records[row] for row in np.flatnonzero(lengths)]
        numbers = numbers[lengths != 0]
    flat = list(chain.from_iterable(records))
    sizes = np.fromiter(map(len, flat), np.int64, len(flat))
    if len(sizes) and sizes.max() > MAX_CELL:
        row, column = divmod(int(np.argmax(sizes > MAX_CELL)), width)
        raise FormatError(f"line {numbers[row]}, column {column + 1}: field too long")
    return np.array(flat, dtype=object).reshape(len(records), width), numbers


def _fail(numbers: np.ndarray, row: int, column: int, message: str, name: str = "") -> FormatError:
    """The error for data row `row`, 0-based `column` (of title `name`, if it has one)."""
    where = f"line {numbers[row]}, column {column + 1}" + (f" ({name})" if name else "")
    return FormatError(f"{where}: {message}")


def _parsed(cells: np.ndarray, numbers: np.ndarray, column: int) -> np.ndarray:
    try:
        return parse_numbers(cells)
    except NotANumber as error:
        raise _fail(numbers, error.index, column, str(error)) from None


def _times(header: _Header, cells: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """int64 HexoTimestamps; seconds are rounded to the nearest 1/256 s."""
    column = header.time_column
    times = _parsed(cells, numbers, column)
    if header.seconds:
        times = np.rint(times * TICKS_PER_SECOND)
    if times.dtype.kind == "f":
        whole = np.isfinite(times) & (times == np.floor(times))
        if not whole.all():
            index = int(np.flatnonzero(~whole)[0])
            message = f"time {str(cells[index])!r} is not a whole number"
            raise _fail(numbers, index, column, message)
        inside = (times >= 0) & (times < INT64_LIMIT)
    else:
        inside = times >= 0
    if not inside.all():
        index = int(np.flatnonzero(~inside)[0])
        message = f"time {str(cells[index])!r} is negative or beyond int64"
        raise _fail(numbers, index, column, message)
    return times.astype(np.int64)


def _users(header: _Header, grid, numbers) -> Iterator[tuple[str | None, np.ndarray]]:
    """(user, indexes of that user's rows), users in order of first appearance."""
    if not header.has_user:
        yield None, np.arange(len(numbers))
        return
    users = grid[:, 0]
    if len(users) and not np.all(users != ""):
        raise _fail(numbers, int(np.flatnonzero(users == "")[0]), 0, "empty user")
    names, first, inverse = np.unique(users, return_index=True, return_inverse=True)
    for code in np.argsort(first):
        yield str(names[code]), np.flatnonzero(inverse == code)


def _values(cells: np.ndarray, numbers: np.ndarray, column: int, title: Title):
    """(indexes of the cells holding a sample, their values)."""
    present = np.flatnonzero(cells != "")
    try:
        values = parse_numbers(cells[present])
    except NotANumber as error:
        raise _fail(numbers, int(present[error.index]), column, str(error), title.name) from None
    return present, integral(values)
