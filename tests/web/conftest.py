"""The site as users get it: built by `twjp build` into a folder Apache can read, served by a real Apache with
the generated w3id rules in front of it."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.servers import STATIC_CONF, W3ID_CONF, ApacheServer, apache_available


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
    """The static host: a plain Apache serving the site as files (no rewriting, no negotiation, no .htaccess),
    as GitHub Pages or any static hosting service would, at /twjp/."""
    needs(apache_available(), "Apache (Debian's apache2)")
    _, site = built
    run = tmp_path_factory.mktemp("apache")
    server = ApacheServer(site.parent, run, STATIC_CONF)
    yield server
    server.stop()


W3ID_ROOT_RULES = Path(__file__).resolve().parent.parent / "data" / "w3id" / "root.htaccess"


def w3id_folder(top: Path, folder: str, target: str, output: Path) -> Path:
    """w3id.org's tree as a publisher's pull request makes it: the global rules at the root, and the folder that
    `twjp w3id` writes (as a publisher runs it), under `top`."""
    root = top / "w3id"
    root.mkdir(mode=0o755, parents=True, exist_ok=True)
    shutil.copy(W3ID_ROOT_RULES, root / ".htaccess")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "convert",
            "w3id",
            str(root / folder),
            "--target",
            target,
            "--output",
            str(output),
            "--maintainer",
            "A. Maintainer, GitHub: a-maintainer",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for d in [root, *root.rglob("*")]:
        d.chmod(0o755 if d.is_dir() else 0o644)
    return root


@pytest.fixture(scope="session")
def w3id(built, apache, tmp_path_factory):
    """A stand-in for w3id.org (Apache with mod_rewrite and mod_headers, reading .htaccess files as w3id.org
    does), holding the generated folder /twjp/, whose rules redirect to the static host."""
    output, site = built
    root = w3id_folder(site.parent.parent, "twjp", f"{apache.url}/twjp/", output)
    server = ApacheServer(root, tmp_path_factory.mktemp("w3id"), W3ID_CONF)
    yield server
    server.stop()
