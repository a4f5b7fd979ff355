"""PyRadiomics parameter files from Python: config="params.yaml" gives PyRadiomics' columns and
values (tests/pyradiomics holds PyRadiomics' own outputs); the C++ suite checks every case."""

import csv

import pytest

import libradiomics
from conftest import CT_IMAGE, CT_MASK, ROOT

DATA = ROOT / "tests" / "pyradiomics"


def reference(name):
    with open(DATA / "reference" / name, newline="") as f:
        return {row["feature"]: float(row["value"]) for row in csv.DictReader(f)}


@pytest.mark.parametrize("params", ["default_original", "fbn32"])
def test_parameter_file_gives_pyradiomics_columns_and_values(params):
    row = libradiomics.extract(CT_IMAGE, CT_MASK, config=DATA / "params" / f"{params}.yaml")
    expected = reference(f"ct_phantom.{params}.csv")
    features = [k for k in row if k.startswith("original_")]
    assert features == list(expected)  # PyRadiomics' names, in PyRadiomics' order
    close = [k for k, v in expected.items() if row[k] == v or abs(row[k] - v) <= 1e-3 * abs(v)]
    assert len(close) >= 100, sorted(set(expected) - set(close))


def test_parameter_file_errors_and_settings():
    settings = libradiomics.effective_settings(DATA / "params" / "fbn32.yaml")
    assert settings["compatibility"] == "pyradiomics"
    assert settings["discretisation"] == {"method": "fixed_bin_number", "bin_count": 32}
    with pytest.raises(ValueError, match="families"):
        libradiomics.effective_settings({"compatibility": "pyradiomics", "families": ["glcm"]})


def test_parameter_file_key_without_counterpart_is_a_value_error(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("setting:\n  normalize: true\n")
    with pytest.raises(ValueError, match="setting.normalize"):
        libradiomics.extract(CT_IMAGE, CT_MASK, config=params)


def test_parameter_file_with_log_gives_filtered_image_columns(tmp_path):
    # imageType LoG: the IBSI 2 LoG filter's response map, under PyRadiomics' image type name.
    params = tmp_path / "params.yaml"
    params.write_text(
        "imageType:\n  Original: {}\n  LoG: {sigma: [1.0, 3.0]}\n"
        "featureClass:\n  shape: [VoxelVolume]\n  firstorder: [Mean, Variance]\n"
    )
    row = libradiomics.extract(CT_IMAGE, CT_MASK, config=params)
    features = [k for k in row if "_firstorder_" in k or "_shape_" in k]
    assert features == [
        "original_shape_VoxelVolume",
        "original_firstorder_Mean",
        "original_firstorder_Variance",
        "log-sigma-1-0-mm-3D_firstorder_Mean",
        "log-sigma-1-0-mm-3D_firstorder_Variance",
        "log-sigma-3-0-mm-3D_firstorder_Mean",
        "log-sigma-3-0-mm-3D_firstorder_Variance",
    ]
    # A finer LoG responds more strongly to the phantom's voxel-scale texture.
    assert row["log-sigma-1-0-mm-3D_firstorder_Variance"] > row["log-sigma-3-0-mm-3D_firstorder_Variance"] > 0
    settings = libradiomics.effective_settings(params)
    assert [f["prefix"] for f in settings["filtering"]["filters"]] == ["log-sigma-1-0-mm-3D", "log-sigma-3-0-mm-3D"]


def test_parameter_file_unknown_wavelet_is_a_value_error(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("imageType:\n  Wavelet: {wavelet: sym4}\n")
    with pytest.raises(ValueError, match="imageType.Wavelet.wavelet"):
        libradiomics.extract(CT_IMAGE, CT_MASK, config=params)
