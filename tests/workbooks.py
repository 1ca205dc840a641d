"""Workbooks in and out of the file routes: write one, upload it, read one back."""

import io

import httpx
from openpyxl import Workbook, load_workbook


def workbook(*rows) -> bytes:
    """A one-sheet .xlsx written by openpyxl, ``rows`` as given (the header too)."""
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_workbook(data: bytes):
    """An .xlsx (a response body, an export) opened with openpyxl."""
    return load_workbook(io.BytesIO(data))


async def upload(client: httpx.AsyncClient, path: str, data: bytes,
                 headers: dict) -> httpx.Response:
    """POST a file to an import route as the browser form does."""
    return await client.post(path, files={"data": ("导入.xlsx", data, "application/octet-stream")},
                             headers=headers)
