"""extract_cohort(): many cases in a thread pool; a failing case keeps the others."""

import sys

import pytest

import libradiomics
from conftest import (DIGITAL_CONFIG, DIGITAL_IMAGE, DIGITAL_MASK, assert_batch_rows, feature_items, run_batch,
                      same_value, write_mixed_manifest)


def rows(tmp_path):
    return [
        {"id": "a", "image": DIGITAL_IMAGE, "mask": DIGITAL_MASK, "modality": "phantom"},
        {"id": "missing", "image": tmp_path / "none.nii.gz", "mask": DIGITAL_MASK},
        (str(DIGITAL_IMAGE), str(DIGITAL_MASK), 1, "c"),
        {"id": "bad_label", "image": DIGITAL_IMAGE, "mask": DIGITAL_MASK, "label": 9},
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_cohort_dataframe_keeps_order_and_errors(tmp_path, jobs):
    pandas = pytest.importorskip("pandas")
    calls = []
    table = libradiomics.extract_cohort(rows(tmp_path), config=DIGITAL_CONFIG, jobs=jobs,
                                        progress=lambda done, total, row: calls.append((done, total)))
    assert isinstance(table, pandas.DataFrame)
    assert list(table["id"]) == ["a", "missing", "c", "bad_label"]
    assert sorted(calls) == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert table.columns[0] == "id"
    errors = table["error"]
    assert errors.isna().tolist() == [True, False, True, False]
    assert errors[1].startswith("FileNotFoundError: ") and "none.nii.gz" in errors[1]
    assert errors[3].startswith("InputError: ")
    assert table.loc[0, "modality"] == "phantom"
    single = libradiomics.extract(DIGITAL_IMAGE, DIGITAL_MASK, config=DIGITAL_CONFIG)
    for tag, value in feature_items(single).items():
        assert same_value(float(table.loc[0, tag]), value, rel=0.0), tag
        assert same_value(float(table.loc[2, tag]), value, rel=0.0), tag


def test_cohort_from_dataframe(tmp_path):
    pandas = pytest.importorskip("pandas")
    manifest = pandas.DataFrame({"id": ["x", "y"], "image": [str(DIGITAL_IMAGE)] * 2,
                                 "mask": [str(DIGITAL_MASK)] * 2})
    manifest["label"] = [float("nan"), 1.0]  # an empty cell: the configuration's label
    table = libradiomics.extract_cohort(manifest, config=DIGITAL_CONFIG, jobs=2)
    assert list(table["id"]) == ["x", "y"] and table["error"].isna().all()
    assert list(table["label"]) == ["1", "1"]
    assert table.loc[0, "morph_volume"] == table.loc[1, "morph_volume"]


def test_cohort_without_pandas_is_list_of_dicts(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` raises ImportError
    result = libradiomics.extract_cohort(rows(tmp_path), config=DIGITAL_CONFIG)
    assert isinstance(result, list) and [r["id"] for r in result] == ["a", "missing", "c", "bad_label"]
    assert result[0]["error"] is None and result[1]["error"].startswith("FileNotFoundError")
    assert result[1]["image"].endswith("none.nii.gz")


def test_cohort_bad_config_raises_once():
    with pytest.raises(ValueError, match="no_such_key"):
        libradiomics.extract_cohort([(DIGITAL_IMAGE, DIGITAL_MASK)], config={"no_such_key": 1})


def test_cohort_bad_row_is_type_error():
    with pytest.raises(TypeError):
        libradiomics.extract_cohort([42])


def test_cohort_rows_are_the_rows_of_radiomics_batch(tmp_path, cli):
    """extract_cohort and `radiomics batch` share one engine: same columns, values and errors."""
    import csv
    import subprocess

    manifest = tmp_path / "manifest.csv"
    manifest.write_text("id,image,mask,label,site\n"
                        f"a,{DIGITAL_IMAGE},{DIGITAL_MASK},,x\n"
                        f"missing,{tmp_path / 'none.nii.gz'},{DIGITAL_MASK},,y\n"
                        f"bad_label,{DIGITAL_IMAGE},{DIGITAL_MASK},9,z\n")
    out = tmp_path / "batch.csv"
    done = subprocess.run([str(cli), "batch", "--quiet", "--manifest", str(manifest), "--config",
                           str(DIGITAL_CONFIG), "--output", str(out)], capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    with open(out, newline="") as f:
        batch = list(csv.DictReader(f))
    with open(manifest, newline="") as f:
        cases = [{k: v for k, v in row.items() if v != ""} for row in csv.DictReader(f)]
    python = libradiomics.extract_cohort(cases, config=DIGITAL_CONFIG, jobs=2)
    python = python.to_dict("records") if hasattr(python, "to_dict") else python
    assert [r["id"] for r in python] == [r["id"] for r in batch]
    for ours, theirs in zip(python, batch):
        for column, text in theirs.items():
            value = ours.get(column)
            if text == "":
                assert value is None or value != value or value == "", column  # absent / NaN
            elif isinstance(value, float):
                assert same_value(value, float(text), rel=0.0), column
            else:
                assert str(value) == text, column


def test_empty_cells_of_optional_columns_are_not_given(tmp_path):
    """An empty cell (NaN in a DataFrame, None, "") of label, roi, series or config means the
    column does not apply to that case; the other cases of the column keep their value."""
    import pandas

    manifest = pandas.read_csv(write_mixed_manifest(tmp_path))
    assert manifest["roi"].isna().sum() == 3 and manifest["label"].isna().sum() == 2
    table = libradiomics.extract_cohort(manifest)
    errors = table.set_index("id")["error"]
    assert errors.drop("missing").isna().all(), errors.to_dict()
    assert errors["missing"].startswith("FileNotFoundError"), errors["missing"]
    assert table.set_index("id").loc["ct_rtstruct", "roi"] == "GTV-1"
    rows = [{"id": "a", "image": DIGITAL_IMAGE, "mask": DIGITAL_MASK, "label": "", "roi": None, "series": float("nan"),
             "config": ""},
            {"id": "b", "image": DIGITAL_IMAGE, "mask": DIGITAL_MASK, "label": 1.0, "roi": "", "series": None}]
    table = libradiomics.extract_cohort(rows)
    assert table["error"].isna().all(), table["error"].tolist()


def test_mixed_manifest_columns_and_rows_equal_radiomics_batch(tmp_path, cli):
    """NIfTI cases with and without labels, an RTSTRUCT case and a failing one: the manifest's
    path and its DataFrame give the batch command's columns (roi, roi_number before error) and
    rows."""
    import pandas

    manifest = write_mixed_manifest(tmp_path)
    header, batch = run_batch(cli, manifest, tmp_path / "batch.csv")
    assert header.index("roi_number") == header.index("error") - 1
    assert_batch_rows(libradiomics.extract_cohort(manifest), header, batch)
    assert_batch_rows(libradiomics.extract_cohort(pandas.read_csv(manifest), jobs=2), header, batch)
