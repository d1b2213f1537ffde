"""A freed large block goes back to the system, after glibc's sliding threshold would have kept it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from geodata import memory

# A large block freed raises glibc's threshold; column-sized blocks allocated after it then come from the heap,
# and one small block allocated last pins them there once they are freed.
PATTERN = textwrap.dedent("""
    import sys
    import numpy as np
    from geodata.memory import return_freed_memory

    def rss_mb():
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS")) / 1024

    if sys.argv[1] == "fixed":
        assert return_freed_memory()
    before = rss_mb()
    big = np.ones(30_000_000 // 8)
    del big
    columns = [np.ones(4_000_000 // 8) for _ in range(50)]
    pin = np.ones(16)
    del columns
    print(rss_mb() - before)
""")

REPO = Path(__file__).resolve().parents[1]
glibc = pytest.mark.skipif(not memory.return_freed_memory(), reason="glibc's mallopt only")


def _kept_mb(mode: str) -> float:
    done = subprocess.run([sys.executable, "-c", PATTERN, mode], capture_output=True, text=True, timeout=60,
                          check=True, cwd=REPO)
    return float(done.stdout.strip())


@glibc
def test_freed_column_sized_blocks_leave_the_process_once_the_threshold_is_fixed():
    assert _kept_mb("fixed") < 3


@glibc
def test_the_pattern_keeps_memory_without_it():
    """The control: the same allocations keep what they freed under glibc's default, so the test above can fail."""
    assert _kept_mb("default") > 10

