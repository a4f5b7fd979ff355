"""libradiomics.filter: response maps of IBSI 2 filters as numpy arrays, from files or arrays,
and the filtered-feature columns of extract()."""

import gzip
import struct

import numpy as np
import pytest

import libradiomics

from conftest import DIGITAL_IMAGE, DIGITAL_MASK, PHANTOM

PHASE1 = PHANTOM / "configs" / "ibsi2" / "phase1"
CHECKERBOARD = PHANTOM / "ibsi2_phantoms" / "checkerboard" / "image.nii.gz"
IMPULSE = PHANTOM / "ibsi2_phantoms" / "impulse" / "image.nii.gz"


def read_nifti(path):
    """A .nii.gz volume as a float64 [z, y, x] array (NIfTI-1, no scaling), read with numpy only."""
    data = gzip.open(path).read()
    dim = struct.unpack("<8h", data[40:56])
    code = struct.unpack("<h", data[70:72])[0]
    offset = int(struct.unpack("<f", data[108:112])[0])
    dtype = {2: np.uint8, 4: np.int16, 16: np.float32, 64: np.float64}[code]
    count = dim[1] * dim[2] * dim[3]
    return np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(dim[3], dim[2], dim[1]).astype(float)


@pytest.mark.parametrize("case", ["1A4", "3B2", "5A1", "8A2"])
def test_file_input_matches_the_ibsi_consensus_map(case):
    phantom = {"1A4": CHECKERBOARD, "3B2": CHECKERBOARD, "5A1": IMPULSE, "8A2": CHECKERBOARD}[case]
    result = libradiomics.filter(phantom, PHASE1 / f"{case}.json")
    consensus = read_nifti(PHANTOM / "reference" / "ibsi2" / "phase1" / f"{case}.nii.gz")
    assert result.dtype == np.float32 and result.shape == consensus.shape == (64, 64, 64)
    assert np.abs(result - consensus).max() <= 0.01 * np.ptp(consensus)


def test_array_input_gives_the_same_map_as_the_file():
    image = read_nifti(CHECKERBOARD)
    config = {"filtering": {"filters": [{"type": "log", "sigma": 5.0, "boundary": "mirror"}]}}
    from_file = libradiomics.filter(CHECKERBOARD, config)
    from_array = libradiomics.filter(image, config, spacing=(2.0, 2.0, 2.0))
    np.testing.assert_allclose(from_array, from_file, atol=1e-5)
    # Spacing matters: sigma is in mm.
    assert np.abs(libradiomics.filter(image, config, spacing=(1.0, 1.0, 1.0)) - from_file).max() > 1.0


def test_a_2d_array_is_one_slice_and_gives_a_2d_map():
    image = np.zeros((32, 32), dtype=np.float32)
    image[16, 16] = 1.0
    result = libradiomics.filter(image, {"analysis": "2D", "filtering": {"filters": [{"type": "mean", "support": 3}]}},
                                 spacing=(1.0, 1.0))
    assert result.shape == (32, 32)
    assert result[15:18, 15:18] == pytest.approx(np.full((3, 3), 1 / 9))
    assert result.sum() == pytest.approx(1.0)


def test_the_configured_threads_give_the_same_map_to_the_bit():
    filters = {"filters": [{"type": "laws", "kernel": "L5E5E5", "rotation_invariant": True, "energy": True,
                            "delta": 2}]}
    one = libradiomics.filter(CHECKERBOARD, {"threads": 1, "filtering": filters})
    three = libradiomics.filter(CHECKERBOARD, {"threads": 3, "filtering": filters})
    assert one.tobytes() == three.tobytes()


def test_choosing_among_several_filters_by_prefix():
    config = {"filtering": {"filters": [{"type": "mean", "support": 3}, {"type": "log", "sigma": 4.0}]}}
    mean = libradiomics.filter(CHECKERBOARD, config, filter="mean_m3")
    log = libradiomics.filter(CHECKERBOARD, config, filter="log_s4")
    assert not np.allclose(mean, log)
    with pytest.raises(libradiomics.SettingsError, match="mean_m3, log_s4"):
        libradiomics.filter(CHECKERBOARD, config)
    with pytest.raises(libradiomics.SettingsError, match="no filter with prefix 'log_s2'"):
        libradiomics.filter(CHECKERBOARD, config, filter="log_s2")
    with pytest.raises(libradiomics.SettingsError, match="no filter"):
        libradiomics.filter(CHECKERBOARD, {})


def test_bad_input_names_the_problem():
    with pytest.raises(libradiomics.SettingsError, match=r"filtering\.filters\[0\]\.band"):
        libradiomics.filter(CHECKERBOARD, {"filtering": {"filters": [{"type": "wavelet", "wavelet": "db3", "band": "LLX"}]}})
    with pytest.raises(libradiomics.SettingsError, match=r"filtering\.filters\[0\]\.sigma"):
        libradiomics.filter(CHECKERBOARD, {"filtering": {"filters": [{"type": "log", "sigma": 0}]}})
    with pytest.raises(libradiomics.InputError, match=r"filtering\.filters\[0\]\.dimensions"):
        libradiomics.filter(np.zeros((1, 20, 20), np.float32), {"filtering": {"filters": [{"type": "log", "sigma": 1}]}},
                            spacing=(1, 1, 1))
    with pytest.raises(ValueError, match="spacing"):
        libradiomics.filter(np.zeros((4, 4, 4), np.float32), {"filtering": {"filters": [{"type": "mean", "support": 3}]}})
    with pytest.raises(FileNotFoundError):
        libradiomics.filter(PHANTOM / "missing.nii.gz", PHASE1 / "1A1.json")


def test_extract_gives_the_filtered_columns():
    row = libradiomics.extract(DIGITAL_IMAGE, DIGITAL_MASK, config={
        "families": ["morphology", "statistics"],
        "filtering": {"filters": [{"type": "mean", "support": 3}]}})
    assert "morph_volume" in row and "stat_mean" in row
    assert "mean_m3_stat_mean" in row and "mean_m3_morph_volume" not in row
    assert row["mean_m3_stat_mean"] != row["stat_mean"]
