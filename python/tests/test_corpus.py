"""The bad-input corpus (tests/corpus, the same cases the C++ and CLI tests run) through the
Python layer: each case raises the documented exception with a message naming the problem, or
returns features that are finite or NaN, never infinite. The corpus is written by the
`write_corpus` program of the build (docs/safeguards.md lists the cases)."""

import json
import math
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

import libradiomics
from conftest import find_cli

EXCEPTIONS = {
    "file_not_found": FileNotFoundError,
    "file_read_error": OSError,
    "input_error": ValueError,
    "settings_error": ValueError,
}


def find_writer():
    cli = find_cli()
    if os.environ.get("RADIOMICS_WRITE_CORPUS"):
        return Path(os.environ["RADIOMICS_WRITE_CORPUS"])
    if cli is not None:
        candidate = cli.parents[1] / "tests" / "write_corpus"
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    writer = find_writer()
    if writer is None:
        pytest.skip("write_corpus is not built next to this package (build the C++ tests, or set "
                    "RADIOMICS_WRITE_CORPUS=<build>/tests/write_corpus)")
    folder = tmp_path_factory.mktemp("corpus")
    subprocess.run([str(writer), str(folder)], check=True, capture_output=True)
    cases = json.loads((folder / "cases.json").read_text())
    for case in cases:
        config = folder / f"{case['name']}.config.json"
        config.write_text(case["config"])
        case["config_path"] = str(config)
    return cases


def outcome_of(case):
    """('features', row) or (exception class name, message), run in this process."""
    try:
        return "features", libradiomics.extract(case["image"], case["mask"], config=case["config_path"])
    except Exception as e:  # noqa: BLE001 - every exception is classified below
        return type(e), str(e)


GUARDED_SCRIPT = """
import json, sys, libradiomics
case = json.loads(sys.argv[1])
try:
    row = libradiomics.extract(case["image"], case["mask"], config=case["config_path"])
    print(json.dumps(["features", None]))
except Exception as e:
    print(json.dumps([type(e).__name__, str(e)]))
"""


def guarded_outcome(case):
    """A case that could make a careless reader allocate gigabytes runs in a child process
    whose address space is capped at 4 GiB."""
    cap = 4 << 30

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    proc = subprocess.run([sys.executable, "-c", GUARDED_SCRIPT, json.dumps(case)], capture_output=True,
                          text=True, timeout=120, preexec_fn=limit, env=os.environ.copy())
    assert proc.returncode == 0, f"child died: {proc.stderr[-500:]}"
    kind, message = json.loads(proc.stdout.strip().splitlines()[-1])
    builtin = {"FileNotFoundError": FileNotFoundError, "OSError": OSError, "ValueError": ValueError,
               "InputError": ValueError, "SettingsError": ValueError}
    return ("features", None) if kind == "features" else (builtin.get(kind, RuntimeError), message)


def test_corpus_is_complete(corpus):
    assert len(corpus) >= 80
    assert len({c["name"] for c in corpus}) == len(corpus)


def test_every_case_behaves_as_documented(corpus):
    failures = []
    for case in corpus:
        kind, value = guarded_outcome(case) if case["guarded"] else outcome_of(case)
        expected = case["expect"]
        if kind == "features":
            if "features" not in expected:
                failures.append(f"{case['name']}: returned features, expected {expected}")
                continue
            if value is not None:
                infinite = [k for k, v in value.items() if isinstance(v, float) and math.isinf(v)]
                if infinite:
                    failures.append(f"{case['name']}: infinite values {infinite[:3]}")
                if case["expect_warning"] and not value.get("warnings"):
                    failures.append(f"{case['name']}: no warning")
            continue
        allowed = tuple(EXCEPTIONS[e] for e in expected if e in EXCEPTIONS)
        if not allowed or not issubclass(kind, allowed):
            failures.append(f"{case['name']}: raised {kind.__name__}: {value!r}, expected {expected}")
            continue
        # The message must name the problem, not merely the file: paths are removed first,
        # unless the expected text is the file's name itself (unreadable files).
        words = [w.strip().lower() for w in case["message"].split("|") if w.strip()]
        names = {Path(case["image"]).name.lower(), Path(case["mask"]).name.lower()}
        text = value
        if not names.intersection(words):
            for path in (case["image"], case["mask"], case["config_path"]):
                text = text.replace(path, "")
        if words and not any(w in text.lower() for w in words):
            failures.append(f"{case['name']}: message {value!r} names none of {words}")
    assert not failures, "\n".join(failures)
