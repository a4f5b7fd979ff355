"""DICOM masks through Python: extract(..., roi=...), rois(), series=. The RTSTRUCT/SEG study is
written by the build's `write_dicom_cases` program (tests/support/dicom_cases.hpp), the CT
phantom's DICOM copy is in the repository."""

import json
import os
import subprocess
from pathlib import Path

import pytest

import libradiomics
from conftest import CT_IMAGE, CT_MASK, PHANTOM, feature_items, find_cli, same_value

CT_SERIES = PHANTOM / "ct_phantom" / "dicom" / "image"
CT_RTSTRUCT = PHANTOM / "ct_phantom" / "dicom" / "mask" / "DCM_RS_00060.dcm"
SMALL = {"families": ["morphology", "statistics"]}


def find_writer():
    if os.environ.get("RADIOMICS_WRITE_DICOM_CASES"):
        return Path(os.environ["RADIOMICS_WRITE_DICOM_CASES"])
    cli = find_cli()
    if cli is not None:
        candidate = cli.parents[1] / "tests" / "write_dicom_cases"
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    writer = find_writer()
    if writer is None:
        pytest.skip("write_dicom_cases is not built next to this package (build the C++ tests, or "
                    "set RADIOMICS_WRITE_DICOM_CASES=<build>/tests/write_dicom_cases)")
    folder = tmp_path_factory.mktemp("dicom")
    subprocess.run([str(writer), str(folder)], check=True, capture_output=True)
    return json.loads((folder / "cases.json").read_text())


def test_ct_phantom_rtstruct_equals_the_nifti_mask():
    row = libradiomics.extract(CT_SERIES, CT_RTSTRUCT, config=SMALL)  # the only ROI
    assert isinstance(row, dict)
    assert list(row)[:2] == ["roi", "roi_number"]
    assert row["roi"] == "GTV-1" and row["roi_number"] == "1"
    nifti = libradiomics.extract(CT_IMAGE, CT_MASK, config=SMALL)
    for tag, value in feature_items(nifti).items():
        # Same voxels; spacings differ in the last digits (DICOM strings vs NIfTI float32).
        assert same_value(row[tag], value, rel=1e-6), tag
    assert libradiomics.rois(CT_RTSTRUCT, image=CT_SERIES) == [
        {"number": 1, "name": "GTV-1", "slices": 26, "voxels": 125256}]
    assert libradiomics.rois(CT_RTSTRUCT)[0]["voxels"] is None


def test_roi_selection_returns_one_dict_or_a_list(study):
    image, rtstruct = study["series"], study["rtstruct"]
    one = libradiomics.extract(image, rtstruct, config=SMALL, roi="box")
    assert isinstance(one, dict) and one["roi"] == "box"
    by_number = libradiomics.extract(image, rtstruct, config=SMALL, roi=10)
    assert feature_items(by_number) == feature_items(one)
    rows = libradiomics.extract(image, rtstruct, config=SMALL, roi="all")
    assert [r["roi"] for r in rows] == study["roi_names"]
    assert feature_items(rows[0]) == feature_items(one), "each row equals a single-ROI run"
    pair = libradiomics.extract(image, rtstruct, config=SMALL, roi=["one slice", "box"])
    assert [r["roi"] for r in pair] == ["one slice", "box"]
    for row in rows:
        voxels = study["voxels"][row["roi"]]
        assert row["morph_vol_approx"] == pytest.approx(voxels * 1.0 * 1.5 * 2.0), row["roi"]


def test_rois_lists_rtstruct_seg_and_label_maps(study):
    listed = libradiomics.rois(study["rtstruct"], image=study["series"])
    assert [r["name"] for r in listed] == study["roi_names"]
    for r in listed:
        assert r["voxels"] == study["voxels"][r["name"]]
    seg = libradiomics.rois(study["seg"])
    assert [(r["number"], r["name"]) for r in seg] == [(1, "box"), (2, "islands")]
    assert seg[1]["voxels"] == study["voxels"]["islands"]
    labels = libradiomics.rois(CT_MASK)
    assert labels == [{"number": 1, "name": "1", "slices": 26, "voxels": 125256}]


def test_seg_segments_by_label(study):
    row = libradiomics.extract(study["series"], study["seg_fractional"], config=SMALL, roi="gradient")
    assert row["morph_vol_approx"] == pytest.approx(study["voxels"]["gradient"] * 3.0)


def test_absent_roi_names_the_ones_present(study):
    with pytest.raises(libradiomics.InputError, match="no ROI 'GTV'.*10 'box'"):
        libradiomics.extract(study["series"], study["rtstruct"], roi="GTV")
    with pytest.raises(libradiomics.InputError, match="--roi"):
        libradiomics.extract(study["series"], study["rtstruct"])  # several ROIs, none chosen


def test_roi_and_series_are_for_files():
    import numpy as np
    with pytest.raises(ValueError, match="DICOM files"):
        libradiomics.extract(np.ones((3, 3, 3)), np.ones((3, 3, 3), dtype=np.int32),
                             spacing=(1, 1, 1), roi="GTV")
    with pytest.raises(TypeError):
        libradiomics.extract(CT_SERIES, CT_RTSTRUCT, roi=True)


def test_an_absent_series_is_an_error_listing_those_present():
    with pytest.raises(libradiomics.InputError, match=r"no DICOM series 1.2.3 here; the folder holds [0-9.]+ \(CT, 60 files\)"):
        libradiomics.extract(CT_SERIES, CT_RTSTRUCT, config=SMALL, series="1.2.3")


def test_cohort_rows_take_a_roi(study):
    table = libradiomics.extract_cohort(
        [{"id": "a", "image": study["series"], "mask": study["rtstruct"], "roi": "box"},
         {"id": "b", "image": study["series"], "mask": study["rtstruct"], "roi": "all"}],
        config=SMALL)
    rows = table.to_dict("records") if hasattr(table, "to_dict") else table
    assert rows[0]["roi"] == "box" and (not isinstance(rows[0].get("error"), str))
    # "all" gives one row per ROI of the case, as `radiomics batch` does.
    b_rows = [r for r in rows if r["id"] == "b"]
    assert len(b_rows) > 1 and b_rows[0]["roi"] == "box"
    assert all(not isinstance(r.get("error"), str) for r in b_rows)
    assert len({r["roi"] for r in b_rows}) == len(b_rows)
