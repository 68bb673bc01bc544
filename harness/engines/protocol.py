"""Shared JSON-lines loop for lakeproof engine drivers.

A driver is a Python process that the Rust runner starts and talks to over stdin/stdout:
one JSON object per line in, one JSON object per line out, nothing else on stdout
(everything else, including whatever the engine itself prints, goes to stderr).

Requests (an optional "id" field is echoed back in the reply):
  {"op":"version"}
      -> {"ok":true,"engine":"duckdb","version":"1.5.5", ...}
  {"op":"open","tables":{NAME:{"metadata_location":URI,"location":URI},...},
   "postgres":{"host","port","user","password","dbname","schema","tables":[...]}}   (postgres optional)
      -> {"ok":true,"access_path":"...","tables":[...],"open_ms":...}
  {"op":"query","sql":"...","timeout_secs":60,"max_rows":100000}
      -> {"ok":true,"elapsed_ms":12.3,"columns":[...],"rows":[[...]],"row_count":N,"truncated":false}
      -> {"ok":false,"error":"...","elapsed_ms":...,"timeout":true|false}
  {"op":"ctas","sql":"...","out_dir":"/abs/dir","timeout_secs":600}
      -> {"ok":true,"elapsed_ms":812.0}   the query's whole result written as ZSTD Parquet
         file(s) into out_dir (an empty directory); the runner counts rows and bytes itself
  {"op":"close"}
      -> {"ok":true}   and the process exits (EOF on stdin does the same, silently).

A driver implements the Engine interface below and calls `serve(engine)`.
"""

from __future__ import annotations

import base64
import datetime as _dt
import decimal
import json
import math
import os
import sys
import time
import traceback
import uuid

# Everything runs in UTC: Python-side conversions (e.g. PySpark turns TimestampType into naive
# local datetimes) follow the process time zone, so pin it before any engine is imported.
os.environ["TZ"] = "UTC"
try:
    time.tzset()
except AttributeError:  # pragma: no cover (not on Windows)
    pass

_UTC = _dt.timezone.utc
_REPLY = None  # file object on the saved stdout descriptor


def log(*args) -> None:
    print("[driver]", *args, file=sys.stderr, flush=True)


def _claim_stdout() -> None:
    """Keep the real stdout for replies only; point fd 1 (and sys.stdout) at stderr.

    Engines (chDB's C++ core, the Spark JVM that pyspark spawns) may write to fd 1 directly;
    after this they write to stderr instead and cannot corrupt the protocol stream."""
    global _REPLY
    if _REPLY is not None:
        return
    sys.stdout.flush()
    reply_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    _REPLY = os.fdopen(reply_fd, "w", encoding="utf-8", buffering=1)


# ---------------------------------------------------------------- canonical values

def canon_timestamp(v: _dt.datetime) -> str:
    """'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC. Naive values are taken as UTC already
    (every engine runs with a UTC session time zone)."""
    if v.tzinfo is not None:
        v = v.astimezone(_UTC).replace(tzinfo=None)
    s = v.strftime("%Y-%m-%d %H:%M:%S")
    if v.microsecond:
        s += ".%06d" % v.microsecond
    return s


def canon(v):
    """Turn one engine value into its canonical JSON form.

    ints -> int, floats -> float (NaN/±Inf -> "NaN"/"Infinity"/"-Infinity"), bool -> bool,
    Decimal -> plain string, timestamps -> UTC string, dates -> 'YYYY-MM-DD', times -> 'HH:MM:SS[.f]',
    intervals -> total seconds as float, bytes -> lowercase hex, UUID -> string,
    lists -> arrays, maps/structs -> objects (keys as strings, sorted), NULL -> null."""
    if v is None or isinstance(v, (str, bool)):
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if isinstance(v, decimal.Decimal):
        if v.is_nan():
            return "NaN"
        return format(v, "f")
    if isinstance(v, _dt.datetime):
        return canon_timestamp(v)
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, _dt.time):
        return v.isoformat()
    if isinstance(v, _dt.timedelta):
        return v.total_seconds()
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    if isinstance(v, uuid.UUID):
        return str(v)
    if hasattr(v, "asDict") and callable(v.asDict):  # pyspark Row (a tuple subclass): struct
        v = v.asDict(recursive=False)
    if isinstance(v, dict):  # map or struct; keys sorted so equal answers are equal bytes
        return dict(sorted((_canon_key(k), canon(x)) for k, x in v.items()))
    if isinstance(v, (list, tuple)):
        return [canon(x) for x in v]
    # numpy scalars / arrays and anything else with .item() / .tolist()
    if hasattr(v, "tolist") and callable(v.tolist):
        return canon(v.tolist())
    if hasattr(v, "item") and callable(v.item):
        return canon(v.item())
    return str(v)


def _canon_key(k) -> str:
    c = canon(k)
    return c if isinstance(c, str) else json.dumps(c)


def canon_rows(rows) -> list:
    return [[canon(x) for x in r] for r in rows]


def local_path(uri: str) -> str:
    """file:///abs/path -> /abs/path; other strings unchanged."""
    if uri.startswith("file://"):
        from urllib.parse import unquote, urlparse
        return unquote(urlparse(uri).path)
    return uri


def sql_str(s: str) -> str:
    """A single-quoted SQL string literal."""
    return "'" + str(s).replace("'", "''") + "'"


def quote_ident(name: str, q: str = '"') -> str:
    return q + str(name).replace(q, q + q) + q


# ---------------------------------------------------------------- engine interface

class QueryTimeout(Exception):
    """Raised by an engine when it cancelled a query because of its timeout."""


