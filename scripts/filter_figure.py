#!/usr/bin/env python3
"""Draws docs/figures/filter_responses.png: the central axial slice of the IBSI 2 checkerboard
phantom and of its response maps to one filter of each family, as computed by `radiomics filter`
(the project's own output). Needs only numpy (no matplotlib): the PNG is written with zlib.

    /usr/bin/python3 scripts/filter_figure.py [--cli build/cli/radiomics] [--output docs/figures/filter_responses.png]
"""

import argparse
import gzip
import json
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PHANTOM = ROOT / "ibsi_phantom" / "ibsi2_phantoms" / "checkerboard" / "image.nii.gz"

# Panels, row by row: (caption, filter). The captions are listed in docs/filters.md.
PANELS = [
    ("image", None),
    ("mean, support 5", {"type": "mean", "support": 5}),
    ("LoG, sigma 5 mm", {"type": "log", "sigma": 5.0}),
    ("Laws E3W5R5 energy, rotation invariant", {"type": "laws", "kernel": "E3W5R5", "energy": True, "delta": 7,
                                               "rotation_invariant": True}),
    ("Gabor sigma 10 mm, lambda 32 mm, 8 orientations", {"type": "gabor", "sigma": 10.0, "gamma": 1.0, "lambda": 32.0,
                                                        "theta_step": 45.0}),
    ("Haar HHH level 2, rotation invariant", {"type": "wavelet", "wavelet": "haar", "band": "HHH", "level": 2,
                                              "rotation_invariant": True}),
    ("db3 LLH level 2, rotation invariant", {"type": "wavelet", "wavelet": "db3", "band": "LLH", "level": 2,
                                             "rotation_invariant": True}),
    ("Simoncelli level 2", {"type": "simoncelli", "level": 2}),
]


def read_nifti(path):
    """A NIfTI-1 volume as a float64 [z, y, x] array (no scaling), with numpy only."""
    data = gzip.open(path).read()
    dim = struct.unpack("<8h", data[40:56])
    code = struct.unpack("<h", data[70:72])[0]
    offset = int(struct.unpack("<f", data[108:112])[0])
    dtype = {2: np.uint8, 4: np.int16, 16: np.float32, 64: np.float64}[code]
    count = dim[1] * dim[2] * dim[3]
    return np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(dim[3], dim[2], dim[1]).astype(float)


def write_png(path, grey):
    """An 8-bit greyscale PNG (filter type 0 on every row)."""
    height, width = grey.shape
    raw = b"".join(b"\x00" + grey[row].astype(np.uint8).tobytes() for row in range(height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    Path(path).write_bytes(png)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", default=str(ROOT / "build" / "cli" / "radiomics"))
    parser.add_argument("--output", default=str(ROOT / "docs" / "figures" / "filter_responses.png"))
    args = parser.parse_args()
    tiles = []
    with tempfile.TemporaryDirectory() as tmp:
        for caption, flt in PANELS:
            if flt is None:
                volume = read_nifti(PHANTOM)
            else:
                config = Path(tmp) / "config.json"
                config.write_text(json.dumps({"filtering": {"filters": [flt]}}))
                out = Path(tmp) / "map.nii.gz"
                subprocess.run([args.cli, "filter", "--image", str(PHANTOM), "--config", str(config), "--output", str(out)],
                               check=True, stderr=subprocess.DEVNULL)
                volume = read_nifti(out)
            plane = volume[volume.shape[0] // 2][::-1]  # central axial slice, y up
            lo, hi = plane.min(), plane.max()
            tile = np.zeros_like(plane) if hi == lo else (plane - lo) / (hi - lo) * 255.0
            tile = np.kron(tile, np.ones((3, 3)))  # 3x larger pixels
            tiles.append(np.pad(tile, 4, constant_values=255))
            print(f"{caption}: range [{lo:.4g}, {hi:.4g}]")
    rows = [np.hstack(tiles[i:i + 4]) for i in range(0, len(tiles), 4)]
    write_png(args.output, np.vstack(rows))
    print("wrote", args.output)


if __name__ == "__main__":
    main()
