"""libradiomics.dask: a cohort on a LocalCluster of worker processes gives exactly the rows (and
columns) of the single-process path and of `radiomics batch`; a corrupt case is an error row; a
worker killed mid-run loses and duplicates nothing, whether Dask reruns its tasks or, beyond the
allowed failures, they come back as error rows.

Every test runs under a time limit (pytest-timeout is not a dependency): a hang fails it instead
of blocking the suite."""

import faulthandler
import os
import re
import signal
import threading
import time

import numpy as np
import pytest

import libradiomics
from conftest import assert_batch_rows, run_batch, write_mixed_manifest, write_nifti

distributed = pytest.importorskip("distributed", reason="Dask (python3-distributed) is not installed")
import dask  # noqa: E402
import libradiomics.dask  # noqa: E402

# Enough texture work that a case takes a noticeable time (the kill tests need running tasks).
CONFIG = {"discretisation": {"method": "fixed_bin_number", "bin_count": 16},
          "texture": {"aggregations": "all"}, "threads": 1}
TEST_LIMIT_S = 120  # one test; the module as a whole (cluster start-ups included) gets more
MODULE_LIMIT_S = 600


@pytest.fixture(scope="module", autouse=True)
def module_time_limit():
    """Ends the run, with every thread's stack on stderr, if the module hangs anywhere (fixtures
    included): the last resort behind the per-test limit."""
    faulthandler.dump_traceback_later(MODULE_LIMIT_S, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(autouse=True)
def time_limit():
    """Fails a test that runs over TEST_LIMIT_S (SIGALRM raises in the waiting main thread)."""
    def expired(signum, frame):
        raise TimeoutError(f"the test ran over {TEST_LIMIT_S} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(TEST_LIMIT_S)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """A generated cohort: 10 cases (balls of random texture, varying size) and a corrupt file."""
    folder = tmp_path_factory.mktemp("dask_cohort")
    rng = np.random.default_rng(11)
    lines = ["id,image,mask,site"]
    for k in range(10):
        n = 28 + 2 * (k % 4)
        z, y, x = np.mgrid[:n, :n, :n]
        ball = ((x - n / 2) ** 2 + (y - n / 2) ** 2 + (z - n / 2) ** 2) < (n / 3) ** 2
        write_nifti(folder / f"image{k}.nii", (rng.normal(100, 20, (n, n, n)) + 30 * ball).astype(np.float32))
        write_nifti(folder / f"mask{k}.nii", ball.astype(np.int32))
        lines.append(f"case{k},image{k}.nii,mask{k}.nii,site{k % 3}")
    (folder / "corrupt.nii").write_bytes(b"not an image at all")
    lines.append("corrupt,corrupt.nii,mask0.nii,site0")
    (folder / "manifest.csv").write_text("\n".join(lines) + "\n")
    return folder / "manifest.csv"


@pytest.fixture(scope="module")
def single(cohort):
    """The single-process rows of the cohort: what every cluster run must give."""
    return libradiomics.extract_cohort(cohort, config=CONFIG, jobs=2)


def local_cluster():
    return distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")


@pytest.fixture(scope="module")
def client():
    with local_cluster() as cluster, distributed.Client(cluster, set_as_default=False) as c:
        yield c


def same_frames(a, b):
    assert list(a.columns) == list(b.columns)
    assert list(a["id"]) == list(b["id"])
    for column in a.columns:
        for x, y in zip(a[column], b[column]):
            assert x == y or (x != x and y != y), (column, x, y)


def test_rows_equal_the_single_process_path(cohort, single, client):
    on_cluster = libradiomics.dask.extract_cohort(cohort, config=CONFIG, client=client, batch_size=3,
                                                  progress=False)
    same_frames(on_cluster, single)
    assert on_cluster["site"].tolist()[:3] == ["site0", "site1", "site2"]


def test_dataframe_and_rows_input(cohort, single, client):
    import pandas

    manifest = pandas.read_csv(cohort)
    for column in ("image", "mask"):  # a DataFrame's relative paths would be the caller's
        manifest[column] = [str(cohort.parent / p) for p in manifest[column]]
    from_frame = libradiomics.dask.extract_cohort(manifest, config=CONFIG, client=client, batch_size=2,
                                                  progress=False)
    same_frames(from_frame, single)
    from_rows = libradiomics.dask.extract_cohort(manifest.to_dict("records"), config=CONFIG, client=client,
                                                 progress=False)
    same_frames(from_rows, single)


def test_a_corrupt_case_is_an_error_row_and_the_others_complete(cohort, client):
    table = libradiomics.dask.extract_cohort(cohort, config=CONFIG, client=client, progress=False)
    assert len(table) == 11
    errors = table.set_index("id")["error"]
    assert errors["corrupt"].startswith(("OSError", "InputError")), errors["corrupt"]
    assert all(e is None for e in errors.drop("corrupt")), errors.to_dict()
    assert table.set_index("id").drop("corrupt")["stat_mean"].notna().all()


def test_mixed_manifest_equals_radiomics_batch(tmp_path, client, cli):
    """NIfTI cases with and without labels, a DICOM RTSTRUCT case, a failing case, empty cells:
    the columns (in order) and rows of `radiomics batch`, eager and lazy, from the manifest's
    path and from its DataFrame."""
    import pandas

    manifest = write_mixed_manifest(tmp_path)
    header, batch = run_batch(cli, manifest, tmp_path / "batch.csv")
    for given in (manifest, pandas.read_csv(manifest)):
        assert_batch_rows(libradiomics.dask.extract_cohort(given, client=client, batch_size=2, progress=False),
                          header, batch)
    lazy = libradiomics.dask.extract_cohort(pandas.read_csv(manifest), client=client, lazy=True, progress=False)
    assert list(lazy.columns) == header  # known before computing
    assert_batch_rows(client.compute(lazy).result().reset_index(drop=True), header, batch)


def test_lazy_frame_has_the_columns_and_rows_of_the_eager_call(cohort, single, client):
    # The corrupt case comes first in a batch of its own: the columns must not depend on it.
    import pandas

    manifest = pandas.read_csv(cohort)
    manifest = pandas.concat([manifest.iloc[-1:], manifest.iloc[:-1]], ignore_index=True)
    for column in ("image", "mask"):
        manifest[column] = [str(cohort.parent / p) for p in manifest[column]]
    eager = libradiomics.extract_cohort(manifest, config=CONFIG)
    lazy = libradiomics.dask.extract_cohort(manifest, config=CONFIG, client=client, batch_size=4, lazy=True,
                                            progress=False)
    assert lazy.npartitions == 3 and list(lazy.columns) == list(eager.columns)
    computed = client.compute(lazy).result().reset_index(drop=True)
    same_frames(computed, eager)
    assert dict(computed.dtypes) == dict(eager.dtypes) == dict(lazy.dtypes)


def test_lazy_needs_a_client(cohort):
    with pytest.raises(ValueError, match="needs a client"):
        libradiomics.dask.extract_cohort(cohort, lazy=True)


def test_progress_line(cohort, client, capsys):
    libradiomics.dask.extract_cohort(cohort, config=CONFIG, client=client, batch_size=4, progress=True)
    err = capsys.readouterr().err
    assert re.search(r"^libradiomics\.dask: 11/11 cases, 1 failed, [0-9.]+ cases/s$", err, re.M), err


def test_the_default_cluster_uses_the_cpus_this_process_may_use(tmp_path, monkeypatch):
    """Without a client: one worker per CPU of the process's affinity mask (not every CPU of the
    machine), and the cluster is closed when the call returns."""
    started = []

    class RecordingCluster(distributed.LocalCluster):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append((kwargs, self))

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr(distributed, "LocalCluster", RecordingCluster)
    table = libradiomics.dask.extract_cohort([{"id": "tiny", "image": str(tmp_path / "i.nii"),
                                               "mask": str(tmp_path / "m.nii")}], progress=False)
    assert table["error"][0].startswith("FileNotFoundError")
    [(kwargs, cluster)] = started
    assert kwargs["n_workers"] == 1 and kwargs["threads_per_worker"] == 1
    assert cluster.status.name == "closed" and not cluster.workers


def run_killing_a_worker(c, start):
    """Runs start() (an extraction on c) in a thread while killing the first worker seen running a
    task; returns the killed process id and start()'s result."""
    pids = c.run(os.getpid)  # worker address -> process id
    result = {}

    def work():
        try:
            result["value"] = start()
        except BaseException as error:  # shown by the test
            result["error"] = error

    run = threading.Thread(target=work, daemon=True)
    run.start()
    killed = None
    deadline = time.monotonic() + 60
    while killed is None and run.is_alive() and time.monotonic() < deadline:
        busy = [address for address, tasks in c.processing().items() if tasks]
        if busy:
            killed = pids[busy[0]]
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.005)
    run.join(90)
    assert not run.is_alive(), "the cohort did not finish after a worker was killed"
    assert "error" not in result, result.get("error")
    assert killed is not None, "no task was seen running: the kill did not happen"
    return killed, result["value"]


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(cohort, single):
    """Dask reruns the killed worker's tasks on the other one: every row as without the kill."""
    with local_cluster() as cluster, distributed.Client(cluster, set_as_default=False) as c:
        _, table = run_killing_a_worker(c, lambda: libradiomics.dask.extract_cohort(
            cohort, config=CONFIG, client=c, progress=False))
    assert sorted(table["id"]) == sorted(single["id"])  # every case, once
    same_frames(table, single)


