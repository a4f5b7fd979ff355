#!/usr/bin/env python3
"""Writes the big synthetic case of the end-to-end benchmark: a 512 x 512 x 300 int16 CT-like
image (0.8 x 0.8 x 1.5 mm) with an ellipsoid ROI of about 10^6 voxels, as NIfTI-1 .nii.gz.

Usage: make_big_case.py OUTPUT_FOLDER   (writes image.nii.gz and mask.nii.gz; deterministic)
Needs numpy (Debian's python3-numpy)."""

import gzip
import struct
import sys
from pathlib import Path

import numpy as np

SHAPE = (300, 512, 512)  # z, y, x
SPACING = (0.8, 0.8, 1.5)  # x, y, z in mm


def nifti_bytes(array: np.ndarray, spacing) -> bytes:
    """A NIfTI-1 single file of a [z, y, x] array (qform and sform: scanner, axis-aligned)."""
    codes = {np.dtype(np.int16): (4, 16), np.dtype(np.uint8): (2, 8)}
    datatype, bitpix = codes[array.dtype]
    header = bytearray(348)
    struct.pack_into("<i", header, 0, 348)
    nz, ny, nx = array.shape
    struct.pack_into("<8h", header, 40, 3, nx, ny, nz, 1, 1, 1, 1)
    struct.pack_into("<hh", header, 70, datatype, bitpix)
    struct.pack_into("<8f", header, 76, 1.0, *spacing, 1.0, 0.0, 0.0, 0.0)
    struct.pack_into("<f", header, 108, 352.0)
    struct.pack_into("<ff", header, 112, 1.0, 0.0)  # scl_slope, scl_inter
    struct.pack_into("<B", header, 123, 2)  # xyzt_units: mm
    struct.pack_into("<hh", header, 252, 1, 1)  # qform_code, sform_code
    struct.pack_into("<4f", header, 280, spacing[0], 0, 0, 0)
    struct.pack_into("<4f", header, 296, 0, spacing[1], 0, 0)
    struct.pack_into("<4f", header, 312, 0, 0, spacing[2], 0)
    header[344:348] = b"n+1\0"
    return bytes(header) + b"\0" * 4 + np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2026)
    z, y, x = np.ogrid[:SHAPE[0], :SHAPE[1], :SHAPE[2]]
    # Ellipsoid in mm: semi-axes chosen so that the ROI holds about 10^6 voxels
    # (4/3 pi a b c / voxel volume = 1e6 with voxel volume 0.96 mm^3).
    a, b, c = 70.0, 60.0, 56.8
    cz, cy, cx = SHAPE[0] / 2, SHAPE[1] / 2, SHAPE[2] / 2
    r2 = (((x - cx) * SPACING[0] / a) ** 2 + ((y - cy) * SPACING[1] / b) ** 2 + ((z - cz) * SPACING[2] / c) ** 2)
    mask = (r2 <= 1.0).astype(np.uint8)
    # Soft tissue around -50..100 HU, air outside a body cylinder, a brighter tumour core.
    image = rng.normal(40.0, 25.0, size=SHAPE).astype(np.float32)
    body = ((x - cx) ** 2 + (y - cy) ** 2) <= (0.45 * SHAPE[2]) ** 2
    image = np.where(body, image, -1000.0 + rng.normal(0, 5, size=SHAPE)).astype(np.float32)
    image += (r2 <= 0.4) * 60.0
    image = np.clip(np.rint(image), -1024, 3071).astype(np.int16)
    (out / "image.nii.gz").write_bytes(gzip.compress(nifti_bytes(image, SPACING), compresslevel=6))
    (out / "mask.nii.gz").write_bytes(gzip.compress(nifti_bytes(mask, SPACING), compresslevel=6))
    print(f"{out}/image.nii.gz, {out}/mask.nii.gz: ROI of {int(mask.sum())} voxels")


if __name__ == "__main__":
    main()
