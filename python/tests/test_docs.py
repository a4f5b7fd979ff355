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
