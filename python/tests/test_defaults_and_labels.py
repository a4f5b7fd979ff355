"""Out of the box: no configuration on the bundled CT phantom and the sample cohort's CT, MR and
PET scans; several labels in one call."""

import csv
import math

import numpy as np
import pytest

import libradiomics
from conftest import CT_IMAGE, CT_MASK, ROOT, write_nifti

COHORT = ROOT / "examples" / "cohort"


def cohort_cases():
    with open(COHORT / "manifest.csv", newline="") as f:
        return [(row["id"], COHORT / row["image"], COHORT / row["mask"]) for row in csv.DictReader(f)]


@pytest.mark.parametrize("name,image,mask", [("ct_phantom", CT_IMAGE, CT_MASK)] + cohort_cases(),
                         ids=lambda x: x if isinstance(x, str) else "")
def test_no_configuration_gives_finite_features(name, image, mask):
    row = libradiomics.extract(image, mask)
    values = [v for v in row.values() if isinstance(v, float)]
    assert len(values) > 150
    finite = sum(math.isfinite(v) for v in values) / len(values)
    assert finite >= 0.9, (name, finite)


def labelled_volume():
    rng = np.random.default_rng(3)
    image = rng.normal(50, 10, size=(16, 16, 16)).astype(np.float32)
    mask = np.zeros(image.shape, dtype=np.int32)
    mask[2:7, 3:12, 3:12] = 4
    mask[9:14, 3:12, 3:12] = 9
    mask[7:9, 3:12, 3:12] = 2
    return image, mask


def test_several_labels_give_one_row_each_equal_to_single_calls():
    image, mask = labelled_volume()
    rows = libradiomics.extract(image, mask, spacing=(1, 1, 1), label=[9, 4])
    assert [r["label"] for r in rows] == ["9", "4"]
    for row in rows:
        single = libradiomics.extract(image, mask, spacing=(1, 1, 1), label=int(row["label"]))
        assert row.keys() == single.keys()
        for key, value in row.items():
            assert value == single[key] or (value != value and single[key] != single[key]), key
    every = libradiomics.extract(image, mask, spacing=(1, 1, 1), label="all")
    assert [r["label"] for r in every] == ["2", "4", "9"]
    # The configuration can ask for several labels too.
    assert len(libradiomics.extract(image, mask, spacing=(1, 1, 1), config={"label": "all"})) == 3


def test_an_absent_label_names_the_labels_present():
    image, mask = labelled_volume()
    with pytest.raises(libradiomics.InputError, match=r"label 5 not found.*2, 4, 9"):
        libradiomics.extract(image, mask, spacing=(1, 1, 1), label=[4, 5])
    for bad in ("some", [], [1.5], True):
        with pytest.raises(ValueError):
            libradiomics.extract(image, mask, spacing=(1, 1, 1), label=bad)


def test_label_zero_is_the_background_and_an_error():
    image, mask = labelled_volume()
    for zero in (0, [0, 2], "0"):
        with pytest.raises(libradiomics.SettingsError, match="0 is the background"):
            libradiomics.extract(image, mask, spacing=(1, 1, 1), label=zero)
    with pytest.raises(libradiomics.SettingsError, match="'label': 0 is the background"):
        libradiomics.extract(image, mask, spacing=(1, 1, 1), config={"label": 0})


def test_several_labels_from_files_and_the_cli(tmp_path, cli):
    import subprocess

    image, mask = labelled_volume()
    # The same volume as files, written by the CLI-independent path: numpy -> raw NIfTI header.
    image_path, mask_path = tmp_path / "image.nii", tmp_path / "mask.nii"
    write_nifti(image_path, image)
    write_nifti(mask_path, mask)
    rows = libradiomics.extract(image_path, mask_path, label="all")
    assert [r["label"] for r in rows] == ["2", "4", "9"]
    assert len({r["image_sha256"] for r in rows}) == 1
    out = tmp_path / "features.csv"
    done = subprocess.run([str(cli), "extract", "--image", str(image_path), "--mask", str(mask_path),
                           "--label", "4,9", "--output", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with open(out, newline="") as f:
        table = list(csv.DictReader(f))
    assert [r["label"] for r in table] == ["4", "9"]
    assert float(table[1]["stat_mean"]) == pytest.approx(rows[2]["stat_mean"], rel=1e-15)
    bad = subprocess.run([str(cli), "extract", "--image", str(image_path), "--mask", str(mask_path),
                          "--label", "4,x"], capture_output=True, text=True)
    assert bad.returncode != 0 and bad.stderr.count("\n") == 1 and "--label" in bad.stderr
