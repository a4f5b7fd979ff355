"""libradiomics: IBSI-compliant radiomics feature extraction.

A thin layer over the C++ core that the ``radiomics`` command-line program uses, so that the
values are the very numbers the CLI writes to CSV.

    >>> import libradiomics
    >>> row = libradiomics.extract("image.nii.gz", "mask.nii.gz", config="settings.json")
    >>> row["morph_volume"]

* :func:`extract` -- one image and mask (files or numpy arrays) -> dict
* :func:`extract_cohort` -- many cases in a thread pool -> pandas DataFrame
* :func:`filter` -- the response map of a configured IBSI 2 filter -> numpy array
* :func:`features` -- the feature registry (tag, IBSI identifier, family, formula)
* :func:`rois` -- the ROIs of a DICOM RTSTRUCT/SEG file, or the labels of a label map

Errors: a missing file raises :class:`FileNotFoundError`, an unreadable one :class:`OSError`,
bad input or settings :class:`ValueError` (subclasses :class:`InputError` and
:class:`SettingsError`).
"""

from __future__ import annotations

import concurrent.futures
import json
import numbers
import os
import re
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

from . import _libradiomics
from ._libradiomics import InputError, SettingsError

# Shown as libradiomics.InputError in tracebacks, where users look for them.
InputError.__module__ = SettingsError.__module__ = __name__

__version__: str = _libradiomics.version()
__git_revision__: str = _libradiomics.git_revision()

__all__ = [
    "extract",
    "extract_cohort",
    "filter",
    "features",
    "rois",
    "effective_settings",
    "InputError",
    "SettingsError",
    "__version__",
]

PathLike = Union[str, "os.PathLike[str]"]
Config = Union[None, Mapping[str, Any], PathLike]

# Columns a cohort row carries besides the extracted ones.
_CASE_KEYS = ("image", "mask", "label", "id", "spacing", "config", "roi", "series")


def _settings(config: Config) -> "_libradiomics.Settings":
    """Parses a configuration once: None (defaults), a dict, or the path of a JSON file or of a
    PyRadiomics parameter file (.yaml/.yml, PyRadiomics mode)."""
    if config is None:
        return _libradiomics.Settings()
    if isinstance(config, Mapping):
        return _libradiomics.Settings.from_json_text(json.dumps(config))
    if isinstance(config, _libradiomics.Settings):
        return config
    if isinstance(config, (str, os.PathLike)):
        return _libradiomics.Settings.from_file(os.fspath(config))
    raise TypeError(f"config must be None, a dict or a path to a JSON or YAML file, not {type(config).__name__}")


def effective_settings(config: Config = None) -> dict:
    """The settings in effect for ``config``, every key with its default filled in."""
    return json.loads(_settings(config).to_json_text())


def _is_path(x: Any) -> bool:
    return isinstance(x, (str, os.PathLike))


Label = Union[None, int, str, Sequence[int]]


def _one_label(label: Any) -> str:
    if isinstance(label, bool) or not isinstance(label, numbers.Real) or int(label) != label:
        raise ValueError(f"label must be an integer, a list of integers or \"all\", got {label!r}")
    return str(int(label))


def _labels(label: Label) -> tuple:
    """The label selection as the core's text ("3", "1,3,7", "all"; None: the configuration's)
    and whether the caller asked for several rows (a list or "all")."""
    if label is None:
        return None, False
    if isinstance(label, str):  # "all", or a label / labels as text ("3", "1,3,7": manifests)
        text = label.strip()
        if text != "all" and not re.fullmatch(r"-?\d+(,-?\d+)*", text):
            raise ValueError(f"label must be an integer, a list of integers or \"all\", got {label!r}")
        return text, text == "all" or "," in text
    if isinstance(label, Iterable):
        items = [_one_label(x) for x in label]
        if not items:
            raise ValueError("label: the list of labels is empty")
        return ",".join(items), True
    return _one_label(label), False


def _spacing(spacing: Optional[Sequence[float]], ndim: int):
    import math

    if spacing is None:
        raise ValueError(
            "spacing (x, y, z) in mm is required for numpy input: arrays carry no geometry")
    values = [float(s) for s in spacing]
    if ndim == 2 and len(values) == 2:
        values.append(1.0)
    if len(values) != 3:
        raise ValueError(f"spacing must hold 3 values (x, y, z) in mm, got {len(values)}")
    if not all(math.isfinite(s) and s > 0 for s in values):
        raise ValueError(f"spacing must be positive and finite, got {tuple(values)}")
    return values