class Engine:
    name = "engine"

    def version(self) -> dict:
        """-> {"version": "...", ...extra fields}"""
        raise NotImplementedError

    def open(self, tables: dict, postgres: dict | None) -> dict:
        """Register every table under its plain name. -> {"access_path": "...", ...}"""
        raise NotImplementedError

    def query(self, sql: str, timeout_secs: float | None, max_rows: int | None):
        """-> (columns, rows, truncated). rows are raw engine values (canonicalised by the loop)
        and hold at most max_rows rows. Raise QueryTimeout when the engine cancelled the query."""
        raise NotImplementedError

    def ctas(self, sql: str, out_dir: str, timeout_secs: float | None) -> None:
        """Write the query's whole result as ZSTD Parquet into out_dir (CREATE TABLE AS on
        files: the batch profile's normalisation jobs). Raise QueryTimeout when cancelled."""
        raise NotImplementedError(f"{self.name}: no CREATE TABLE AS path")

    def close(self) -> None:
        pass


# ---------------------------------------------------------------- the loop

def _send(obj: dict) -> None:
    try:
        line = json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as e:  # should not happen after canon(); never break the stream
        line = json.dumps({"ok": False, "error": f"reply not serialisable: {e}",
                           **({"id": obj["id"]} if "id" in obj else {})})
    _REPLY.write(line + "\n")
    _REPLY.flush()


def _err(e: BaseException) -> str:
    msg = str(e).strip() or type(e).__name__
    # Engine messages can be huge (Spark plans); keep the head, which says what went wrong.
    if len(msg) > 4000:
        msg = msg[:4000] + " …[truncated]"
    return f"{type(e).__name__}: {msg}"


def _handle(engine: Engine, req: dict) -> dict:
    op = req.get("op")
    if op == "version":
        return {"ok": True, "engine": engine.name, **engine.version()}
    if op == "open":
        t0 = time.perf_counter()
        info = engine.open(req.get("tables") or {}, req.get("postgres"))
        return {"ok": True, **info, "open_ms": round((time.perf_counter() - t0) * 1000, 3)}
    if op in ("query", "ctas"):
        sql = req.get("sql")
        if not isinstance(sql, str) or not sql.strip():
            return {"ok": False, "error": f"{op}: missing sql"}
        timeout = req.get("timeout_secs")
        timeout = float(timeout) if timeout else None
        if op == "query":
            max_rows = req.get("max_rows")
            max_rows = int(max_rows) if max_rows is not None else None
            work = lambda: engine.query(sql, timeout, max_rows)  # noqa: E731
        else:
            out_dir = req.get("out_dir")
            if not isinstance(out_dir, str) or not out_dir:
                return {"ok": False, "error": "ctas: missing out_dir"}
            work = lambda: engine.ctas(sql, out_dir, timeout)  # noqa: E731
        t0 = time.perf_counter()
        try:
            result = work()
        except QueryTimeout as e:
            ms = (time.perf_counter() - t0) * 1000
            return {"ok": False, "timeout": True, "elapsed_ms": round(ms, 3),
                    "error": f"timeout after {timeout:g} s: {e}"}
        except Exception as e:  # engine error: report, keep serving
            ms = (time.perf_counter() - t0) * 1000
            return {"ok": False, "timeout": False, "elapsed_ms": round(ms, 3), "error": _err(e)}
        ms = (time.perf_counter() - t0) * 1000
        if timeout is not None and ms > timeout * 1000:
            # The engine could not be stopped in time: the answer came late, count it as a timeout.
            return {"ok": False, "timeout": True, "elapsed_ms": round(ms, 3),
                    "error": f"timeout: finished after {ms / 1000:.3f} s > {timeout:g} s"}
        if op == "ctas":
            return {"ok": True, "elapsed_ms": round(ms, 3)}
        columns, rows, truncated = result
        out = canon_rows(rows)
        return {"ok": True, "elapsed_ms": round(ms, 3), "columns": [str(c) for c in columns],
                "rows": out, "row_count": len(out), "truncated": bool(truncated)}
    if op == "close":
        return {"ok": True}
    return {"ok": False, "error": f"unknown op {op!r}"}


def serve(engine_factory) -> None:
    """Run the loop. engine_factory() builds the Engine (its import errors are reported per
    request rather than killing the process, so the runner always gets an answer)."""
    _claim_stdout()
    engine = None
    init_error = None
    try:
        engine = engine_factory()
    except Exception as e:  # e.g. the engine's package is not installed
        init_error = _err(e)
        log("engine init failed:", init_error)
        traceback.print_exc(file=sys.stderr)
    for raw in sys.stdin:
        raw = raw.strip()
        if not raw:
            continue
        rid = None
        req = None
        try:
            req = json.loads(raw)
            if not isinstance(req, dict):
                raise ValueError("request is not a JSON object")
            rid = req.get("id")
            if init_error is not None and req.get("op") != "close":
                rep = {"ok": False, "error": f"engine unavailable: {init_error}"}
            else:
                rep = _handle(engine, req) if engine is not None else {"ok": True}
        except Exception as e:
            traceback.print_exc(file=sys.stderr)
            rep = {"ok": False, "error": _err(e)}
        if rid is not None:
            rep["id"] = rid
        _send(rep)
        if isinstance(req, dict) and req.get("op") == "close":
            break
    try:
        if engine is not None:
            engine.close()
    except Exception:
        traceback.print_exc(file=sys.stderr)
    _REPLY.flush()
    os._exit(0)  # don't wait for engine threads (JVM gateway, timers)
