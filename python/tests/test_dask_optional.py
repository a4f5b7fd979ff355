"""Dask is optional: without it `import libradiomics` works and `import libradiomics.dask` raises an
ImportError that names the Debian packages (and the pip extra). Runs whether Dask is installed or
not: a subprocess hides it (sys.modules[name] = None makes its import fail)."""

import os
import subprocess
import sys
from pathlib import Path

import libradiomics

SCRIPT = """
import sys
sys.modules["dask"] = None
sys.modules["distributed"] = None
import libradiomics
row = libradiomics.extract(sys.argv[1], sys.argv[2])
assert row["morph_volume"] > 0
try:
    import libradiomics.dask
except ImportError as error:
    print(error)
else:
    raise SystemExit("libradiomics.dask imported without Dask")
"""


def test_libradiomics_works_without_dask_and_its_dask_module_says_what_to_install():
    from conftest import DIGITAL_IMAGE, DIGITAL_MASK

    package_root = str(Path(libradiomics.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(DIGITAL_IMAGE), str(DIGITAL_MASK)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    message = done.stdout.strip()
    assert "apt-get install python3-dask python3-distributed" in message, message
    assert "pip install 'libradiomics[dask]'" in message, message
