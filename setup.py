"""Builds the Python package `libradiomics` with CMake, offline.

    /usr/bin/python3 -m venv --system-site-packages .venv
    .venv/bin/pip install --no-build-isolation .
    pip install --no-build-isolation --target DIR .

build_ext configures the whole project with the Python module on (tests, benchmarks and the CLI
off), builds the `_libradiomics` target (which builds the `radiomics` library) and installs the
CMake component `python` into a staging folder: the extension, libradiomics.so (under its soname,
the name the extension asks for) and __init__.py, all in the package folder. The extension's
RPATH is $ORIGIN there, so it finds the library next to it wherever pip puts the package.

Environment: CMAKE_BUILD_PARALLEL_LEVEL (build jobs, e.g. 1 on a shared machine),
RADIOMICS_CMAKE_ARGS (extra configure arguments, split on spaces).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def project_version() -> str:
    """The one version number: project(Radiomics VERSION x.y.z) in CMakeLists.txt."""
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(\s*Radiomics\s+VERSION\s+([0-9.]+)", text).group(1)


class CMakeExtension(Extension):
    def __init__(self, name: str):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        package_dir = Path(self.get_ext_fullpath(ext.name)).resolve().parent
        build_dir = Path(self.build_temp).resolve() / "cmake"
        staging = Path(self.build_temp).resolve() / "staging"
        build_dir.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)

        configure = [
            "cmake", "-S", str(ROOT), "-B", str(build_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            "-DRADIOMICS_BUILD_PYTHON=ON",
            "-DRADIOMICS_BUILD_TESTS=OFF",
            "-DRADIOMICS_BUILD_BENCHMARKS=OFF",
            "-DRADIOMICS_BUILD_CLI=OFF",
            f"-DPython3_EXECUTABLE={sys.executable}",
        ] + os.environ.get("RADIOMICS_CMAKE_ARGS", "").split()
        subprocess.run(configure, check=True)
        # CMAKE_BUILD_PARALLEL_LEVEL in the environment sets the jobs of `cmake --build`.
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_libradiomics"], check=True)
        subprocess.run(["cmake", "--install", str(build_dir), "--component", "python",
                        "--prefix", str(staging)], check=True)

        # Copy the package folder, following links: a wheel holds no symlinks, and only the
        # soname file (libradiomics.so.0) is needed -- the fully versioned one is left out.
        package_dir.mkdir(parents=True, exist_ok=True)
        for source in sorted((staging / "libradiomics").iterdir()):
            is_soname = source.is_symlink() and ".so." in source.name
            is_versioned_target = source.name.startswith("libradiomics.so.") and not source.is_symlink()
            if is_versioned_target and any(p.is_symlink() for p in source.parent.glob("libradiomics.so.*")):
                continue
            if source.name == "__init__.py":
                continue  # build_py copies the Python sources
            target = package_dir / source.name
            target.unlink(missing_ok=True)
            shutil.copy2(source.resolve() if is_soname else source, target)


setup(
    version=project_version(),
    packages=["libradiomics"],
    package_dir={"libradiomics": "python/libradiomics"},
    ext_modules=[CMakeExtension("libradiomics._libradiomics")],
    cmdclass={"build_ext": CMakeBuild},
    # Keep setuptools' build folders away from the CMake build/ of scripts/build.sh.
    options={"build": {"build_base": "build-pip"}, "egg_info": {"egg_base": "build-pip"}},
    zip_safe=False,
)
