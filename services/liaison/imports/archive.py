"""Whole-file refusals, and the upload seen as a zip: checked before and while openpyxl reads.

An .xlsx is a zip: a 5 MB upload can declare gigabytes of XML (a zip bomb), which openpyxl
would inflate and parse. The central directory's declared sizes are checked first; zipfile
itself refuses a member that inflates beyond its declared size (the CRC check fails). Then
openpyxl reads through ``TimedSource``, which checks the clock on every read of compressed
bytes: XML that keeps the parser busy without producing rows is stopped as well.
"""

import io
import time
import zipfile


class ImportFileError(Exception):
    """The file as a whole is refused: TOO_LARGE, EMPTY, NOT_XLSX, BAD_HEADER, TOO_MANY_ROWS,
    TOO_SLOW."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


MAX_UNZIPPED = 100 * 1024 * 1024  # all members together, as declared
MAX_RATIO = 200                     # a legitimate sheet compresses 5 to 30 times
RATIO_FLOOR = 1024 * 1024           # tiny members may compress absurdly; they cost nothing
UNREADABLE = "无法读取该 Excel 文件，请确认是 .xlsx 格式"
SLOW = "文件读取超时（内容过于复杂），请精简或分批导入"


def check_archive(data: bytes) -> None:
    """Refuse (TOO_LARGE) a zip whose members would inflate too far, before anything is
    inflated; NOT_XLSX for a zip whose directory cannot be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFileError("NOT_XLSX", UNREADABLE) from exc
    total = sum(m.file_size for m in members)
    bomb = any(m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1)
               for m in members)
    if total > MAX_UNZIPPED or bomb:
        raise ImportFileError("TOO_LARGE", f"文件解压后超过 {MAX_UNZIPPED // 1024 // 1024} MB"
                              "或压缩比异常，无法导入，请检查文件或分批导入")


class TimedSource(io.BytesIO):
    """The upload as openpyxl reads it, refusing TOO_SLOW once ``deadline`` has passed."""

    def __init__(self, data: bytes, deadline: float) -> None:
        super().__init__(data)
        self.deadline = deadline
        self.expired = False

    def check(self) -> None:
        if time.monotonic() >= self.deadline:
            self.expired = True
            raise ImportFileError("TOO_SLOW", SLOW)

    def read(self, size: int | None = -1) -> bytes:
        self.check()
        return super().read(size)

    def failure(self) -> ImportFileError:
        """What to raise for any exception openpyxl let out while reading this source."""
        if self.expired:
            return ImportFileError("TOO_SLOW", SLOW)
        return ImportFileError("NOT_XLSX", UNREADABLE)
