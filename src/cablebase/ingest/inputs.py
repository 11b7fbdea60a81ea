"""Find the input files under the paths a user gives: directories, tar and zip archives, gzip files.

Archive members are read as streams; unsafe members (absolute paths, `..`, links, devices) and
members that look like decompression bombs are refused with a specific reason."""

from __future__ import annotations

import io
import os
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO, Callable, Iterator, Union

from ..errors import ParseError
from ..parse.decode import STREAM_ERRORS
from ..parse.detect import archive_kind

MAX_MEMBER_BYTES = 4 * 1024 ** 3
"""Largest archive member read (a full cables.csv is ~1.7 GB)."""
MEMBER_ERRORS = (zipfile.BadZipFile, tarfile.TarError, RuntimeError, ValueError, *STREAM_ERRORS)
"""What reading a damaged, encrypted or oddly made archive or member raises (a bad CRC, bad
deflate data, a truncated stream, a method or zip version zipfile cannot read — NotImplementedError
is a RuntimeError —, a password needed, a UTF-8-flagged name that is not UTF-8)."""
MAX_RATIO = 200
"""Largest compression ratio accepted for a zip member bigger than 1 MiB."""


@dataclass
class InputFile:
    """One file to read: a path on disk or a member of an archive."""

    label: str
    size: int
    open: Callable[[], BinaryIO]


@dataclass
class Skipped:
    """A file found in a directory or archive that is plainly not a cable (a README, a licence)."""

    label: str
    reason: str


Found = Union[InputFile, ParseError, Skipped]
_NOT_CABLES = ("readme", "license", "licence", "copying", "notice", "authors", "changelog", "contributing")
_DOC_SUFFIXES = (".md", ".markdown", ".rst")


def not_a_cable(name: str) -> str | None:
    """Why a file met inside a directory or archive is plainly not a cable, or None. (A file named on
    the command line is always read: the user asked for it.)"""
    base = PurePosixPath(name.replace("\\", "/")).name.lower()
    if base.endswith(_DOC_SUFFIXES):
        return "documentation, not a cable"
    if base.split(".")[0] in _NOT_CABLES:
        return "a README or licence file, not a cable"
    return None


def iter_inputs(paths: list[str]) -> Iterator[Found]:
    """Every input file under `paths` (named by absolute path, however it was typed), in a stable
    order; unreadable things become ParseErrors."""
    for path in map(os.path.abspath, paths):
        if os.path.isdir(path):
            yield from _walk(path)
        elif os.path.exists(path) or os.path.islink(path):
            yield from _file(path)
        else:
            yield ParseError("no such file or directory", path)


def input_bytes(paths: list[str]) -> int:
    """Bytes on disk of the files `iter_inputs` reads under `paths`, listed by the same rules (an
    archive counts as its own size): a total for progress bars."""
    total = 0
    for path in paths:
        for file in ((f for f, refused in _tree(path) if refused is None) if os.path.isdir(path) else [path]):
            try:
                total += os.stat(file).st_size
            except OSError:
                pass
    return total


def _walk(root: str) -> Iterator[Found]:
    for path, refused in _tree(root):
        if refused:
            yield ParseError(refused, path)
        elif reason := not_a_cable(path):
            yield Skipped(path, reason)
        else:
            yield from _file(path)


