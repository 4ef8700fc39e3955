"""Whole columns of a PostGIS participation database as numpy arrays: the matching and clustering input.

Why not one Python tuple per row: at 100 000 proposals psycopg2's ``fetchall`` (text protocol, a Python
object per value) took 0.33 s, ``array_agg`` per column 0.31 s, GDAL's PG driver through the Arrow stream
(``arrow_read``, a generic row-by-row implementation for PG) 0.73 s — while the server needed 0.04 s for
the query. Here the query runs as ``COPY (…) TO STDOUT (FORMAT binary)`` with every column made non-NULL
and fixed-width in SQL (NULL as NaN / a sentinel / empty bytes, texts as UTF-8 padded with zero bytes to
the column's longest value), so every row has the same size and the whole result is read with one
``np.frombuffer`` of a structured dtype (bench/README.md, "PostGIS", has the figures).

Values from outside (themes, statuses) are SQL literals made by psycopg2 (``sql.Literal``: COPY takes no
bound parameters); identifiers are ``sql.Identifier``. Every read of one call runs in one ``REPEATABLE READ``
read-only snapshot. When a row does not have the expected layout (it cannot, but a driver or server
surprise must not give wrong matches) :class:`LayoutError` is raised and the caller reads row by row.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from psycopg2 import sql

_COPY_HEADER = 19  # b"PGCOPY\n\xff\r\n\0" + int32 flags + int32 header extension length (0)
_COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
INT_NULL = -(2**31)  # an int4 column's NULL


class LayoutError(RuntimeError):
    """The binary COPY did not have the fixed row layout asked for."""


def snapshot(conn) -> None:
    """Make the rest of ``conn``'s (read-only) transaction one consistent snapshot: call it first."""
    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def float_column(expression: sql.Composable) -> tuple[sql.Composable, str]:
    """A float8 expression, NULL as NaN."""
    return sql.SQL("COALESCE(({})::float8, 'NaN'::float8)").format(expression), ">f8"


def int_column(expression: sql.Composable) -> tuple[sql.Composable, str]:
    """An int4 expression, NULL as :data:`INT_NULL`."""
    return sql.SQL("COALESCE(({})::int4, {})").format(expression, sql.Literal(INT_NULL)), ">i4"


def bool_column(expression: sql.Composable) -> tuple[sql.Composable, str]:
    """A boolean expression, NULL as false."""
    return sql.SQL("COALESCE(({})::boolean, false)").format(expression), "u1"


def text_column(expression: sql.Composable, width: int) -> tuple[sql.Composable, str]:
    """A text expression as its UTF-8 bytes padded with zero bytes to ``width`` (NULL: empty): numpy's
    ``S`` dtype drops the padding again (PostgreSQL's text never holds a zero byte)."""
    width = max(int(width), 1)
    utf8 = sql.SQL("convert_to(COALESCE(({})::text, ''), 'UTF8')").format(expression)
    padded = sql.SQL("({b} || decode(repeat('00', {w} - octet_length({b})), 'hex'))").format(
        b=utf8, w=sql.Literal(width)
    )
    return padded, f"S{width}"


def text_width(conn, table: sql.Composable, column: str) -> int:
    """The longest value of a text column in UTF-8 bytes (at least 1)."""
    row = conn.execute(
        sql.SQL("SELECT max(octet_length(convert_to({}::text, 'UTF8'))) FROM {}").format(
            sql.Identifier(column), table
        )
    ).fetchone()
    return max(int(row[0] or 0), 1)


def case_codes(expression: sql.Composable, names: Sequence[str]) -> sql.Composable:
    """SQL mapping the k-th of ``names`` to k, anything else (NULL too) to -1."""
    if not names:
        return sql.SQL("-1")
    whens = sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN {}").format(sql.Literal(name), sql.Literal(k)) for k, name in enumerate(names)
    )
    return sql.SQL("CASE {} {} ELSE -1 END").format(expression, whens)


def read_fixed(
    conn, columns: Sequence[tuple[str, tuple[sql.Composable, str]]], rest: sql.Composable
) -> dict[str, np.ndarray]:
    """``{name: array}`` of ``SELECT <columns> <rest>`` (``rest``: FROM … WHERE … ORDER BY …) through a
    binary COPY; each column is (name, (expression, numpy dtype of its binary form)) as made by the
    ``*_column`` helpers above, so that every value is non-NULL and of one size."""
    query = sql.SQL("COPY (SELECT {} {}) TO STDOUT (FORMAT binary)").format(
        sql.SQL(", ").join(expression for _, (expression, _) in columns), rest
    )
    buffer = io.BytesIO()
    cursor = conn.cursor()
    cursor.copy_expert(query.as_string(cursor), buffer)
    data = buffer.getbuffer()
    fields = [("count", ">i2")]
    for k, (_, (_, dtype)) in enumerate(columns):
        fields += [(f"len{k}", ">i4"), (f"v{k}", dtype)]
    row = np.dtype(fields)
    if len(data) < _COPY_HEADER + 2 or bytes(data[:11]) != _COPY_SIGNATURE:
        raise LayoutError("not a binary COPY")
    extension = int.from_bytes(data[15:19], "big")
    start = _COPY_HEADER + extension
    body = len(data) - start - 2  # the trailer: int16 -1
    if body % row.itemsize or bytes(data[-2:]) != b"\xff\xff":
        raise LayoutError("rows of an unexpected size")
    rows = np.frombuffer(data, dtype=row, count=body // row.itemsize, offset=start)
    if len(rows) and (rows["count"] != len(columns)).any():
        raise LayoutError("unexpected field count")
    out = {}
    for k, (name, (_, dtype)) in enumerate(columns):
        if len(rows) and (rows[f"len{k}"] != np.dtype(dtype).itemsize).any():
            raise LayoutError(f"{name}: values of an unexpected size")
        values = rows[f"v{k}"]
        out[name] = (
            values.astype(values.dtype.newbyteorder("=")) if values.dtype.kind in "iuf" else values.copy()
        )
    del rows
    data.release()
    return out


def ints_or_nan(values: np.ndarray) -> np.ndarray:
    """An int4 column as float64, NaN where NULL."""
    out = values.astype(np.float64)
    out[values == INT_NULL] = np.nan
    return out


def finite_or_nan(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x, y with NaN wherever either is not finite (no point, an empty point, NaN coordinates)."""
    bad = ~(np.isfinite(x) & np.isfinite(y))
    x, y = x.copy(), y.copy()
    x[bad] = np.nan
    y[bad] = np.nan
    return x, y


def decoded(values: np.ndarray) -> list:
    """A fixed-width UTF-8 bytes column as a list of str (None where empty)."""
    return [v.decode("utf-8") if v else None for v in values.tolist()]
