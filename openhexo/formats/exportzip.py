"""Reading a Hexoskin export zip (what the data endpoint's zip answer holds, and Hexoskin's own).

The archive's `info.json` gives the start; each `<name>.wav` or `<name>.csv` member is a
channel, read when asked, so a day of channels never sits in memory at once. Members may lie
in one folder (`record_123/ECG_I.wav`); other files are ignored.
"""

import json
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from .errors import FormatError

CHANNEL_SUFFIXES = (".wav", ".csv")
SKIPPED_STEMS = {"statistics"}
MAX_ENTRIES = 1000  # an export holds a few dozen files
MAX_RATIO = 50  # unpacked / packed: stored WAVs are 1, deflated ones 2 to 5; bombs thousands
END_RECORD = struct.Struct("<4s4xHH")  # signature, entries on this disk, entries in all


@dataclass(frozen=True)
class ExportMember:
    stem: str  # the channel name (or datatype id) the file is named by
    suffix: str  # ".wav" or ".csv"
    read: Callable[[], bytes]
    open: Callable[[], BinaryIO]  # the member as a stream, for files too large to read whole


@dataclass(frozen=True)
class Export:
    start: int  # HexoTimestamp of the export's start (info.json)
    info: dict
    members: list[ExportMember]


def read_export_zip(source: BinaryIO, max_bytes: int) -> Export:
    """The channels of an export zip whose members add up to at most `max_bytes` unpacked
    (and at most MAX_RATIO times the archive's own size)."""
    size = _checked_entries(source)
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise FormatError(f"not a zip archive: {error}") from None
    files = [item for item in archive.infolist() if not item.is_dir()]
    unpacked, limit = sum(item.file_size for item in files), min(max_bytes, MAX_RATIO * size)
    if unpacked > limit:
        raise FormatError(f"the archive unpacks to {unpacked} bytes, over {limit}")
    info = _info(archive, files)
    return Export(_start(info), info, _members(archive, files))


def _checked_entries(source: BinaryIO) -> int:
    """The archive's size, once its end record says it holds at most MAX_ENTRIES entries:
    counted before zipfile reads a central directory that could be huge."""
    size = source.seek(0, 2)
    source.seek(max(0, size - END_RECORD.size - 0xFFFF))
    tail = source.read()
    source.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at >= 0 and at + END_RECORD.size <= len(tail):
        _, _, entries = END_RECORD.unpack_from(tail, at)
        if entries > MAX_ENTRIES and entries != 0xFFFF:
            raise FormatError(f"the archive holds {entries} files, more than {MAX_ENTRIES}")
    return size


def _info(archive: zipfile.ZipFile, files: list[zipfile.ZipInfo]) -> dict:
    found = [item for item in files if PurePosixPath(item.filename).name == "info.json"]
    if len(found) != 1:
        raise FormatError("an export holds one info.json, which gives its start")
    try:
        info = json.loads(_read(archive, found[0]))
    except ValueError as error:
        raise FormatError(f"info.json is not valid JSON: {error}") from None
    if not isinstance(info, dict):
        raise FormatError("info.json must be a JSON object")
    return info


def _start(info: dict) -> int:
    start = info.get("start", info.get("start_timestamp"))
    if isinstance(start, float) and start.is_integer():
        start = int(start)
    if isinstance(start, bool) or not isinstance(start, int) or not 0 <= start < 2**63:
        raise FormatError(f"info.json: 'start' must be a HexoTimestamp, not {start!r}")
    return start


def _members(archive: zipfile.ZipFile, files: list[zipfile.ZipInfo]) -> list[ExportMember]:
    members, seen = [], set()
    for item in files:
        path = PurePosixPath(item.filename)
        if path.suffix.lower() not in CHANNEL_SUFFIXES or path.stem in SKIPPED_STEMS:
            continue
        if path.stem in seen:
            raise FormatError(f"the channel {path.stem} appears twice in the archive")
        seen.add(path.stem)
        read = (lambda entry: lambda: _read(archive, entry))(item)
        stream = (lambda entry: lambda: archive.open(entry))(item)
        members.append(ExportMember(path.stem, path.suffix.lower(), read, stream))
    return members


def _read(archive: zipfile.ZipFile, item: zipfile.ZipInfo) -> bytes:
    try:
        return archive.read(item)
    except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile) as error:
        raise FormatError(f"{item.filename}: cannot be read ({error})") from None
