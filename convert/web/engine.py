"""The SPARQL engine of `twjp serve`: queries run in supervised worker processes, each holding the release
(a read-only pyoxigraph store on disk, shared through the page cache), a bounded number at a time.

- Bounded: a worker runs one query at a time under an address-space limit (`memory`), and is killed (SIGKILL: its
  CPU stops at once, its memory returns) when the query passes its deadline; a query whose result grows past the
  result limit is stopped while the result is written.
- Supervised: a dead worker (killed, or crashed on a query that exhausted its memory or stack) is replaced at once,
  and its query is answered as such. Workers die with the server whatever kills it (PR_SET_PDEATHSIG), and never
  reach the network (each moves into a network namespace of its own where the kernel allows it; SERVICE is refused
  before any query gets here anyway, from its tokens).
- Fair: queries wait for a free worker in arrival order, at most `queue_timeout` seconds.

The store is made once per start in a temporary folder named after the server's process id; the next start removes
the folders of servers that are gone."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from convert.processes import die_with_parent

STORE_PREFIX = "twjp-serve-"
CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds a query may run
    memory: int = 2 * 1024**3  # bytes of address space a worker may use
    result_bytes: int = 20_000_000  # largest result sent
    workers: int = 2
    queue_timeout: float = 10.0  # seconds a query may wait for a worker


@dataclass(frozen=True)
class Outcome:
    """What a query gave: `ok` (media type and body), `syntax` (the engine's message), `too-large`, `timeout`,
    `crashed` (the worker died), `busy` (no worker became free in time), `error` (another error, in words)."""

    kind: str
    body: bytes = b""
    media: str = ""
    message: str = ""
    seconds: float = 0.0


class ResultTooLarge(Exception):
    pass


class Capped:
    """A file-like that keeps what the serializer writes, and stops it past the limit."""

    def __init__(self, limit: int):
        self.limit, self.size, self.parts = limit, 0, []

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _leave_the_network() -> bool:
    """Move into an empty network namespace (no route anywhere): as root, or in a user namespace of our own."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    return any(libc.unshare(flags) == 0 for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET))


def worker_main(conn, store_path: str, memory: int, parent: int) -> None:
    """A worker: open the store, then answer (query, media type, limit) requests one at a time."""
    die_with_parent()
    if os.getppid() != parent:  # the server died before this line: PDEATHSIG was set too late
        os._exit(0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    isolated = _leave_the_network()
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    conn.send(("ready", isolated))
    while True:
        try:
            query, media, limit = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        conn.send(run_query(ox, store, query, media, limit))


def run_query(ox, store, query: str, media: str, limit: int) -> tuple:
    started = time.monotonic()
    try:
        result = store.query(query)
        out = Capped(limit)
        if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
            fmt = ox.QueryResultsFormat.from_media_type(media)
            result.serialize(out, fmt)
        else:
            fmt = ox.RdfFormat.from_media_type(media)
            result.serialize(out, fmt)
        return ("ok", b"".join(out.parts), media, "", time.monotonic() - started)
    except ResultTooLarge:
        return ("too-large", b"", "", "", time.monotonic() - started)
    except SyntaxError as err:
        return ("syntax", b"", "", str(err), time.monotonic() - started)
    except MemoryError:
        return ("crashed", b"", "", "the query needed more memory than allowed", time.monotonic() - started)
    except Exception as err:  # the engine's own errors (a type error at evaluation, an I/O error)
        message = str(err) or type(err).__name__
        return ("error", b"", "", message.splitlines()[0][:300], time.monotonic() - started)


class Worker:
    def __init__(self, ctx, store_path: Path, limits: Limits):
        parent, child = ctx.Pipe()
        self.conn = parent
        self.process = ctx.Process(
            target=worker_main, args=(child, str(store_path), limits.memory, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.isolated = False

    def wait_ready(self, seconds: float) -> None:
        if not self.conn.poll(seconds):
            self.kill()
            raise RuntimeError("a SPARQL worker did not start")
        _, self.isolated = self.conn.recv()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, OSError):
            self.process.kill()
        self.process.join(timeout=5)
        with contextlib.suppress(OSError):
            self.conn.close()


class Pool:
    """Workers over one store; `run` answers one query with an Outcome."""

    def __init__(self, store_path: Path, limits: Limits):
        self.store_path, self.limits = store_path, limits
        self.ctx = multiprocessing.get_context("spawn")
        self.idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.all: set[Worker] = set()
        self.replaced = 0
        self.replacing: set[asyncio.Future] = set()  # replacements under way (kept, so none is collected early)

    def start(self) -> None:
        workers = [Worker(self.ctx, self.store_path, self.limits) for _ in range(self.limits.workers)]
        for w in workers:
            w.wait_ready(60)
            self.all.add(w)
            self.idle.put_nowait(w)

    @property
    def isolated(self) -> bool:
        return all(w.isolated for w in self.all)

    async def _replace(self, dead: Worker) -> None:
        self.all.discard(dead)
        loop = asyncio.get_running_loop()

        def fresh() -> Worker:
            w = Worker(self.ctx, self.store_path, self.limits)
            w.wait_ready(60)
            return w

        worker = await loop.run_in_executor(None, fresh)
        self.replaced += 1
        self.all.add(worker)
        await self.idle.put(worker)

    def _start_replacing(self, dead: Worker) -> None:
        task = asyncio.ensure_future(self._replace(dead))
        self.replacing.add(task)
        task.add_done_callback(self.replacing.discard)

    async def run(self, query: str, media: str) -> Outcome:
        limits = self.limits
        try:
            worker = await asyncio.wait_for(self.idle.get(), limits.queue_timeout)
        except TimeoutError:
            return Outcome("busy", message=f"every worker was busy for {limits.queue_timeout:g} s")
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        try:
            worker.conn.send((query, media, limits.result_bytes))
            reply = await asyncio.wait_for(loop.run_in_executor(None, worker.conn.recv), limits.timeout)
        except TimeoutError:
            worker.kill()
            self._start_replacing(worker)
            return Outcome("timeout", seconds=time.monotonic() - started)
        except (EOFError, OSError, BrokenPipeError):
            worker.kill()
            self._start_replacing(worker)
            return Outcome(
                "crashed",
                message="the engine stopped while evaluating it (it needed more memory or stack than allowed)",
                seconds=time.monotonic() - started,
            )
        kind, body, media, message, seconds = reply
        if kind == "crashed":  # a MemoryError the worker caught: it may be in a bad state, start afresh
            worker.kill()
            self._start_replacing(worker)
        else:
            await self.idle.put(worker)
        return Outcome(kind, body, media, message, seconds)

    def stop(self) -> None:
        for w in list(self.all):
            w.kill()
        self.all.clear()


def remove_stale_stores(folder: Path | None = None) -> list[Path]:
    """Remove the store folders of servers that are gone (their process id is not running)."""
    folder = folder or Path(tempfile.gettempdir())
    removed = []
    for path in folder.glob(f"{STORE_PREFIX}*"):
        pid = path.name[len(STORE_PREFIX) :].split("-", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # alive
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def make_store(ntriples: Path) -> Path:
    """The release in a store on disk, in a folder named after this process."""
    import pyoxigraph as ox

    location = Path(tempfile.mkdtemp(prefix=f"{STORE_PREFIX}{os.getpid()}-"))
    store = ox.Store(str(location))
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    del store
    return location
