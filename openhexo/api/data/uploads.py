"""Samples posted as CSV (API.md 3.3) or as an export zip (3.4), as pieces per user.

A piece is (datatype, int64 HexoTimestamps, raw values). Values a file gives in the
datatype's unit rather than its raw unit (a Hexoskin dashboard CSV) are converted back to raw.
Zip channels are read one at a time while they are stored, so a day of ECG never sits in
memory twice; a bad channel anywhere rolls the whole upload back.
"""

import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator

import numpy as np
from django.core.exceptions import RequestDataTooBig
from tastypie.exceptions import BadRequest

from openhexo.catalog.datatypes import catalogue
from openhexo.catalog.models import Datatype
from openhexo.formats.errors import FormatError
from openhexo.formats.eventcsv import read_event_csv
from openhexo.formats.exportzip import ExportMember, read_export_zip
from openhexo.formats.slots import wav_slots
from openhexo.formats.table import read_table
from openhexo.formats.wav import rate_field, wav_pieces

from .ingest import writable_user
from .query import known_datatypes

MAX_CSV_BYTES = 16 * 1024 * 1024  # parsing costs ~35 times the text in memory; larger: zip
SPOOL_BYTES = 16 * 1024 * 1024  # zip bodies beyond this wait on disk, not in memory
PIECE = 1 << 20  # samples of a WAV stored at a time


def to_raw(values: np.ndarray, unit: str, datatype: Datatype, where: str) -> np.ndarray:
    """Values in the raw unit, whether the file gave them raw or in the datatype's unit."""
    if unit.lower() == datatype.unit_raw.si_short.lower():
        return values
    if unit.lower() != datatype.unit.si_short.lower() or not datatype.gain:
        expected = f"'{datatype.unit_raw.si_short}' or '{datatype.unit.si_short}'"
        raise BadRequest(f"{where}: unit '{unit}' is not {expected} ({datatype.name}).")
    return datatype.unscaled(values)


def target(request):
    """The user a file upload is for: `?user=` when given (and writable), else the caller."""
    return writable_user(request.GET.get("user"), request.user)


# --- CSV -------------------------------------------------------------------------------------


def csv_upload(request) -> dict:
    body = request.read(MAX_CSV_BYTES + 1)
    if len(body) > MAX_CSV_BYTES:
        raise RequestDataTooBig(f"CSV uploads stop at {MAX_CSV_BYTES} bytes; post a zip.")
    try:
        columns = read_table(body)
    except FormatError as error:
        raise BadRequest(f"The CSV cannot be read: {error}") from None
    datatypes = {dt.pk: dt for dt in known_datatypes(sorted({c.datatype for c in columns}))}
    default, pieces = target(request), defaultdict(list)
    for column in columns:
        user = writable_user(column.user, request.user) if column.user else default
        datatype = datatypes[column.datatype]
        values = to_raw(column.values, column.unit, datatype, f"column '{column.name}'")
        pieces[user].append((datatype, column.times, values))
    return pieces


# --- zip -------------------------------------------------------------------------------------


def zip_upload(request, max_bytes: int) -> dict:
    # Closed by the pieces generator once the channels are stored (or by garbage collection).
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    shutil.copyfileobj(request, spool, 1 << 20)
    spool.seek(0)
    try:
        export = read_export_zip(spool, 2 * max_bytes)
    except FormatError as error:
        raise BadRequest(f"The zip cannot be read: {error}") from None
    by_name = {dt.name: dt for dt in catalogue().values()}
    by_name |= {str(dt.pk): dt for dt in by_name.values()}
    members = [(m, by_name[m.stem]) for m in export.members if m.stem in by_name]
    return {target(request): _zip_pieces(members, export.start, spool)}


def _zip_pieces(members, start: int, spool) -> Iterator[tuple]:
    with spool:
        for member, datatype in members:
            try:
                yield from _member_pieces(member, datatype, start)
            except FormatError as error:
                raise BadRequest(f"{member.stem}{member.suffix}: {error}") from None


def _member_pieces(member: ExportMember, datatype: Datatype, start: int) -> Iterator[tuple]:
    if member.suffix == ".csv":
        events = read_event_csv(member.read(), start)
        values = to_raw(events.values, events.unit, datatype, f"{member.stem}.csv")
        yield datatype, events.times, values
        return
    if not datatype.freq:
        raise FormatError(f"{datatype.name} is an event series: it comes as a CSV, not a WAV")
    with member.open() as stream, wav_pieces(stream, PIECE) as (rate, count, pieces):
        if rate != rate_field(datatype.freq):
            raise FormatError(f"sample rate {rate}, but {datatype.name} is {datatype.freq} Hz")
        grid, done = wav_slots(datatype.freq, start, count), 0
        for samples in pieces:
            yield datatype, grid.times(done, done + samples.size), samples
            done += samples.size
