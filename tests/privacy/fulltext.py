"""A full-text search of the whole database and the media folder, independent of the scanner.

Every column of every table is read with raw SQL (SQLite and PostgreSQL alike) and
every file under MEDIA_ROOT is read, DOCX and ZIP files unpacked down to their XML.
"""

import io
import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import connection


def _forms(needle: str) -> list[str]:
    # JSON columns on SQLite keep "ü" as "\u00fc".
    return sorted({needle.lower(), json.dumps(needle)[1:-1].lower()})


def database_find(needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every cell that contains a needle, ignoring case."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from introspection
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = (
                        bytes(value).decode("utf-8", "ignore")
                        if isinstance(value, bytes | memoryview)
                        else value
                        if isinstance(value, str)
                        else json.dumps(value, default=str)
                    ).lower()
                    found += [
                        (table, column, needle)
                        for needle in needles
                        if any(form in text for form in _forms(needle))
                    ]
    return found


def _texts(name: str, blob: bytes) -> list[tuple[str, str]]:
    if zipfile.is_zipfile(io.BytesIO(blob)):
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            return [
                text
                for member in archive.namelist()
                for text in _texts(f"{name}!{member}", archive.read(member))
            ]
    return [(name, blob.decode("utf-8", "ignore").lower())]


def media_find(needles: list[str]) -> list[tuple[str, str]]:
    """(file, needle) for every file under MEDIA_ROOT (unpacked) that contains a needle."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    found = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        for name, text in _texts(str(path.relative_to(root)), path.read_bytes()):
            found += [(name, needle) for needle in needles if needle.lower() in text]
    return found