def _as_volume(array, dtype, what: str):
    """A C-contiguous 3D array of ``dtype`` ([z, y, x]); the same object, not a copy, when the
    input already is one. 2D arrays (y, x) become one slice."""
    import numpy as np

    array = np.asarray(array)
    if array.ndim == 2:
        array = array[np.newaxis]
    if array.ndim != 3:
        raise ValueError(f"{what} must be a 2D (y, x) or 3D (z, y, x) array, got {array.ndim} dimensions")
    if dtype is np.int32 and array.dtype != np.int32:
        if array.dtype.kind == "b":
            pass
        elif array.dtype.kind == "f":
            if not np.all(np.isfinite(array)) or not np.array_equal(array, np.round(array)):
                raise ValueError("mask must hold integer labels; found non-integer values")
        elif array.dtype.kind not in "iu":
            raise ValueError(f"mask must hold integer labels, got dtype {array.dtype}")
        if array.size and array.dtype.kind != "b":
            lo, hi = array.min(), array.max()
            if lo < np.iinfo(np.int32).min or hi > np.iinfo(np.int32).max:
                raise ValueError(f"mask labels must fit in 32-bit integers, got range [{lo}, {hi}]")
    if dtype is np.float32 and array.dtype.kind in "iu" and array.dtype.itemsize >= 4 and array.size:
        # float32 holds integers exactly up to 2^24 only; a rounded voxel would merge grey levels.
        wide = array[(array > (1 << 24)) | (array < -(1 << 24))]
        if wide.size:
            rounded = wide.astype(np.float32).astype(np.longdouble) != wide.astype(np.longdouble)
            if np.any(rounded):
                raise ValueError(f"{what}: integer intensity {wide[rounded][0]} cannot be represented exactly "
                                 "as a 32-bit float (integers are exact up to 2^24 = 16777216 in magnitude); "
                                 "rescale the intensities or pass a float array")
    # One conversion at most; a float32 / int32 C-contiguous array passes through untouched.
    return np.ascontiguousarray(array, dtype=dtype)


RoiSelection = Union[None, str, int, Sequence[Union[str, int]]]


def _roi_list(roi: RoiSelection) -> list:
    """ROI names/numbers as the core takes them: a str is one name (or "all"), an int a number."""
    if roi is None:
        return []
    if isinstance(roi, bool):
        raise TypeError("roi must be a name, a number, a list of them or 'all'")
    if isinstance(roi, str):
        return [roi]
    if isinstance(roi, numbers.Real) and float(roi).is_integer():  # 2, numpy's int64, 2.0 (a DataFrame's
        return [str(int(roi))]                                       # number column with empty cells)
    if isinstance(roi, Sequence):
        if not roi:
            raise ValueError("roi: empty list")
        return [_roi_list(r)[0] for r in roi]
    raise TypeError(f"roi must be a name, a number, a list of them or 'all', not {type(roi).__name__}")


