"""Child processes the commands start (the endpoint's SPARQL workers, the site's rendering workers, the build's
SHACL validation): each dies with the process that started it, whatever kills that one."""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (PR_SET_PDEATHSIG); nothing elsewhere. The caller
    checks os.getppid() after it: a parent that died before this call is not noticed by it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


class Forked:
    """`function(*args)` run in a forked child process, beside this one (its own interpreter: no lock shared
    with this process's threads); `result()` gives its value, sent back pickled through a pipe, or raises what
    it raised. Forked where this process has no other thread (a fork copies only the calling thread); the
    child dies with this process, and `cancel()` kills it."""

    def __init__(self, function: Callable, *args) -> None:
        if threading.active_count() != 1:
            raise RuntimeError("cannot fork safely: this process runs other threads")
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            os.close(read)
            code = 1
            try:
                parent = os.getppid()
                die_with_parent()
                if os.getppid() == parent:
                    try:
                        payload = pickle.dumps((True, function(*args)), protocol=pickle.HIGHEST_PROTOCOL)
                    except Exception as err:  # sent to the parent, which raises it
                        try:
                            payload = pickle.dumps((False, err), protocol=pickle.HIGHEST_PROTOCOL)
                        except Exception:  # an exception that cannot be pickled: its words
                            payload = pickle.dumps((False, RuntimeError(f"{type(err).__name__}: {err}")))
                    with os.fdopen(write, "wb") as out:
                        out.write(payload)
                    code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        os.close(write)
        self._read: int | None = read

    def result(self):
        """Wait for the child; its value, or its exception raised here."""
        if self._read is None:
            raise RuntimeError("the result was taken or cancelled")
        with os.fdopen(self._read, "rb") as answer:
            self._read = None
            data = answer.read()
        _, status = os.waitpid(self.pid, 0)
        if not data:
            raise RuntimeError(f"the child process {self.pid} died (exit {os.waitstatus_to_exitcode(status)})")
        ok, value = pickle.loads(data)
        if ok:
            return value
        raise value

    def cancel(self) -> None:
        """Kill the child (if it still runs) and reap it."""
        if self._read is None:
            return
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self._read)
        self._read = None