def test_a_worker_death_beyond_the_allowed_failures_is_error_rows(cohort, single):
    """With no failure allowed (distributed.scheduler.allowed-failures = 0), the tasks of a
    killed worker are not rerun: their cases come back as KilledWorker error rows, eager and
    lazy, and every other case as without the kill; no case is lost or duplicated."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = local_cluster()
    with cluster, distributed.Client(cluster, set_as_default=False) as c:
        _, eager = run_killing_a_worker(c, lambda: libradiomics.dask.extract_cohort(
            cohort, config=CONFIG, client=c, batch_size=2, progress=False))
        c.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker
        _, lazy = run_killing_a_worker(c, lambda: libradiomics.dask.extract_cohort(
            cohort, config=CONFIG, client=c, batch_size=2, lazy=True, progress=False))
        lazy = c.compute(lazy).result().reset_index(drop=True)
    for table in (eager, lazy):
        assert table["id"].tolist() == single["id"].tolist()  # every case, once, in order
        killed = table["error"].fillna("").str.startswith("KilledWorker")
        assert killed.any(), table["error"].tolist()
        assert list(table.columns) == list(single.columns)
        same_frames(table[~killed], single[~killed.values])
        assert table.loc[killed, "stat_mean"].isna().all()
        assert (table.loc[killed, "image"] == single.loc[killed.values, "image"]).all()
