"""Real SPARQL servers for the tests: Oxigraph's own server on 127.0.0.1 and a free port."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    """The Oxigraph server's command (the `oxigraph` package), installed beside this Python."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the `oxigraph` command is missing: pip install oxigraph")
    return found


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


VIRTUOSO = "/usr/bin/virtuoso-t"
VIRTUOSO_ISQL = "/usr/bin/isql-vt"
VIRTUOSO_INI = """[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = ., {load}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 200M

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 4
ServerThreads = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
DefaultQuery = ASK {{}}
"""


def virtuoso_available() -> bool:
    return os.path.exists(VIRTUOSO) and os.path.exists(VIRTUOSO_ISQL)


class VirtuosoServer:
    """A private Virtuoso (Debian's virtuoso-opensource) on 127.0.0.1 and free ports, its database in `folder`,
    with the given N-Triples or Turtle files bulk-loaded into `graph`."""

    def __init__(self, folder, files, graph: str):
        if not virtuoso_available():
            raise RuntimeError("Virtuoso is missing: apt-get install virtuoso-opensource (.ci/run installs it)")
        self.db = folder / "db"
        self.load = folder / "load"
        self.db.mkdir()
        self.load.mkdir()
        for f in files:
            shutil.copy(f, self.load / os.path.basename(f))
        self.sql_port, self.http_port = free_port(), free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(
            VIRTUOSO_INI.format(db=self.db, load=self.load, sql_port=self.sql_port, http_port=self.http_port),
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [VIRTUOSO, "+configfile", str(ini), "+foreground"],
            cwd=self.db,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        self.wait_until_ready()
        names = " ".join(f"ld_dir('{self.load}', '{os.path.basename(f)}', '{graph}');" for f in files)
        self.isql(f"{names} rdf_loader_run(); checkpoint;")

    def isql(self, statements: str) -> str:
        result = subprocess.run(
            [VIRTUOSO_ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0 or "*** Error" in result.stdout + result.stderr:
            raise RuntimeError(f"isql failed: {result.stdout}{result.stderr}")
        return result.stdout

    def wait_until_ready(self, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        probe = self.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (
                    (self.db / "virtuoso.log").read_text(errors="replace")
                    if (self.db / "virtuoso.log").exists()
                    else ""
                )
                raise RuntimeError(f"virtuoso exited: {self.process.stderr.read().decode()} {log[-2000:]}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"virtuoso did not answer on {self.url} within {seconds} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


APACHE = "/usr/sbin/apache2"
APACHE_MODULES = "/usr/lib/apache2/modules"
APACHE_CONF = """Listen 127.0.0.1:{port}
ServerName 127.0.0.1
PidFile {run}/apache.pid
ErrorLog {run}/error.log
LogLevel warn
User www-data
Group www-data
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule headers_module {modules}/mod_headers.so
TypesConfig /etc/mime.types
DocumentRoot {root}
DirectoryIndex index.html
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory {root}>
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
"""


# A plain static host, as GitHub Pages and the like are: files served as they are, by their extension's media type,
# no rewriting, no negotiation, no .htaccess read; CORS on every answer and its own 404 page, as such hosts send.
STATIC_CONF = (
    APACHE_CONF.replace("    AllowOverride All\n", "    AllowOverride None\n")
    + """
Header always set Access-Control-Allow-Origin "*"
ErrorDocument 404 /twjp/404.html
"""
)
# w3id.org: a switchboard of .htaccess files (AllowOverride All, mod_rewrite and mod_headers), holding no data
W3ID_CONF = APACHE_CONF


def apache_available() -> bool:
    return os.path.exists(APACHE) and os.path.exists(f"{APACHE_MODULES}/mod_rewrite.so")


class ApacheServer:
    """A private Apache (Debian's apache2) on 127.0.0.1 and a free port, serving `root` (which must be readable
    by others: Apache's workers drop root)."""

    def __init__(self, root, run, conf_template: str = APACHE_CONF):
        if not apache_available():
            raise RuntimeError("Apache is missing: apt-get install apache2 (.ci/run installs it)")
        self.port = free_port()
        self.run = run
        conf = run / "apache.conf"
        conf.write_text(
            conf_template.format(port=self.port, run=run, root=root, modules=APACHE_MODULES), encoding="utf-8"
        )
        env = {**os.environ, "APACHE_RUN_DIR": str(run), "APACHE_LOCK_DIR": str(run), "APACHE_LOG_DIR": str(run)}
        result = subprocess.run([APACHE, "-f", str(conf), "-k", "start"], capture_output=True, text=True, env=env)
        if result.returncode != 0:
            raise RuntimeError(f"apache2 did not start: {result.stderr}")
        self.conf, self.env = conf, env
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"apache2 does not answer on port {self.port}: {(run / 'error.log').read_text()}")

    def stop(self) -> None:
        subprocess.run([APACHE, "-f", str(self.conf), "-k", "stop"], capture_output=True, env=self.env)
        pid = self.run / "apache.pid"
        deadline = time.monotonic() + 10
        while pid.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
