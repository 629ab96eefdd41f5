"""Zip archives: each member of a supported type is its own document, "archive.zip!member/path".

Zip bombs are refused before anything is unpacked: too many members, a
member too large or compressed too well, or an archive that would unpack to
more than the total limit. zipfile itself stops a member at its declared
size (and fails its CRC if the header lied), and members are read in chunks
against the caps as well. Nested archives are read to ``max_archive_depth``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Any

from threadline.errors import InputError, Skipped
from threadline.ingest.document import one_line
from threadline.ingest.limits import Limits
from threadline.ingest.source import Context, Items, Source

CHUNK = 1024 * 1024
_SKIPPED_DIRS = ("__MACOSX/",)


def read(source: Source, ctx: Context) -> Items:
    from threadline.ingest.registry import read_member, wanted

    try:
        archive = open_zip(source.data, "zip archive")
        infos = [info for info in archive.infolist() if not info.is_dir()]
        left_out = {info.filename: _left_out(info.filename, wanted) for info in infos}
        members = [info for info in infos if left_out[info.filename] is None]
        check_container(source, ctx.limits)
        check_members(members, ctx.limits)
    except InputError as exc:
        yield source.location, exc
        return
    for info in infos:  # every member not read is named, with why
        reason = left_out[info.filename]
        if reason is not None:
            yield f"{source.location}!{info.filename}", reason

    read_any = False
    for info in members:
        if ctx.budget.spent:
            yield source.location, InputError(f"took longer than {ctx.limits.max_seconds:g} s (time limit per file); "
                                              f"stopped before {info.filename!r}")
            return
        location = f"{source.location}!{info.filename}"
        try:
            data = unpack(archive, info, ctx)
        except InputError as exc:
            read_any = True
            yield location, exc
            continue
        for item in read_member(source.member(data, location, info.filename), ctx):
            read_any = True
            yield item
    if not read_any:
        yield source.location, InputError("archive holds no supported documents")


def open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise InputError(f"not a valid {what}: {one_line(exc)}") from None


def check_container(source: Source, limits: Limits) -> None:
    """Refuse a container nested deeper than the limit."""
    if source.depth > limits.max_archive_depth:
        levels = limits.max_archive_depth
        raise InputError(f"nested deeper than {levels} archive level{'s' if levels != 1 else ''}; not opened")


def check_members(members: Iterable[zipfile.ZipInfo], limits: Limits) -> None:
    """The whole archive's checks, from its central directory, before anything is unpacked."""
    members = list(members)
    if len(members) > limits.max_archive_members:
        raise InputError(f"archive has {len(members)} members; limit {limits.max_archive_members}")
    total = sum(info.file_size for info in members)
    if total > limits.max_archive_total:
        raise InputError(f"archive would unpack to {total} bytes; limit {limits.max_archive_total} (zip bomb?)")


def check_member(info: zipfile.ZipInfo, limits: Limits) -> None:
    """One member's declared size and compression ratio."""
    if info.flag_bits & 0x1:
        raise InputError("encrypted zip member, cannot read without password")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_floor and ratio > limits.max_archive_ratio:
        raise InputError(f"compression ratio {ratio:.0f}:1 over the limit of {limits.max_archive_ratio:g}:1 (zip bomb?)")
    if info.file_size > limits.max_file_bytes:
        raise InputError(f"member too large ({info.file_size} bytes unpacked; limit {limits.max_file_bytes})")


def unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, ctx: Context) -> bytes:
    """A member's bytes, read in chunks and counted against the per-file and per-archive caps."""
    limits = ctx.limits
    check_member(info, limits)
    out = bytearray()
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                out += chunk
                ctx.unpacked += len(chunk)
                if len(out) > limits.max_file_bytes:
                    raise InputError(f"member too large (over {limits.max_file_bytes} bytes unpacked)")
                if ctx.unpacked > limits.max_archive_total:
                    raise InputError(f"archive unpacks to more than {limits.max_archive_total} bytes (zip bomb?)")
    except InputError:
        raise
    except Exception as exc:  # BadZipFile (bad CRC), zlib.error, unsupported compression: a corrupt member
        raise InputError(f"cannot unpack: {one_line(exc)}") from None
    return bytes(out)


def _left_out(name: str, wanted: Any) -> InputError | None:
    """Why a member is not read (None: it is). A name that climbs out of the archive is a failure, not a skip."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or ".." in parts or (len(name) > 1 and name[1] == ":"):
        return InputError("unsafe member name (path traversal or absolute path); not read")
    if name.startswith(_SKIPPED_DIRS):
        return Skipped("skipped: macOS metadata")
    if any(part.startswith(".") for part in parts if part):
        return Skipped("skipped: hidden file")
    if not wanted(name):
        return Skipped("skipped: not a supported document type")
    return None
