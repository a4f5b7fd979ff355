"""Shared paths and helpers of the Python tests. Data paths are relative to this file, so the
suite runs from any working directory."""

import math
import os
from pathlib import Path

import pytest

import libradiomics

ROOT = Path(__file__).resolve().parents[2]
PHANTOM = ROOT / "ibsi_phantom"
DIGITAL_IMAGE = PHANTOM / "digital_phantom" / "image.nii.gz"
DIGITAL_MASK = PHANTOM / "digital_phantom" / "mask.nii.gz"
DIGITAL_CONFIG = PHANTOM / "configs" / "digital_phantom.json"
CT_IMAGE = PHANTOM / "ct_phantom" / "image.nii.gz"
CT_MASK = PHANTOM / "ct_phantom" / "mask.nii.gz"
CT_CONFIG_C = PHANTOM / "configs" / "config_c.json"


def find_cli():
    """The `radiomics` program of the build that holds this package: $RADIOMICS_CLI, else
    <build>/cli/radiomics for <build>/python on PYTHONPATH (or holding the package)."""
    if os.environ.get("RADIOMICS_CLI"):
        return Path(os.environ["RADIOMICS_CLI"])
    candidates = [Path(libradiomics.__file__).resolve().parents[2] / "cli" / "radiomics"]
    for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep):
        if entry:
            candidates.append(Path(entry).resolve().parent / "cli" / "radiomics")
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def cli():
    path = find_cli()
    if path is None:
        pytest.skip("the radiomics CLI is not built next to this package "
                    "(set RADIOMICS_CLI=<build>/cli/radiomics to compare with it)")
    return path


@pytest.fixture(scope="session")
def digital_files():
    return str(DIGITAL_IMAGE), str(DIGITAL_MASK), str(DIGITAL_CONFIG)


def same_value(a, b, rel=1e-12):
    """Equal floats, NaN equal to NaN (an undefined feature is NaN on both sides)."""
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=rel, abs_tol=rel)
    return a == b


def feature_items(row):
    """The feature columns of an extract() dict (the float-valued ones)."""
    return {k: v for k, v in row.items() if isinstance(v, float)}


def write_nifti(path, array):
    """A minimal NIfTI-1 file (1 mm voxels) of a [z, y, x] array."""
    import struct

    import numpy as np

    dtype = {np.dtype(np.float32): 16, np.dtype(np.int32): 8}[array.dtype]
    header = bytearray(348)
    struct.pack_into("<i", header, 0, 348)
    nz, ny, nx = array.shape
    struct.pack_into("<8h", header, 40, 3, nx, ny, nz, 1, 1, 1, 1)
    struct.pack_into("<hh", header, 70, dtype, array.dtype.itemsize * 8)
    struct.pack_into("<8f", header, 76, 1, 1, 1, 1, 0, 0, 0, 0)
    struct.pack_into("<f", header, 108, 352)
    struct.pack_into("<f", header, 112, 1.0)  # scl_slope
    struct.pack_into("<h", header, 254, 1)  # sform_code: scanner
    struct.pack_into("<4f", header, 280, 1, 0, 0, 0)
    struct.pack_into("<4f", header, 296, 0, 1, 0, 0)
    struct.pack_into("<4f", header, 312, 0, 0, 1, 0)
    header[344:348] = b"n+1\0"
    with open(path, "wb") as f:
        f.write(bytes(header) + b"\0" * 4 + np.ascontiguousarray(array).tobytes())


def write_mixed_manifest(folder):
    """A manifest mixing what a cohort holds: NIfTI cases without and with a label, a case that
    fails (missing image), a DICOM series with its RTSTRUCT (ROI GTV-1); empty cells where a
    column does not apply. Absolute paths, so that a DataFrame read from it works anywhere."""
    ct_dicom = PHANTOM / "ct_phantom" / "dicom"
    rows = ["id,image,mask,label,roi,site",
            f"ct_nifti,{CT_IMAGE},{CT_MASK},,,north",
            f"missing,{folder / 'no_such_image.nii.gz'},{DIGITAL_MASK},1,,south",
            f"ct_rtstruct,{ct_dicom / 'image'},{ct_dicom / 'mask' / 'DCM_RS_00060.dcm'},,GTV-1,north",
            f"digital_label,{DIGITAL_IMAGE},{DIGITAL_MASK},1,,east"]
    path = folder / "mixed_manifest.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


def run_batch(cli, manifest, output, *options):
    """`radiomics batch` on a manifest; the output CSV's header and rows (dicts of text)."""
    import csv
    import subprocess

    done = subprocess.run([str(cli), "batch", "--quiet", "--manifest", str(manifest), "--output", str(output),
                           *map(str, options)], capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    with open(output, newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    return reader.fieldnames, rows


def assert_batch_rows(frame, header, batch):
    """A DataFrame has exactly the columns (in order) and rows of a batch CSV: an empty cell is
    None or NaN, a number the same float, any other cell the same text."""
    assert list(frame.columns) == header
    records = frame.to_dict("records")
    assert [r["id"] for r in records] == [r["id"] for r in batch]
    for ours, theirs in zip(records, batch):
        for column, text in theirs.items():
            value = ours[column]
            if text == "":
                assert value is None or value != value or value == "", (ours["id"], column, value)
            elif isinstance(value, float):
                assert same_value(value, float(text), rel=0.0), (ours["id"], column, value, text)
            else:
                assert str(value) == text, (ours["id"], column, value, text)
