"""Real SPARQL servers for the tests: Oxigraph's own server on 127.0.0.1 and a free port."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request


def oxigraph_binary() -> str:
    """The `oxigraph` command of the `oxigraph` package (a test dependency): beside this Python, or on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), "oxigraph")
    found = beside if os.path.exists(beside) else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the `oxigraph` command is missing: pip install -e '.[test]' installs it")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OxigraphServer:
    """`oxigraph serve-read-only` on 127.0.0.1 and a free port, with the given files loaded."""

    def __init__(self, location, files):
        binary = oxigraph_binary()
        subprocess.run(
            [binary, "load", "--location", str(location), "--file", *map(str, files)],
            check=True,
            capture_output=True,
        )
        self.port = free_port()
        self.process = subprocess.Popen(
            [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.wait_until_ready()

    def wait_until_ready(self, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        probe = self.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited: {self.process.stderr.read().decode()}")
            try:
                with urllib.request.urlopen(probe, timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on {self.url} within {seconds} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
