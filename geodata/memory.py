"""Large freed buffers go back to the operating system at once, so a process's memory follows its live data.

glibc's malloc serves a large block (a column of a frame, a JSON payload) with its own mapping and unmaps it
on free, but only below a "sliding" threshold: each large block freed raises the threshold to its size (up
to 32 MB). After a few frames are freed, column-sized blocks come from the heaps instead, one per thread that
asked (Streamlit runs each session's script in its own thread), and freed they stay with the process: at a
million events the server kept 150-300 MB of frames it had dropped, and its peak varied by as much from run
to run. A fixed threshold turns the sliding off. Elsewhere (another libc, another OS) nothing changes.
"""

from __future__ import annotations

import ctypes
import functools
import sys

M_MMAP_THRESHOLD = -3   # from glibc's malloc.h
THRESHOLD = 256 * 1024
"""Blocks from 256 KB up get their own mapping: twice glibc's starting threshold, far below a column's size."""


@functools.cache
def return_freed_memory(threshold: int = THRESHOLD) -> bool:
    """Fix glibc's mmap threshold for this process; whether it was set (False off glibc). Once per process:
    a page calls it on every run."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)   # the process's own symbols, libc's among them
    except OSError:
        return False
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:   # musl and other libcs without it
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, threshold))