def _tree(root: str) -> Iterator[tuple[str, str | None]]:
    """(path, None) for each file under `root` to read, in a stable order (hidden files are left
    out), then (path, reason) for what cannot be: directory symlinks, unlistable directories."""
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.startswith("."):
                yield os.path.join(dirpath, name), None
        for link in [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            yield os.path.join(dirpath, link), "directory symlink not followed (loops are possible)"
    for err in errors:
        yield err.filename or root, f"cannot list directory ({err.strerror})"


def _file(path: str) -> Iterator[Found]:
    try:
        size = os.stat(path).st_size  # follows symlinks; a loop raises ELOOP
    except OSError as exc:
        yield ParseError(f"cannot read file ({exc.strerror})", path)
        return
    if not os.path.isfile(path):
        yield ParseError("not a regular file", path)
        return
    kind = archive_kind(path)
    if kind == "zip":
        yield from _zip_members(path)
    elif kind == "tar":
        yield from _tar_members(path)
    else:
        yield InputFile(path, size, lambda: open(path, "rb"))


def _unsafe(name: str) -> str | None:
    p = PurePosixPath(name.replace("\\", "/"))
    if p.is_absolute() or ".." in p.parts:
        return "path escapes the archive (refused)"
    return None


def _left_out(label: str, name: str, refused: str | None) -> ParseError | Skipped | None:
    """What an archive member is instead of an input: refused (a ParseError), not a cable, or None."""
    if refused:
        return ParseError(refused, label)
    reason = not_a_cable(name)
    return Skipped(label, reason) if reason else None


def _zip_members(path: str) -> Iterator[Found]:
    try:
        zf = zipfile.ZipFile(path)
    except MEMBER_ERRORS as exc:
        yield ParseError(f"unreadable zip archive ({exc})", path)
        return
    with zf:
        for info in zf.infolist():
            label = f"{path}!{info.filename}"
            if not info.filename:
                yield ParseError("member without a name (refused)", label)
                continue
            if info.is_dir():
                continue
            reason = _unsafe(info.filename)
            if reason is None and info.file_size > MAX_MEMBER_BYTES:
                reason = f"member too large ({info.file_size} bytes)"
            if reason is None and info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                reason = f"compression ratio {info.file_size // max(info.compress_size, 1)}:1 looks like a zip bomb"
            if left_out := _left_out(label, info.filename, reason):
                yield left_out
                continue
            try:
                data_stream = zf.open(info)
            except MEMBER_ERRORS as exc:
                yield ParseError(f"unreadable zip member ({exc})", label)
                continue
            yield InputFile(label, info.file_size, lambda s=data_stream, n=info.file_size: _Bounded(s, n))


def _tar_members(path: str) -> Iterator[Found]:
    try:
        tf = tarfile.open(path, mode="r:*")
    except MEMBER_ERRORS as exc:
        yield ParseError(f"unreadable tar archive ({exc})", path)
        return
    with tf:
        try:
            for member in tf:
                label = f"{path}!{member.name}"
                if member.isdir():
                    continue
                reason = _unsafe(member.name)
                if reason is None and not member.isfile():
                    reason = "links and special files in archives are refused"
                if reason is None and member.size > MAX_MEMBER_BYTES:
                    reason = f"member too large ({member.size} bytes)"
                if left_out := _left_out(label, member.name, reason):
                    yield left_out
                    continue
                stream = tf.extractfile(member)
                if stream is not None:
                    data = stream.read() if member.size < 64 << 20 else None
                    if data is not None:
                        yield InputFile(label, member.size, lambda d=data: io.BytesIO(d))
                    else:
                        yield InputFile(label, member.size, lambda s=stream, n=member.size: _Bounded(s, n))
        except MEMBER_ERRORS as exc:
            yield ParseError(f"tar archive is truncated or corrupt ({exc})", path)


class _Bounded(io.RawIOBase):
    """A member's stream that refuses to yield more than `limit` bytes (archives can lie about
    sizes), and says which member is damaged when it cannot be read."""

    def __init__(self, raw: BinaryIO, limit: int) -> None:
        self.raw, self.left = raw, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        try:
            if self.left <= 0:
                if self.raw.read(1):
                    raise ParseError("archive member is larger than its header says (refused)")
                return 0
            data = self.raw.read(min(len(buffer), self.left))
        except MEMBER_ERRORS as exc:  # one damaged member: the rest of the archive and the run go on
            raise ParseError(f"damaged archive member ({exc.__class__.__name__}: {exc})") from None
        buffer[:len(data)] = data
        self.left -= len(data)
        return len(data)
