"""extract() on the IBSI digital phantom: the same values as the CLI's CSV, numpy input equal to
file input, and the registry."""

import csv
import io
import subprocess

import numpy as np
import pytest

import libradiomics
from conftest import (CT_CONFIG_C, DIGITAL_CONFIG, DIGITAL_IMAGE, DIGITAL_MASK, PHANTOM, feature_items,
                      same_value)


def test_version_is_the_library_version(digital_files):
    image, mask, config = digital_files
    row = libradiomics.extract(image, mask, config=config)
    assert libradiomics.__version__ == row["library_version"]
    assert libradiomics.__version__.count(".") == 2


def test_digital_phantom_equals_cli_csv(cli, digital_files):
    image, mask, config = digital_files
    row = libradiomics.extract(image, mask, config=config)
    done = subprocess.run([str(cli), "extract", "--image", image, "--mask", mask, "--config", config],
                          check=True, capture_output=True, text=True)
    header, values = list(csv.reader(io.StringIO(done.stdout)))
    cli_row = dict(zip(header, values))
    if (cli_row.get("git_revision"), cli_row.get("library_version")) != (row["git_revision"], row["library_version"]):
        pytest.skip(f"{cli} is another build (revision {cli_row.get('git_revision')}, this module "
                    f"{row['git_revision']}): point RADIOMICS_CLI to the CLI of this build")
    # Same columns in the same order: non-feature columns, warnings, features.
    assert list(row) == header
    assert len(feature_items(row)) > 0
    for column, text in zip(header, values):
        mine = row[column]
        if isinstance(mine, str):
            assert mine == text, column
        else:
            # The CSV writes the shortest text that reads back to the same double.
            assert same_value(mine, float(text), rel=0.0), f"{column}: {mine} vs {text}"


def test_digital_phantom_reference_values(digital_files):
    """Values survive the binding: two features every implementation state computes."""
    image, mask, config = digital_files
    row = libradiomics.extract(image, mask, config=config)
    references = {}
    with open(PHANTOM / "reference" / "digital_phantom.csv") as f:
        for r in csv.DictReader(f):
            if r["reference"]:
                references[r["tag"]] = (float(r["reference"]), float(r["tolerance"]))
    for tag in ("morph_volume", "stat_mean"):
        ref, tol = references[tag]
        # The IBSI rule: the value, or the value rounded to 3 significant digits, within tolerance.
        value = row[tag]
        assert abs(value - ref) <= tol or abs(float(f"{value:.3g}") - ref) <= tol, \
            f"{tag}: {value} vs {ref} +- {tol}"


def test_path_objects_and_label(digital_files):
    image, mask, config = digital_files
    by_str = libradiomics.extract(image, mask, config=config)
    by_path = libradiomics.extract(DIGITAL_IMAGE, DIGITAL_MASK, config=DIGITAL_CONFIG, label=1)
    assert by_path["label"] == "1"
    assert feature_items(by_str).keys() == feature_items(by_path).keys()
    assert all(same_value(by_str[k], by_path[k], rel=0.0) for k in feature_items(by_str))


def test_dict_config_equals_file_config(digital_files):
    import json
    image, mask, config = digital_files
    with open(config) as f:
        as_dict = json.load(f)
    a = libradiomics.extract(image, mask, config=config)
    b = libradiomics.extract(image, mask, config=as_dict)
    assert a["settings_digest"] == b["settings_digest"]
    assert all(same_value(a[k], b[k], rel=0.0) for k in feature_items(a))


def phantom_arrays():
    """The digital phantom as numpy arrays [z, y, x] (nibabel gives [x, y, z]) and its spacing."""
    nib = pytest.importorskip("nibabel")
    image = nib.load(str(DIGITAL_IMAGE))
    mask = nib.load(str(DIGITAL_MASK))
    spacing = tuple(float(s) for s in image.header.get_zooms()[:3])
    return (np.transpose(image.get_fdata(), (2, 1, 0)),
            np.transpose(np.asanyarray(mask.dataobj), (2, 1, 0)), spacing)


