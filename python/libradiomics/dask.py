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
import os
import sys
import time
from typing import Any, Optional

try:
    import dask  # noqa: F401  (the top-level package, not this module)
    import distributed
except ImportError as error:  # pragma: no cover - exercised only where Dask is missing
    raise ImportError(
        "libradiomics.dask needs Dask: apt-get install python3-dask python3-distributed "
        "(or pip install 'dask[distributed]')") from error

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
    for key in ("image", "mask", "label"):
        if case.get(key) is not None:
            out[key] = os.fspath(case[key]) if libradiomics._is_path(case[key]) else case[key]
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
            ``config`` and other columns, as ``radiomics batch`` reads it: relative paths
            against the manifest's folder), a pandas DataFrame, or an iterable of rows (dicts or
            tuples, as for :func:`libradiomics.extract_cohort`). Paths only: arrays do not
            travel to workers.
        config: None, a dict or a JSON (or PyRadiomics YAML) file path, as for
            :func:`libradiomics.extract`; parsed once here.
        client: a ``distributed.Client``; None starts a ``LocalCluster`` sized to the machine
            (one single-threaded worker process per core) for this call.
        batch_size: cases per task (a few amortise the scheduling of very small cases).
        lazy: return a dask DataFrame (one partition per task) instead of computing.
        progress: print the batch command's progress line on stderr (eager mode).
        retries: how often a task that raised is retried (a task whose worker died is rerun
            by Dask on another worker in any case, up to its ``allowed-failures``).

    Returns:
        A pandas DataFrame with the rows of ``radiomics batch`` for the same manifest, in
        manifest order: failed cases have their reason in ``error``, including cases whose
        workers kept dying (``KilledWorker``). No case is lost or duplicated. With
        ``lazy=True``, a dask DataFrame whose columns are those of the first batch that has a
        successful case (every case of a cohort with one configuration has the same ones).
    """
    import pandas

    cases = libradiomics._cases(manifest)
    for case in cases:
        if not (libradiomics._is_path(case["image"]) and libradiomics._is_path(case["mask"])):
            raise TypeError(f"case {case.get('id')!r}: libradiomics.dask takes file paths, not arrays "
                            "(workers read the files themselves)")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    settings_json = _worker_settings(config)
    batches = [cases[i:i + batch_size] for i in range(0, len(cases), batch_size)]

    own_cluster = None
    if client is None:
        own_cluster = distributed.LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1,
                                               processes=True, dashboard_address=":0")
        client = distributed.Client(own_cluster)
    try:
        if lazy:
            return _lazy_frame(client, settings_json, batches)
        futures = [client.submit(_run_cases, settings_json, batch, retries=retries, pure=False)
                   for batch in batches]
        index = {future.key: i for i, future in enumerate(futures)}
        results: list = [None] * len(batches)
        line = _ProgressLine(len(cases), progress)
        done = failed = 0
        for future in distributed.as_completed(futures):
            i = index[future.key]
            try:
                results[i] = future.result()
            except Exception as error:  # the task never finished: its workers died
                results[i] = [_error_rows(case, error) for case in batches[i]]
            done += len(batches[i])
            failed += sum(1 for rows in results[i] if len(rows) == 1 and rows[0].get("error"))
            line(done, failed)
        rows = [row for batch in results for case_rows in batch for row in case_rows]
        return pandas.DataFrame.from_records(rows)
    finally:
        if own_cluster is not None and not lazy:
            client.close()
            own_cluster.close()


def _lazy_frame(client, settings_json: str, batches: list):
    """A dask DataFrame with one partition per batch, columns from the first successful batch."""
    import dask.dataframe
    import pandas
    from dask import delayed

    def frame(batch_rows):
        return pandas.DataFrame.from_records([row for case_rows in batch_rows for row in case_rows])

    parts = [delayed(frame)(delayed(_run_cases)(settings_json, batch)) for batch in batches]
    meta = None
    for part in parts:
        probe = client.compute(part).result()
        if "error" not in probe or probe["error"].isna().any():
            meta = probe.iloc[:0]
            break
    if meta is None:
        meta = client.compute(parts[0]).result().iloc[:0] if parts else pandas.DataFrame()
    columns = list(meta.columns) + ([] if "error" in meta.columns else ["error"])
    meta = meta.reindex(columns=columns)
    aligned = [delayed(lambda df, cols=columns: df.reindex(columns=cols))(part) for part in parts]
    return dask.dataframe.from_delayed(aligned, meta=meta, verify_meta=False)