def extract(image: Union[PathLike, Any], mask: Union[PathLike, Any], config: Config = None,
            label: Label = None, spacing: Optional[Sequence[float]] = None,
            origin: Optional[Sequence[float]] = None,
            direction: Optional[Sequence[float]] = None, roi: RoiSelection = None,
            series: Optional[str] = None) -> Union[dict, list]:
    """Extracts the features of one image and mask.

    Args:
        image, mask: file paths (NIfTI, NRRD, MetaImage, DICOM folder) or numpy arrays indexed
            [z, y, x] as ITK / SimpleITK give them (nibabel gives [x, y, z]: transpose first).
            A float32 C-contiguous image and an int32 C-contiguous mask are read in place; other
            arrays are converted once. Masks must hold integer labels.
        config: None (defaults), a dict with the JSON configuration, a JSON file path, or a
            PyRadiomics parameter file path (.yaml/.yml: PyRadiomics' features and column names).
        label: mask label forming the ROI (an integer), several labels (a list: one row each)
            or ``"all"`` (every non-zero label, ascending); overrides the configuration's
            (default 1). The image is read once for all labels.
        spacing: voxel spacing (x, y, z) in mm; required for arrays, not allowed for files.
        origin, direction: optional geometry of arrays (x, y, z origin in mm; 9 row-major
            direction cosines); features do not depend on them.
        roi: for a DICOM RTSTRUCT or SEG mask: an ROI name or number, a list of them, or
            "all". A list or "all" returns a list of dicts, one per ROI; each starts with
            ``roi`` (name) and ``roi_number``. None: the file's only ROI (an error lists them
            when there are several).
        series: DICOM Series Instance UID, when the image folder holds several series.

    Returns:
        A dict in the CSV's column order: the non-feature columns as strings (paths and
        checksums for files, label, library version, settings digest), ``warnings`` (one string,
        joined with "; "), then every feature tag with its float value (NaN when undefined).
        For a list of labels or ``"all"`` (here or in the configuration), or a list of ROIs or
        ``roi="all"``: a list of such dicts, one per label or ROI (``pandas.DataFrame(rows)``
        makes a table of it).

    Raises:
        FileNotFoundError, OSError, ValueError (InputError, SettingsError), TypeError.
    """
    settings = _settings(config)
    label, several = _labels(label)
    if label is None:
        several = settings.several_labels()
    if roi is not None or series is not None or (_is_path(mask) and _libradiomics.is_roi_file(os.fspath(mask))):
        if not (_is_path(image) and _is_path(mask)):
            raise ValueError("roi and series apply to DICOM files, not to arrays")
        if spacing is not None or origin is not None or direction is not None:
            raise ValueError("spacing, origin and direction apply to arrays only; files carry their own geometry")
        rows = _libradiomics.extract_rois(settings, os.fspath(image), os.fspath(mask), _roi_list(roi),
                                          series or "", label)
        several = roi == "all" or (isinstance(roi, Sequence) and not isinstance(roi, str))
        return rows if several else rows[0]
    rows = _extract_rows(settings, image, mask, label, spacing, origin, direction)
    return rows if several else rows[0]


def _roi_text(roi: RoiSelection) -> str:
    """An ROI selection as a manifest cell: "GTV-1", "1,3", "all" (empty: the only ROI)."""
    return ",".join(_roi_list(roi))


def _extract_rows(settings, image, mask, label: Optional[str], spacing, origin, direction) -> list:
    """One dict per label of the selection (the core's label text, or None)."""
    if _is_path(image) and _is_path(mask):
        if spacing is not None or origin is not None or direction is not None:
            raise ValueError("spacing, origin and direction apply to arrays only; files carry their own geometry")
        return _libradiomics.extract_files(settings, os.fspath(image), os.fspath(mask), label)
    if _is_path(image) or _is_path(mask):
        raise TypeError("image and mask must both be file paths or both be arrays")
    import numpy as np

    image_array = _as_volume(image, np.float32, "image")
    mask_array = _as_volume(mask, np.int32, "mask")
    geometry_spacing = _spacing(spacing, np.ndim(image))
    geometry_origin = [0.0, 0.0, 0.0] if origin is None else [float(v) for v in origin]
    geometry_direction = ([1.0, 0, 0, 0, 1.0, 0, 0, 0, 1.0] if direction is None
                          else [float(v) for v in np.ravel(direction)])
    if len(geometry_origin) != 3 or len(geometry_direction) != 9:
        raise ValueError("origin needs 3 values (x, y, z) and direction 9 (a row-major 3x3 matrix)")
    return _libradiomics.extract_arrays(settings, image_array, mask_array, geometry_spacing,
                                        geometry_origin, geometry_direction, label)


# The optional keys of a cohort row; an empty value means "not given", as an empty manifest cell.
_OPTIONAL_KEYS = ("label", "id", "spacing", "config", "roi", "series")


