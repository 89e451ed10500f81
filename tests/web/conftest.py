"""The site as users get it: built by `twjp build` into a folder Apache can read, served by a real Apache with
the generated w3id rules in front of it."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.servers import ApacheServer, apache_available


def needs(available: bool, what: str) -> None:
    """Outside CI a missing browser or server skips, saying so; under CI=true it fails."""
    if available:
        return
    message = f"{what} is not installed here; .ci/run installs it"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def built():
    """(output, site) of one `twjp build`, in a folder others can read (Apache's workers are not root)."""
    top = Path(tempfile.mkdtemp(prefix="twjp-web-", dir="/tmp"))
    top.chmod(0o755)
    (top / "www").mkdir(mode=0o755)
    output, site = top / "output", top / "www" / "twjp"
    result = subprocess.run(
        [sys.executable, "-m", "convert", "build", "--output", str(output), "--site", str(site)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    yield output, site
    shutil.rmtree(top, ignore_errors=True)


@pytest.fixture(scope="session")
def apache(built, tmp_path_factory):
    needs(apache_available(), "Apache (Debian's apache2)")
    _, site = built
    run = tmp_path_factory.mktemp("apache")
    server = ApacheServer(site.parent, run)
    yield server
    server.stop()
