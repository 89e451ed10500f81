"""Child processes the commands start (the endpoint's SPARQL workers, the site's rendering workers): each dies
with the process that started it, whatever kills that one."""

from __future__ import annotations

import ctypes
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (PR_SET_PDEATHSIG); nothing elsewhere. The caller
    checks os.getppid() after it: a parent that died before this call is not noticed by it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
