"""Bad input raises the built-in exception a Python user expects, with the library's message."""

import subprocess

import numpy as np
import pytest

import libradiomics
from conftest import DIGITAL_IMAGE, DIGITAL_MASK


def test_missing_image_is_file_not_found(tmp_path):
    missing = str(tmp_path / "no_such_image.nii.gz")
    with pytest.raises(FileNotFoundError, match="no_such_image"):
        libradiomics.extract(missing, DIGITAL_MASK)


def test_missing_file_message_equals_cli(cli, tmp_path):
    missing = str(tmp_path / "no_such_image.nii.gz")
    with pytest.raises(FileNotFoundError) as caught:
        libradiomics.extract(missing, str(DIGITAL_MASK))
    done = subprocess.run([str(cli), "extract", "--image", missing, "--mask", str(DIGITAL_MASK)],
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert done.stderr.strip() == f"radiomics: error: {caught.value}"


def test_missing_config_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        libradiomics.extract(DIGITAL_IMAGE, DIGITAL_MASK, config=tmp_path / "none.json")


def test_unreadable_file_is_os_error(tmp_path):
    garbage = tmp_path / "garbage.nii.gz"
    garbage.write_bytes(b"this is not an image" * 10)
    with pytest.raises(OSError) as caught:
        libradiomics.extract(garbage, DIGITAL_MASK)
    assert not isinstance(caught.value, FileNotFoundError)


def test_bad_config_key_is_value_error():
    with pytest.raises(ValueError, match="no_such_key") as caught:
        libradiomics.extract(DIGITAL_IMAGE, DIGITAL_MASK, config={"no_such_key": 1})
    assert isinstance(caught.value, libradiomics.SettingsError)
    with pytest.raises(ValueError, match="bin_width"):
        libradiomics.extract(DIGITAL_IMAGE, DIGITAL_MASK,
                             config={"discretisation": {"method": "fixed_bin_size", "bin_width": -5}})


def test_absent_label_is_value_error():
    with pytest.raises(ValueError) as caught:
        libradiomics.extract(DIGITAL_IMAGE, DIGITAL_MASK, label=7)
    assert isinstance(caught.value, libradiomics.InputError)
    with pytest.raises(ValueError):
        libradiomics.extract(DIGITAL_IMAGE, DIGITAL_MASK, label=1.5)


def test_geometry_mismatch_of_files_is_value_error(tmp_path):
    nib = pytest.importorskip("nibabel")
    mask = nib.load(str(DIGITAL_MASK))
    affine = mask.affine.copy()
    affine[:3, :3] *= 1.5  # same voxels, other spacing
    other = tmp_path / "mask_other_spacing.nii.gz"
    nib.save(nib.Nifti1Image(np.asanyarray(mask.dataobj), affine), str(other))
    with pytest.raises(ValueError):
        libradiomics.extract(DIGITAL_IMAGE, other)


def test_geometry_mismatch_of_arrays_is_value_error():
    image = np.zeros((4, 5, 6), dtype=np.float32)
    mask = np.ones((4, 5, 7), dtype=np.int32)
    with pytest.raises(ValueError, match="geometry"):
        libradiomics.extract(image, mask, spacing=(1, 1, 1))


def test_missing_spacing_is_value_error():
    image = np.arange(27, dtype=np.float32).reshape(3, 3, 3)
    with pytest.raises(ValueError, match="spacing"):
        libradiomics.extract(image, np.ones_like(image, dtype=np.int32))
    with pytest.raises(ValueError, match="spacing"):
        libradiomics.extract(image, np.ones_like(image, dtype=np.int32), spacing=(1, 0, 1))
    with pytest.raises(ValueError, match="spacing"):
        libradiomics.extract(image, np.ones_like(image, dtype=np.int32), spacing=(1, 1))


def test_spacing_with_files_is_value_error():
    with pytest.raises(ValueError, match="arrays only"):
        libradiomics.extract(DIGITAL_IMAGE, DIGITAL_MASK, spacing=(1, 1, 1))


def test_non_integer_mask_is_value_error():
    image = np.arange(27, dtype=np.float32).reshape(3, 3, 3)
    mask = np.full((3, 3, 3), 0.5)
    with pytest.raises(ValueError, match="integer"):
        libradiomics.extract(image, mask, spacing=(1, 1, 1))
    with pytest.raises(ValueError, match="integer"):
        libradiomics.extract(image, np.full((3, 3, 3), np.nan), spacing=(1, 1, 1))


def test_wrong_dimensions_is_value_error():
    with pytest.raises(ValueError, match="dimensions"):
        libradiomics.extract(np.zeros((2, 2, 2, 2)), np.ones((2, 2, 2, 2), int), spacing=(1, 1, 1))


def test_path_and_array_mixed_is_type_error():
    with pytest.raises(TypeError):
        libradiomics.extract(DIGITAL_IMAGE, np.ones((4, 4, 5), dtype=np.int32))


def test_empty_roi_is_value_error():
    image = np.arange(27, dtype=np.float32).reshape(3, 3, 3)
    with pytest.raises(ValueError):
        libradiomics.extract(image, np.zeros((3, 3, 3), dtype=np.int32), spacing=(1, 1, 1))


def test_integers_beyond_float_precision_are_value_error():
    # float32 holds integers exactly up to 2^24: 2^40 + 1 and 2^40 + 2 would become one value.
    image = (np.arange(27, dtype=np.int64) % 5 + (1 << 40)).reshape(3, 3, 3)
    mask = np.ones((3, 3, 3), dtype=np.int32)
    with pytest.raises(ValueError, match="exactly"):
        libradiomics.extract(image, mask, spacing=(1, 1, 1), config={"families": ["statistics"]})
    # Large integers that float32 does hold (a power of two) pass, as do small ones.
    exact = np.full((3, 3, 3), -(1 << 31), dtype=np.int64)
    exact[1, 1, 1] = 7
    row = libradiomics.extract(exact, mask, spacing=(1, 1, 1), config={"families": ["statistics"]})
    assert row["stat_max"] == 7.0


@pytest.mark.parametrize("spacing", [1e200, 1e150, 1e-9])
def test_implausible_spacing_is_value_error(spacing):
    # Was: a SIGSEGV inside Qhull (1e200), an infinite mesh area (1e150), std::length_error (1e-9).
    image = np.arange(27, dtype=np.float32).reshape(3, 3, 3)
    with pytest.raises(ValueError, match="spacing along x"):
        libradiomics.extract(image, np.ones((3, 3, 3), dtype=np.int32), spacing=(spacing,) * 3,
                             config={"families": ["morphology"]})