def _missing(value: Any) -> bool:
    """An empty cell: None, "" (or blanks), NaN (pandas' empty cell), pandas.NA or NaT."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return value != value
    return type(value).__name__ in ("NAType", "NaTType")


def _case(row: Union[Mapping[str, Any], Sequence[Any]]) -> dict:
    """A cohort row as a dict: (image, mask[, label[, id]]) tuples or dicts with those keys."""
    if isinstance(row, Mapping):
        case = dict(row)
    elif isinstance(row, Sequence) and not isinstance(row, (str, bytes)) and 2 <= len(row) <= 4:
        case = dict(zip(("image", "mask", "label", "id"), row))
    else:
        raise TypeError(f"a cohort row is a dict or an (image, mask[, label[, id]]) tuple, got {row!r}")
    for key in _OPTIONAL_KEYS:  # an empty cell (None, "", a DataFrame's NaN): not given
        if key in case and _missing(case[key]):
            del case[key]
    if "image" not in case or "mask" not in case:
        raise ValueError(f"a cohort row needs 'image' and 'mask', got keys {sorted(case)}")
    return case


def _cases(rows) -> list:
    """Cohort rows as case dicts: a manifest path, a DataFrame, or an iterable of rows."""
    if _is_path(rows):
        return [_case(row) for row in _libradiomics.read_manifest(os.fspath(rows))]
    if hasattr(rows, "to_dict") and hasattr(rows, "columns"):  # a DataFrame iterates its columns
        rows = rows.to_dict("records")
    return [_case(row) for row in rows]


def _run_case(settings, case: dict) -> list:
    """The rows of one cohort case (one per label asked): the case's own columns (id first),
    then the extracted ones, or one row whose ``error`` says why the case failed. Cases from
    files go through the engine of ``radiomics batch`` (same rows, same errors); arrays through
    :func:`extract`, with the same row layout."""
    out = {"id": case["id"]} if case.get("id") is not None else {}
    out.update((k, v) for k, v in case.items() if k not in _CASE_KEYS)
    try:
        label, _ = _labels(case.get("label"))
        if _is_path(case["image"]) and _is_path(case["mask"]) and case.get("spacing") is None:
            rows = _libradiomics.extract_case(settings, os.fspath(case["image"]), os.fspath(case["mask"]),
                                              label or "", os.fspath(case.get("config") or ""),
                                              _roi_text(case.get("roi")), case.get("series") or "")
            # The batch engine's row, less its id (ours comes first); an empty `error` is None
            # (also in a DataFrame, where isna() is true for it as for a batch CSV's empty cell).
            return [{**out, **{k: (None if k == "error" and v == "" else v) for k, v in row.items() if k != "id"}}
                    for row in rows]
        if case.get("config") is not None:
            settings = _settings(case["config"])
        if case.get("roi") is not None or case.get("series") is not None:
            raise ValueError("roi and series apply to DICOM files, not to arrays")
        rows = _extract_rows(settings, case["image"], case["mask"], label, case.get("spacing"), None, None)
        return [{**out, **_with_error_column(row)} for row in rows]
    except Exception as error:  # a failing case must not lose the others
        for key in ("image", "mask", "label", "roi"):
            if case.get(key) is not None and not hasattr(case[key], "shape"):
                out[key] = _cell(key, case[key])
        out["error"] = f"{type(error).__name__}: {error}"
    return [out]


def _cell(key: str, value: Any) -> Any:
    """A failed case's image, mask, label or roi as the batch command writes it: paths as text,
    the label and the ROIs as the core reads them ("2" for 2 or 2.0, "1,3" for [1, 3])."""
    if _is_path(value) and key in ("image", "mask"):
        return os.fspath(value)
    try:
        return _labels(value)[0] if key == "label" else _roi_text(value) if key == "roi" else value
    except (TypeError, ValueError):  # the bad value that failed the case: shown as given
        return value


def _with_error_column(row: dict) -> dict:
    """An extracted row with ``error`` = None just before ``warnings``, where batch rows have it."""
    out = {}
    for key, value in row.items():
        if key == "warnings":
            out["error"] = None
        out[key] = value
    return out


def extract_cohort(rows: Iterable[Union[Mapping[str, Any], Sequence[Any]]], config: Config = None,
                   jobs: Optional[int] = 1,
                   progress: Optional[Callable[[int, int, dict], None]] = None):
    """Extracts the features of many cases, ``jobs`` at a time.

    Args:
        rows: dicts with ``image`` and ``mask`` (paths or arrays; arrays need ``spacing``) and
            optionally ``label``, ``id``, ``config`` (a per-case configuration file), ``roi``
            (ROIs of an RTSTRUCT/SEG mask: a name, a number, a list or "all") and ``series`` (a
            DICOM Series Instance UID); other keys (``modality``...) are copied to the output.
            An empty optional value (None, "", or NaN: a DataFrame's empty cell) is not given.
            Tuples (image, mask[, label[, id]]), a pandas DataFrame, or the path of a manifest
            CSV (as ``radiomics batch`` reads it) work too.
        config: as for :func:`extract`, parsed once for the whole cohort.
        jobs: worker threads (extraction runs without the GIL); None or 0: one per CPU this
            process may use.
        progress: called as ``progress(done, total, row)`` after each case, in the calling
            thread.

    Returns:
        A pandas DataFrame (one row per case and label, input order) when pandas is available,
        else a list of dicts: the rows of ``radiomics batch`` for the same cases, the
        DataFrame's columns in its order. A case that fails has its exception's type and
        message in ``error`` (None for the others; ``isna()`` is true for it) and no features;
        the others are unaffected.
    """
    cases = _cases(rows)
    settings = _settings(config)  # a bad configuration fails every case: raise it once, now
    workers = jobs if jobs else _cpus()
    results: list = [None] * len(cases)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(_run_case, settings, case): i for i, case in enumerate(cases)}
        for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
            results[futures[future]] = future.result()
            if progress is not None:
                progress(done, len(cases), results[futures[future]][0])
    results = [row for rows in results for row in rows]
    try:
        import pandas  # noqa: F401  (whether it is installed: a DataFrame, else the list)
    except ImportError:
        return results
    return _frame(results)


def _batch_columns(rows: Iterable[Mapping[str, Any]]) -> list:
    """The columns of cohort rows in the order of ``radiomics batch``'s CSV (the batch command's
    own rule, csv::Columns: non-feature columns in order of first appearance with ``error`` last
    among them, ``warnings``, then the feature tags in order of first appearance). In a row, the
    keys before ``warnings`` are non-feature columns and those after it features."""
    return _libradiomics.batch_columns([list(row) for row in rows])


def _frame(rows: list, columns: Optional[list] = None):
    """Cohort rows as a pandas DataFrame with the columns of ``radiomics batch`` (a column a
    row lacks is NaN there)."""
    import pandas

    if not rows and columns is None:
        return pandas.DataFrame()
    return pandas.DataFrame.from_records(rows, columns=_batch_columns(rows) if columns is None else columns)


def _cpus() -> int:
    """The CPUs this process may run on (its affinity mask: a container's or a batch job's
    share), not every CPU of the machine."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # no affinity masks (macOS, Windows)
        return os.cpu_count() or 1


