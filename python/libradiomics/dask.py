"""Cohorts on a Dask cluster: ``libradiomics.dask.extract_cohort``.

Each task extracts a small batch of cases with the same engine as ``radiomics batch`` and
:func:`libradiomics.extract_cohort` (the C++ core, GIL released), so the rows are the same. Only
paths and the settings (as JSON text) travel to the workers; the workers read the files
themselves, so the files must be visible to them (a shared file system). See docs/distributed.md.

Dask is optional: ``import libradiomics`` works without it; importing this module without it
raises an ImportError that names the Debian packages to install.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Optional

try:
    import dask  # noqa: F401  (the top-level package, not this module)
    import distributed
except ImportError as error:  # pragma: no cover - exercised only where Dask is missing
    raise ImportError(
        "libradiomics.dask needs Dask: apt-get install python3-dask python3-distributed "
        "(or pip install 'libradiomics[dask]', i.e. 'dask[distributed]')") from error

import libradiomics
from libradiomics import _libradiomics

__all__ = ["extract_cohort"]


def _worker_settings(config) -> str:
    """The settings as canonical JSON text (every key filled in), parsed once on the client so
    that a bad configuration fails at once; a task's own extraction runs on one thread, because
    the cluster's workers already use the cores."""
    settings = json.loads(libradiomics._settings(config).to_json_text())
    if settings.get("threads", 0) == 0:
        settings["threads"] = 1
    return json.dumps(settings)


def _run_cases(settings_json: str, cases: list) -> list:
    """One task: the rows of a few cases (runs on a worker)."""
    settings = _libradiomics.Settings.from_json_text(settings_json)
    return [libradiomics._run_case(settings, case) for case in cases]


def _error_rows(case: dict, error: BaseException) -> list:
    """What a case whose task could not finish (its workers died) reports: one error row."""
    out = {"id": case["id"]} if case.get("id") is not None else {}
    out.update((k, v) for k, v in case.items() if k not in libradiomics._CASE_KEYS)
    for key in ("image", "mask", "label", "roi"):  # as the batch command's error rows
        if case.get(key) is not None:
            out[key] = libradiomics._cell(key, case[key])
    out["error"] = f"{type(error).__name__}: {error}"
    return [out]