def test_numpy_input_equals_file_input(digital_files):
    image, mask, config = digital_files
    from_files = feature_items(libradiomics.extract(image, mask, config=config))
    image_zyx, mask_zyx, spacing = phantom_arrays()
    assert image_zyx.dtype == np.float64 and mask_zyx.dtype == np.int16  # both converted once
    # Float64 (converted), float32 C-contiguous (read in place), and a Fortran-ordered float32.
    variants = [image_zyx, np.ascontiguousarray(image_zyx, dtype=np.float32),
                np.asfortranarray(image_zyx, dtype=np.float32)]
    for variant in variants:
        row = libradiomics.extract(variant, mask_zyx, config=config, spacing=spacing)
        assert row["label"] == "1" and "image" not in row
        values = feature_items(row)
        assert values.keys() == from_files.keys()
        for tag, value in from_files.items():
            assert same_value(values[tag], value), f"{tag}: {values[tag]} vs {value}"


def test_float32_image_is_read_in_place():
    image = np.zeros((3, 4, 5), dtype=np.float32)
    assert libradiomics._as_volume(image, np.float32, "image") is image
    mask = np.ones((3, 4, 5), dtype=np.int32)
    assert libradiomics._as_volume(mask, np.int32, "mask") is mask
    assert libradiomics._as_volume(image.astype(np.float64), np.float32, "image").dtype == np.float32
    assert libradiomics._as_volume(mask.astype(bool), np.int32, "mask").dtype == np.int32
    assert libradiomics._as_volume(np.ones((4, 5), np.float32), np.float32, "image").shape == (1, 4, 5)


def test_integer_valued_float_mask_is_accepted(digital_files):
    image, mask, config = digital_files
    image_zyx, mask_zyx, spacing = phantom_arrays()
    a = libradiomics.extract(image_zyx, mask_zyx, config=config, spacing=spacing)
    b = libradiomics.extract(image_zyx, mask_zyx.astype(np.float64), config=config, spacing=spacing)
    assert all(same_value(a[k], b[k], rel=0.0) for k in feature_items(a))


def test_features_registry():
    registry = libradiomics.features()
    assert len(registry) > 100
    tags = [f["tag"] for f in registry]
    assert len(tags) == len(set(tags))
    by_family = {}
    for f in registry:
        assert set(f) == {"tag", "ibsi_id", "family", "name", "formula", "aggregations"}
        assert len(f["ibsi_id"]) == 4 and f["name"]
        by_family.setdefault(f["family"], []).append(f)
    assert by_family["morphology"][0]["aggregations"] == []
    assert by_family["glcm"][0]["aggregations"] == ["2D_avg", "2D_comb", "2_5D_avg", "2_5D_comb", "3D_avg", "3D_comb"]
    assert by_family["glszm"][0]["aggregations"] == ["2D", "2_5D", "3D"]
    volume = next(f for f in registry if f["tag"] == "morph_volume")
    assert volume["ibsi_id"] == "RNU0" and volume["family"] == "morphology"


def test_extracted_tags_are_registered(digital_files):
    image, mask, config = digital_files
    known = set()
    for f in libradiomics.features():
        known.add(f["tag"])
        known.update(f["tag"] + "_" + a for a in f["aggregations"])
    extracted = set(feature_items(libradiomics.extract(image, mask, config=config)))
    assert extracted <= known, sorted(extracted - known)[:10]


def test_effective_settings_fill_defaults():
    settings = libradiomics.effective_settings({"label": 2})
    assert settings["label"] == 2
    assert settings["analysis"] == "3D"
    assert settings["discretisation"] == {"method": "fixed_bin_number", "bin_count": 32}
    assert settings["ivh_discretisation"] == {"method": "fixed_bin_number", "bin_count": 1000}
    ct = libradiomics.effective_settings({"modality": "CT"})
    assert ct["discretisation"] == {"method": "fixed_bin_size", "bin_width": 25.0, "lower_bound": None,
                                    "grey_levels": "highest_present"}
    assert ct["ivh_discretisation"] == {"method": "none"}
    assert libradiomics.effective_settings({"label": "all"})["label"] == "all"
    assert libradiomics.effective_settings({"label": [3, 1]})["label"] == [3, 1]


def test_effective_settings_show_every_key_and_read_back():
    settings = libradiomics.effective_settings()
    # Stages that are off and unset values are null, not missing.
    assert settings["compatibility"] == "ibsi"
    assert settings["interpolation"] is None and settings["filtering"] is None
    assert settings["memory_limit_gb"] is None
    assert settings["resegmentation"] == {"range": None, "outlier_sigma": None}
    # What it prints is a configuration giving the same settings.
    for config in (None, {"modality": "CT", "interpolation": {"spacing": 2}}, CT_CONFIG_C, DIGITAL_CONFIG):
        printed = libradiomics.effective_settings(config)
        assert libradiomics.effective_settings(printed) == printed
