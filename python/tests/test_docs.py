"""The Python guide (docs/python.md) runs as written from a fresh clone: every ```python block is
executed in order, in one namespace, from a folder that sees the repository's data the way the
guide's relative paths expect. An expression followed by a comment holding a Python literal
(``x == y   # True``, ``[r["label"] for r in rows]   # ['1', '2']``) must evaluate to it.

Each block is a test of its own (``test_guide_block[3]``), so a block skipped for a missing
optional package shows as a skip with its reason in pytest's summary (``-rs``) instead of passing
unseen. The blocks share one namespace and run in the guide's order, so run the module whole
rather than one block with ``-k``."""

import ast
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "python.md"
# Packages the guide shows with, but libradiomics does not need: their blocks are skipped when
# the package is missing.
OPTIONAL = {"SimpleITK", "nibabel", "matplotlib"}


def python_blocks(text):
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


BLOCKS = python_blocks(GUIDE.read_text())


def expected_value(line):
    """The literal in an end-of-line comment, or a sentinel when there is none."""
    if "#" not in line:
        return expected_value
    comment = line.rsplit("#", 1)[1].strip()
    try:
        return ast.literal_eval(comment)
    except (ValueError, SyntaxError):
        return expected_value


def run_block(source, namespace):
    tree = ast.parse(source)
    lines = source.splitlines()
    for node in tree.body:
        if isinstance(node, ast.Expr):
            value = eval(compile(ast.Expression(node.value), "<docs/python.md>", "eval"), namespace)
            expected = expected_value(lines[node.end_lineno - 1])
            if expected is not expected_value:
                assert value == expected, f"{ast.get_source_segment(source, node)} gave {value!r}, the guide says {expected!r}"
        else:
            exec(compile(ast.Module([node], []), "<docs/python.md>", "exec"), namespace)


class Guide:
    """What the blocks share: the folder they run in, their namespace, the first that failed."""

    def __init__(self, folder):
        self.folder = folder
        self.namespace = {}
        self.failed = None


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    # The guide's paths are relative to the repository root; outputs it writes land in the folder.
    folder = tmp_path_factory.mktemp("python_guide")
    for data in ("ibsi_phantom", "examples"):
        os.symlink(ROOT / data, folder / data)
    return Guide(folder)


def test_the_guide_has_its_examples():
    assert len(BLOCKS) >= 8, "the guide lost its examples"


@pytest.mark.parametrize("number", range(1, len(BLOCKS) + 1))
def test_guide_block(number, guide, monkeypatch):
    # A later block usually needs what an earlier one defined: after a failure it is skipped,
    # so that the failure reported is the first one, not its consequences.
    if guide.failed is not None:
        pytest.skip(f"block {guide.failed} of docs/python.md failed before this one")
    monkeypatch.chdir(guide.folder)
    block = BLOCKS[number - 1]
    try:
        run_block(block, guide.namespace)
    except ModuleNotFoundError as error:
        if error.name not in OPTIONAL:
            guide.failed = number
            raise
        pytest.skip(f"block {number} of docs/python.md needs {error.name}, which is not installed")
    except Exception as error:
        guide.failed = number
        pytest.fail(f"block {number} of docs/python.md failed: {type(error).__name__}: {error}\n{block}")


def test_the_guide_wrote_the_cohort_table(guide):
    if guide.failed is not None:
        pytest.skip(f"block {guide.failed} of docs/python.md failed")
    assert (guide.folder / "sarcoma_features.csv").is_file()
    features = guide.namespace["features"]
    assert len(features) == 9 and features["error"].isna().all()


def test_the_distributed_example_runs_as_a_script(tmp_path):
    """docs/distributed.md's example, saved as a script and run with python3 as the page says
    (its worker processes import it again: the __main__ guard must hold), on two CPUs (the
    LocalCluster it starts has one worker per CPU this process may use), under a time limit; it
    prints the rows the page shows."""
    import signal
    import subprocess
    import sys

    pytest.importorskip("distributed", reason="Dask (python3-distributed) is not installed")
    text = (ROOT / "docs" / "distributed.md").read_text()
    [script] = [block for block in python_blocks(text) if "__main__" in block]
    assert "/work/" not in text and "NaN for" not in text
    for data in ("ibsi_phantom", "examples"):
        os.symlink(ROOT / data, tmp_path / data)
    (tmp_path / "cohort_on_dask.py").write_text(script)
    package_root = str(Path(__import__("libradiomics").__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")]))
    cpus = sorted(os.sched_getaffinity(0))[:2] if hasattr(os, "sched_getaffinity") else None
    # A session of its own, so that a hang (the guard missing) ends with its worker processes.
    run = subprocess.Popen([sys.executable, "cohort_on_dask.py"], cwd=tmp_path, env=env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                           preexec_fn=(lambda: os.sched_setaffinity(0, cpus)) if cpus else None)
    try:
        stdout, stderr = run.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        stdout, stderr = run.communicate()
        pytest.fail(f"the example did not end within 120 s:\n{stderr[-3000:]}")
    assert run.returncode == 0, stderr[-3000:]
    printed = stdout.splitlines()
    for shown in re.findall(r"```text\n(.*?)```", text, flags=re.S):
        for line in shown.splitlines():
            assert line in printed, (line, stdout)
    assert "libradiomics.dask: 11/11 cases, 0 failed" in stderr
    import csv

    with open(tmp_path / "cohort_features.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 11 and all(row["error"] == "" for row in rows)