class _ProgressLine:
    """The batch command's progress line on stderr: redrawn on a terminal, every 10 s else."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled = total, enabled and total > 0
        self.start = time.monotonic()
        self.last = -1e9
        self.terminal = sys.stderr.isatty()

    def __call__(self, done: int, failed: int):
        if not self.enabled:
            return
        now = time.monotonic() - self.start
        last = done == self.total
        if not self.terminal and not last and now - self.last < 10:
            return
        self.last = now
        rate = done / now if now > 0 else 0.0
        text = f"{done}/{self.total} cases, {failed} failed, {rate:.2f} cases/s"
        if not last and rate > 0:
            text += f", {(self.total - done) / rate:.0f}s left"
        if self.terminal:
            sys.stderr.write("\r\033[K" + text + ("\n" if last else ""))
        else:
            sys.stderr.write("libradiomics.dask: " + text + "\n")
        sys.stderr.flush()


def extract_cohort(manifest, config=None, client: Optional["distributed.Client"] = None,
                   batch_size: int = 1, lazy: bool = False, progress: bool = True,
                   retries: int = 1):
    """Extracts a cohort on a Dask cluster.

    Args:
        manifest: the path of a manifest CSV (``id,image,mask`` and optional ``label``,
            ``config``, ``roi``, ``series`` and other columns, as ``radiomics batch`` reads it:
            relative paths against the manifest's folder), a pandas DataFrame, or an iterable
            of rows (dicts or tuples, as for :func:`libradiomics.extract_cohort`); an empty
            cell (None, "", NaN) of an optional column means "not given". Paths only: arrays
            do not travel to workers.
        config: None, a dict or a JSON (or PyRadiomics YAML) file path, as for
            :func:`libradiomics.extract`; parsed once here.
        client: a ``distributed.Client``; None starts a ``LocalCluster`` for this call (one
            single-threaded worker process per CPU this process may use) and closes it
            before returning.
        batch_size: cases per task (a few amortise the scheduling of very small cases).
        lazy: return a dask DataFrame (one partition per task) whose rows stay on the
            workers instead of a pandas DataFrame; needs ``client`` (the partitions live on
            its cluster). The call still waits for the extraction: a cohort's columns are
            known only once every case has run (a failed case has fewer, an RTSTRUCT case or a
            per-case configuration more), and only they (not the rows) come to the client.
        progress: print the batch command's progress line on stderr.
        retries: how often a task that raised is retried (a task whose worker died is rerun
            by Dask on another worker in any case, up to its ``allowed-failures``).

    Returns:
        A pandas DataFrame with the rows and columns of ``radiomics batch`` for the same
        manifest, in manifest order: failed cases have their reason in ``error`` (None for the
        others), including cases whose workers kept dying (``KilledWorker``). No case is lost
        or duplicated. With ``lazy=True``, a dask DataFrame with the same columns (in the same
        order) and, computed, the same rows.
    """
    cases = libradiomics._cases(manifest)
    for case in cases:
        if not (libradiomics._is_path(case["image"]) and libradiomics._is_path(case["mask"])):
            raise TypeError(f"case {case.get('id')!r}: libradiomics.dask takes file paths, not arrays "
                            "(workers read the files themselves)")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if lazy and client is None:
        raise ValueError("lazy=True needs a client: the lazy frame's partitions live on its cluster's "
                         "workers (start one, e.g. distributed.Client(distributed.LocalCluster()), "
                         "and close it when the frame is no longer needed)")
    settings_json = _worker_settings(config)
    batches = [cases[i:i + batch_size] for i in range(0, len(cases), batch_size)]

    own_cluster = None
    if client is None:
        own_cluster = distributed.LocalCluster(n_workers=libradiomics._cpus(), threads_per_worker=1,
                                               processes=True, dashboard_address=":0")
        client = distributed.Client(own_cluster, set_as_default=False)
    try:
        line = _ProgressLine(len(cases), progress)
        futures = [client.submit(_run_cases, settings_json, batch, retries=retries, pure=False)
                   for batch in batches]
        if lazy:
            return _lazy_frame(client, futures, batches, line)
        results: list = [None] * len(batches)
        done = failed = 0
        index = {future.key: i for i, future in enumerate(futures)}
        for future in distributed.as_completed(futures, loop=client.loop):
            i = index[future.key]
            try:
                results[i] = future.result()
            except Exception as error:  # the task never finished: its workers kept dying
                results[i] = [_error_rows(case, error) for case in batches[i]]
            future.release()
            done += len(batches[i])
            failed += _failures(results[i])
            line(done, failed)
        return libradiomics._frame([row for batch in results for case_rows in batch for row in case_rows])
    finally:
        if own_cluster is not None:
            client.close()
            own_cluster.close()


def _failures(batch_rows: list) -> int:
    """The failed cases of a batch's rows (a failed case is one row with an ``error``)."""
    return sum(1 for rows in batch_rows if len(rows) == 1 and rows[0].get("error"))


def _batch_frame(batch_rows: list):
    """A batch's rows as a pandas DataFrame, in the batch command's column order (on a worker)."""
    return libradiomics._frame([row for case_rows in batch_rows for row in case_rows])


def _schema(frame) -> tuple:
    """A partition's columns and their dtypes (what its merge with the others needs)."""
    return list(frame.columns), {column: str(dtype) for column, dtype in frame.dtypes.items()}


def _merge_schemas(*schemas) -> tuple:
    """The columns of several partitions in the batch command's order (the partitions' own
    column lists taken in turn, as the batch command takes rows) and one dtype per column: the
    partitions' common one, float64 for numbers of different kinds, object otherwise. A column
    that a partition lacks is NaN there (float64)."""
    columns = libradiomics._batch_columns(dict.fromkeys(schema[0]) for schema in schemas)
    dtypes = {}
    for column in columns:
        kinds = {schema[1].get(column, "float64") for schema in schemas}
        if len(kinds) == 1:
            dtypes[column] = kinds.pop()
        elif all(kind.startswith(("int", "uint", "float")) for kind in kinds):
            dtypes[column] = "float64"
        else:
            dtypes[column] = "object"
    return columns, dtypes


def _conform(frame, schema: tuple):
    """A partition with the cohort's columns (in order) and dtypes."""
    columns, dtypes = schema
    return frame.reindex(columns=columns).astype(dtypes)


def _lazy_frame(client, futures: list, batches: list, line: "_ProgressLine"):
    """A dask DataFrame whose partitions (one per batch, manifest order) stay on the workers:
    the batches' frames, their schemas merged on the cluster (a tree of small tasks), then
    every partition conformed to the merged schema; only the schema comes to the client."""
    import dask.dataframe
    import pandas

    counts = [client.submit(_failures, future, pure=False) for future in futures]
    index = {count.key: i for i, count in enumerate(counts)}
    frames: list = [None] * len(batches)
    done = failed = 0
    for count in distributed.as_completed(counts, loop=client.loop):
        i = index[count.key]
        try:
            failed += count.result()
            frames[i] = client.submit(_batch_frame, futures[i], pure=False)
        except Exception:
            error = futures[i].exception() if futures[i].status == "error" else None
            if error is None:  # only the count failed: the batch itself is fine
                frames[i] = client.submit(_batch_frame, futures[i], pure=False)
            else:  # the task never finished: its workers kept dying
                rows = [_error_rows(case, error) for case in batches[i]]
                frames[i] = client.submit(_batch_frame, rows, pure=False)
                failed += len(batches[i])
        done += len(batches[i])
        line(done, failed)
    del counts, futures
    level = [client.submit(_schema, frame, pure=False) for frame in frames]
    while len(level) > 1:  # the schemas merged on the cluster, 8 at a time
        level = [client.submit(_merge_schemas, *level[i:i + 8], pure=False) for i in range(0, len(level), 8)]
    if not level:
        return dask.dataframe.from_pandas(libradiomics._frame([]), npartitions=1)
    schema = _merge_schemas(level[0].result())
    meta = pandas.DataFrame({column: pandas.Series(dtype=schema[1][column]) for column in schema[0]})
    parts = [client.submit(_conform, frame, schema, pure=False) for frame in frames]
    return dask.dataframe.from_delayed(parts, meta=meta, verify_meta=False)
