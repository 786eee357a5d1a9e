"""The data endpoint's binary output: a zip archive laid out like Hexoskin's record export.

Flat members: `<name>.wav` per synchronous channel (see `wav` and `slots` for the header,
sample width and slot conventions), `<name>.csv` per event channel (see `eventcsv`),
`info.json` and `statistics.csv`. The archive is produced as a stream of byte pieces: no
channel is ever held whole, so a 24-hour ECG costs a few megabytes of memory.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from .channels import TICKS_PER_SECOND, Channel, check_channels
from .eventcsv import event_header, event_rows
from .slots import fill, known_range, wav_grid
from .wav import HEADER_BYTES, encode, header, rate_field, sample_width

FLUSH_BYTES = 1 << 18  # hand on the archive in pieces of about this size
_EARLIEST_ZIP_TIME = datetime(1980, 1, 1, tzinfo=UTC)
_LATEST_ZIP_SECONDS = int(datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC).timestamp())


class _Sink:
    """A write-only, unseekable stream that collects what zipfile writes until drained."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts, self.size = [], 0
        return data


def stream_zip(
    channels: Sequence[Channel],
    start: int,
    end: int,
    info: dict,
    statistics: Sequence[Sequence[str]],
) -> Iterator[bytes]:
    """The archive for the window [start, end) as byte pieces, in channel order then
    `info.json` (4-space indented JSON) and `statistics.csv` (the rows given, CRLF)."""
    check_channels(channels)
    sink, moment = _Sink(), _zip_time(start)
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED) as archive:
        for channel in channels:
            member = _wav_member if channel.freq is not None else _csv_member
            for _ in member(archive, channel, start, end, moment):
                if sink.size >= FLUSH_BYTES:
                    yield sink.drain()
        _write(archive, "info.json", json.dumps(info, indent=4).encode(), moment)
        _write(archive, "statistics.csv", _csv_text(statistics).encode(), moment)
    yield sink.drain()


def _wav_member(archive: zipfile.ZipFile, channel: Channel, start, end, moment) -> Iterator[None]:
    grid = wav_grid(channel.freq, start, end)
    count, low, high = known_range(channel, grid)
    slots = grid.count if count else 0  # a channel without data is header-only, as Hexoskin's
    width = sample_width(low, high)
    info = _member_info(f"{channel.name}.wav", moment, HEADER_BYTES + slots * width)
    with archive.open(info, "w") as member:
        member.write(header(slots, rate_field(channel.freq), width))
        yield
        for chunk in fill(channel.blocks(), grid) if slots else ():
            member.write(encode(chunk, width))
            yield


def _csv_member(archive: zipfile.ZipFile, channel: Channel, start, end, moment) -> Iterator[None]:
    """Events within [start, end] (Hexoskin writes the closing position event at `end`)."""
    with archive.open(_member_info(f"{channel.name}.csv", moment), "w") as member:
        member.write(event_header(channel).encode())
        for times, values in channel.blocks():
            inside = (times >= start) & (times <= end)
            member.write(event_rows(times[inside], values[inside], start).encode())
            yield


def _member_info(name: str, moment: tuple, size: int = 0) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=moment)
    info.external_attr = 0o644 << 16  # rw-r--r-- once unzipped
    info.file_size = size  # a known size lets zipfile decide on zip64 up front
    return info


def _write(archive: zipfile.ZipFile, name: str, data: bytes, moment: tuple) -> None:
    with archive.open(_member_info(name, moment, len(data)), "w") as member:
        member.write(data)


def _csv_text(rows: Sequence[Sequence[str]]) -> str:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue()


def _zip_time(start: int) -> tuple:
    """Members are dated at the window's start (UTC), so that one window's archive is always
    the same bytes; zip dates run from 1980 to 2107."""
    seconds = start // TICKS_PER_SECOND
    moment = datetime.fromtimestamp(min(max(seconds, 0), _LATEST_ZIP_SECONDS), UTC)
    return max(moment, _EARLIEST_ZIP_TIME).timetuple()[:6]
