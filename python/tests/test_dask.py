"""libradiomics.dask: a cohort on a LocalCluster of worker processes gives exactly the rows of the
single-process path; a corrupt case is an error row; a worker killed mid-run loses and
duplicates nothing."""

import os
import signal
import threading
import time

import numpy as np
import pytest

import libradiomics
from conftest import write_nifti

distributed = pytest.importorskip("distributed", reason="Dask (python3-distributed) is not installed")
import libradiomics.dask  # noqa: E402

# Enough texture work that a case takes a noticeable time (the kill test needs running tasks).
CONFIG = {"discretisation": {"method": "fixed_bin_number", "bin_count": 16},
          "texture": {"aggregations": "all"}, "threads": 1}


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
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0")
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def same_frames(a, b):
    assert list(a.columns) == list(b.columns)
    assert list(a["id"]) == list(b["id"])
    for column in a.columns:
        for x, y in zip(a[column], b[column]):
            assert x == y or (x != x and y != y), (column, x, y)


def test_rows_equal_the_single_process_path(cohort, client):
    single = libradiomics.extract_cohort(cohort, config=CONFIG)
    on_cluster = libradiomics.dask.extract_cohort(cohort, config=CONFIG, client=client, batch_size=3,
                                                  progress=False)
    same_frames(on_cluster, single)
    assert on_cluster["site"].tolist()[:3] == ["site0", "site1", "site2"]


def test_a_corrupt_case_is_an_error_row_and_the_others_complete(cohort, client):
    table = libradiomics.dask.extract_cohort(cohort, config=CONFIG, client=client, progress=False)
    assert len(table) == 11
    errors = table.set_index("id")["error"]
    assert errors["corrupt"].startswith(("OSError", "InputError")), errors["corrupt"]
    assert errors.drop("corrupt").isna().all()
    assert table.set_index("id").drop("corrupt")["stat_mean"].notna().all()


def test_lazy_frame_has_the_same_rows(cohort, client):
    lazy = libradiomics.dask.extract_cohort(cohort, config=CONFIG, client=client, batch_size=4, lazy=True)
    computed = lazy.compute(scheduler=client.get).reset_index(drop=True)
    eager = libradiomics.extract_cohort(cohort, config=CONFIG)
    same_frames(computed[list(eager.columns)], eager)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(cohort):
    expected = libradiomics.extract_cohort(cohort, config=CONFIG)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0")
    with distributed.Client(cluster) as c:
        pids = c.run(os.getpid)  # worker address -> process id
        result = {}
        run = threading.Thread(target=lambda: result.update(
            table=libradiomics.dask.extract_cohort(cohort, config=CONFIG, client=c, progress=False)))
        run.start()
        killed = None
        deadline = time.monotonic() + 60
        while killed is None and run.is_alive() and time.monotonic() < deadline:
            busy = [address for address, tasks in c.processing().items() if tasks]
            if busy:
                killed = pids[busy[0]]
                os.kill(killed, signal.SIGKILL)
            time.sleep(0.005)
        run.join(180)
        assert not run.is_alive(), "the cohort did not finish after a worker was killed"
    cluster.close()
    assert killed is not None, "no task was seen running: the kill did not happen"
    table = result["table"]
    assert sorted(table["id"]) == sorted(expected["id"])  # every case, once
    same_frames(table, expected)


def test_arrays_are_refused():
    with pytest.raises(TypeError, match="file paths"):
        libradiomics.dask.extract_cohort([{"id": "a", "image": np.zeros((2, 2, 2)), "mask": np.zeros((2, 2, 2))}])
