#!/usr/bin/env python3
"""Throughput of libradiomics.extract from two Python threads (the GIL is released in the call).

Prints the wall time of two extractions in two threads over two in a row (best of N), next to
the same ratio for a GIL-free control workload (hashlib) that shows whether a second core was
free at all. Usage: PYTHONPATH=build/python /usr/bin/python3 benchmarks/python_threads.py [N]
"""
import concurrent.futures
import hashlib
import pathlib
import sys
import time

import libradiomics

ROOT = pathlib.Path(__file__).resolve().parent.parent
PHANTOM = ROOT / "ibsi_phantom" / "ct_phantom"
CONFIG = ROOT / "ibsi_phantom" / "configs" / "config_c.json"


def parallel_ratio(work):
    start = time.perf_counter()
    work()
    work()
    serial = time.perf_counter() - start
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        start = time.perf_counter()
        for future in [pool.submit(work), pool.submit(work)]:
            future.result()
        parallel = time.perf_counter() - start
    return parallel / serial


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    job = lambda: libradiomics.extract(PHANTOM / "image.nii.gz",
                                       PHANTOM / "mask.nii.gz", config=CONFIG)
    data = bytes(16 << 20)
    control = lambda: [hashlib.sha256(data).digest() for _ in range(16)]
    job()
    extraction = min(parallel_ratio(job) for _ in range(repeats))
    reference = min(parallel_ratio(control) for _ in range(repeats))
    print(f"two threads / two in a row, wall time: extraction {extraction:.2f}, "
          f"GIL-free control {reference:.2f} (0.5 = perfect, 1.0 = serialised)")


if __name__ == "__main__":
    main()