def rois(path: PathLike, image: Optional[PathLike] = None, series: Optional[str] = None) -> list:
    """The ROIs of a DICOM RTSTRUCT or SEG file, or the labels of a label map: dicts with
    ``number``, ``name``, ``slices`` and ``voxels``. An RTSTRUCT's voxel counts need the image it
    was drawn on (``image``; ``voxels`` is None without it)."""
    return _libradiomics.list_rois(os.fspath(path), "" if image is None else os.fspath(image),
                                   series or "")


def filter(image: Union[PathLike, Any], config: Config, spacing: Optional[Sequence[float]] = None,
           filter: Optional[str] = None):
    """The response map of an IBSI 2 filter of ``config`` over the whole image (docs/filters.md).

    Nothing else of the chain is applied (no interpolation, no re-segmentation), except the
    rounding of intensities the configuration asks for (CT); this is what ``radiomics filter``
    writes.

    Args:
        image: a file path, or a numpy array indexed [z, y, x] (2D arrays are one slice).
        config: a dict with the JSON configuration or a JSON file path; its ``filtering.filters``
            lists the filter(s).
        spacing: voxel spacing (x, y, z) in mm; required for arrays, not allowed for files.
        filter: the column prefix of the filter to apply (e.g. ``"log_s1.5"``); may be left out
            when the configuration has exactly one filter.

    Returns:
        A float32 numpy array [z, y, x] on the image's grid.

    Raises:
        FileNotFoundError, OSError, ValueError (InputError, SettingsError), TypeError.
    """
    settings = _settings(config)
    prefixes = settings.filter_prefixes
    if filter is not None:
        index = _libradiomics.filter_index(settings, filter)
    elif len(prefixes) == 1:
        index = 0
    else:
        raise SettingsError(
            "the configuration has no filter (add filtering.filters)" if not prefixes else
            f"the configuration has {len(prefixes)} filters ({', '.join(prefixes)}); choose one with filter=")
    if _is_path(image):
        if spacing is not None:
            raise ValueError("spacing applies to arrays only; files carry their own geometry")
        return _libradiomics.filter_file(settings, os.fspath(image), index)
    import numpy as np

    array = _as_volume(image, np.float32, "image")
    result = _libradiomics.filter_array(settings, array, _spacing(spacing, np.ndim(image)), index)
    return result[0] if np.ndim(image) == 2 else result


def features() -> list:
    """The feature registry, in IBSI order: dicts with ``tag`` (without aggregation suffix),
    ``ibsi_id``, ``family``, ``name``, ``formula`` and ``aggregations`` (the suffixes a texture
    feature's full tag takes, e.g. ``"3D_avg"``; empty for non-texture families)."""
    return _libradiomics.features()
