"""An analysis process keeps the memory it frees: allocating big arrays again faults no pages in."""

import resource
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import numpy
import pytest

from service.ingestion.loader import keep_freed_memory


def _faults_reallocating(keep: bool) -> int:
    """Minor page faults of rounds 2-6 of allocating, filling and freeing three 24 MB arrays."""
    if keep:
        keep_freed_memory()
    for n in range(6):
        if n == 1:
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        arrays = [numpy.ones(3 << 20) for _ in range(3)]
        del arrays
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def _in_fresh_process(keep: bool) -> int:
    with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
        return pool.submit(_faults_reallocating, keep).result()


def test_freed_memory_is_reused_without_page_faults():
    default, kept = _in_fresh_process(False), _in_fresh_process(True)
    if default < 1_000:
        pytest.skip(f"this malloc keeps freed memory by itself ({default} faults)")
    assert kept < default / 20
