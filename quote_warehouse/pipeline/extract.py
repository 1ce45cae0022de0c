"""The extract stage: incremental, parallel extraction into the extract tables.

Only raw files without rows from the current extractor are extracted; the
rest of the warehouse is not read. Work is cut into batches: each batch is
extracted by a pool of worker processes (one per core by default) and
written in one transaction (`store.extract.write_batch`). So memory holds one
batch, both cores work, a run killed between batches loses only the batch
in flight, and a rerun extracts exactly what is missing: the tables end as
a single clean run would leave them.

Bounded work per document. Each document is extracted in a worker process
under a wall-clock budget (`EXTRACT_TIMEOUT_SECONDS`, default 30 s; a news
article takes well under a second): a worker still busy when its document's
budget runs out is killed (SIGKILL: a regex deep in a C loop cannot be
interrupted any other way) and replaced, and the document becomes the
rejection ``extract_timeout: extraction took over N s``. A worker that dies
under its document (a crash in a C library, the kernel's OOM killer) makes
it ``extract_failed: ...``. The rest of the batch is written as usual, so a
hostile file holds the others back by its budget at most, never for good.
Such contents are recorded in ``extract.rejected_documents`` in the batch's
transaction (`store.extract.write_batch`); the marts list every landing name
that carries them as a rejection, not a document. They are not extracted
again at the next build: a content is rejected until its bytes change (a
new content), or, for a timeout, until the budget is raised above the one
recorded in its reason (then the next build that extracts retries it, e.g.
`quote-warehouse build --force`). The first line of defence is upstream and
deterministic: ingest rejects text over `landing.files.MAX_TEXT_CHARS`
(`too_long`) and markup over the bounds of `landing.html`
(`html_too_complex`), so the budget is a backstop for slow paths nobody has
found yet, not the common case.

Articles without a publication date resolve weekday phrases against the
corpus's median publication year. That year is recorded with each row; when
the corpus's median moves, the undated articles extracted with another year
are extracted again (dated articles do not depend on it).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import wait as wait_for_any
from pathlib import Path

from quote_warehouse.extract.document import clean_raw, extract_document
from quote_warehouse.settings import (
    DEFAULT_EXTRACT_BATCH_SIZE,
    DEFAULT_EXTRACT_TIMEOUT_SECONDS,
    DEFAULT_EXTRACT_WORKERS,
    DEFAULT_LOCK_WAIT_SECONDS,
    EXTRACT_PARTITIONS,
)
from quote_warehouse.store import dedup
from quote_warehouse.store.connection import connect
from quote_warehouse.store.extract import (
    ContentRejection,
    Todo,
    carried_documents,
    clusters_current,
    corpus_reference_year,
    extract_counts,
    forget_pending_rejected,
    not_extracted,
    raw_texts,
    stale_undated,
    timed_out_under,
    write_batch,
)
from quote_warehouse.store.lake import retry_conflicts
from quote_warehouse.store.pending import fold_partition_writes
from quote_warehouse.store.schema import ROW_TABLES, ensure_extract_tables

Args = tuple[str, str, str, str, "int | None"]


def _extract_one(args: Args) -> dict[str, list[dict]]:
    """Worker: one raw article -> rows of every extract table."""
    sha256, file_name, source_format, raw_text, reference_year = args
    clean = clean_raw(raw_text, source_format)
    year = None if clean.published_date else reference_year
    rows = extract_document(sha256, file_name, raw_text, source_format, reference_year=year, clean=clean)
    rows.document["reference_year"] = year
    out = {"documents": [rows.document]}
    for name in ROW_TABLES:
        out[name] = list(getattr(rows, name))
    return out


class ExtractionError(RuntimeError):
    """Extraction raised: a bug, not a property of the file; the stage fails as before."""


def _attempt(args: Args) -> tuple[str, object]:
    """("ok", rows) or ("error", traceback)."""
    try:
        return "ok", _extract_one(args)
    except Exception:  # noqa: BLE001 - reported to the parent, which raises
        return "error", traceback.format_exc()


def _die_with_parent(parent_pid: int) -> None:
    """A worker must not outlive its build: if the build is SIGKILLed, a
    forked worker still holds copies of the pipes (and of the build's
    stdout), so it would wait for a task forever. Linux kills it with its
    parent (PR_SET_PDEATHSIG); a parent already gone ends it at once."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: EOF on the pipe is the only signal
        pass
    if os.getppid() != parent_pid:
        os._exit(0)


def _worker_main(conn, parent_pid: int) -> None:
    """A worker's loop: receive (index, args), send (index, outcome), until None."""
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, args = task
        outcome = _attempt(args)
        try:
            conn.send((index, outcome))
        except OSError:  # the parent is gone (killed): nobody waits for this
            return


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object  # multiprocessing.connection.Connection


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class BoundedPool:
    """Worker processes that extract one document at a time, each under a
    wall-clock budget of `timeout` seconds (0 or None: no budget).

    Unlike `concurrent.futures.ProcessPoolExecutor`, whose tasks cannot be
    cancelled once running, each worker here has its own pipe, so the parent
    knows which document a worker holds and since when, and can kill that
    worker alone and start another. Workers start on demand (at most
    `workers`, never more than there are documents in flight) with the
    platform's default start method (fork on Linux: no import cost) and
    stay up across batches; `close` stops them.
    """

    def __init__(self, workers: int = DEFAULT_EXTRACT_WORKERS,
                 timeout: float | None = DEFAULT_EXTRACT_TIMEOUT_SECONDS) -> None:
        self.size = max(1, workers or (os.cpu_count() or 1))
        self.timeout = timeout or None
        self._ctx = multiprocessing.get_context()
        self._idle: list[_Worker] = []
        self.killed = 0  # workers killed over budget, for the run's figures

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker_main, args=(child, os.getpid()), daemon=True,
                                    name="quote-warehouse-extract")
        process.start()
        child.close()
        return _Worker(process, parent)

    @staticmethod
    def _kill(worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()  # type: ignore[attr-defined]

    def map(self, tasks: Sequence[Args]) -> list[dict | ContentRejection]:
        """The rows of each task, in order, or the rejection of its content."""
        results: list[dict | ContentRejection | None] = [None] * len(tasks)
        queue = deque(range(len(tasks)))
        busy: dict[object, tuple[_Worker, int, float]] = {}
        try:
            while queue or busy:
                while queue and len(busy) < self.size:
                    worker = self._idle.pop() if self._idle else self._start()
                    index = queue.popleft()
                    try:
                        worker.conn.send((index, tasks[index]))  # type: ignore[attr-defined]
                    except OSError:  # died while idle: replace it, same task
                        self._kill(worker)
                        queue.appendleft(index)
                        continue
                    busy[worker.conn] = (worker, index, time.monotonic())
                wait = None
                if self.timeout is not None:
                    first = min(started for _, _, started in busy.values())
                    wait = max(0.0, first + self.timeout - time.monotonic())
                for conn in wait_for_any(list(busy), timeout=wait):
                    worker, index, _ = busy.pop(conn)
                    try:
                        _, (kind, payload) = conn.recv()  # type: ignore[attr-defined]
                    except (EOFError, OSError):
                        worker.process.join(5)
                        exitcode = worker.process.exitcode
                        self._kill(worker)
                        results[index] = ContentRejection(
                            tasks[index][0], f"extract_failed: the extraction process died "
                            f"({_death(exitcode)}) while extracting this file")
                        continue
                    self._idle.append(worker)
                    if kind == "error":
                        raise ExtractionError(f"extraction of {tasks[index][1]} raised:\n{payload}")
                    results[index] = payload  # type: ignore[assignment]
                if self.timeout is not None:
                    now = time.monotonic()
                    for conn, (worker, index, started) in list(busy.items()):
                        if now - started >= self.timeout:
                            del busy[conn]
                            self._kill(worker)
                            self.killed += 1
                            results[index] = ContentRejection(
                                tasks[index][0], f"extract_timeout: extraction took over {self.timeout:g} s")
        except BaseException:
            for worker, _, _ in busy.values():
                self._kill(worker)
            raise
        return results  # type: ignore[return-value]

    def close(self) -> None:
        for worker in self._idle:
            try:
                worker.conn.send(None)  # type: ignore[attr-defined]
            except OSError:
                pass
        for worker in self._idle:
            worker.process.join(5)
            self._kill(worker)
        self._idle.clear()


def _in_process(tasks: Sequence[Args]) -> list[dict | ContentRejection]:
    """No budget and one worker: extract here (a debugger can step in)."""
    out: list[dict | ContentRejection] = []
    for task in tasks:
        kind, payload = _attempt(task)
        if kind == "error":
            raise ExtractionError(f"extraction of {task[1]} raised:\n{payload}")
        out.append(payload)  # type: ignore[arg-type]
    return out


def _batches(items: Sequence[Todo], size: int) -> Iterator[Sequence[Todo]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def run_extraction(
    db_path: Path, todo: Sequence[Todo], reference_year: int | None,
    pool: BoundedPool | None, batch_size: int = DEFAULT_EXTRACT_BATCH_SIZE, follow_corpus: bool = False,
    lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS, partition: bool = False,
    after_batch: Callable[[], None] | None = None,
) -> tuple[int, int]:
    """Extract and write `todo` batch by batch: (documents written, contents rejected).

    A connection is held only to read a batch's texts and to write its rows,
    so readers are not locked out for the length of a large run. With
    `follow_corpus`, each batch uses the median year of what is extracted so
    far, so on a first build only the undated articles of the first batch
    are likely to need a second pass. `pool` None extracts in this process,
    without a budget.
    """
    done = rejected = 0
    for batch in _batches(todo, batch_size):
        with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
            texts = raw_texts(con, batch)
            if follow_corpus:
                reference_year = corpus_reference_year(con) or reference_year
        args = [(t.sha256, t.file_name, t.source_format, texts[t.sha256], reference_year) for t in batch]
        outcomes = _in_process(args) if pool is None else pool.map(args)
        results = [o for o in outcomes if isinstance(o, dict)]
        rejections = [o for o in outcomes if isinstance(o, ContentRejection)]
        retry_conflicts(lambda: _write(db_path, results, rejections, partition, lock_wait))
        done += len(results)
        rejected += len(rejections)
        if after_batch is not None:
            after_batch()
    return done, rejected


def _write(db_path: Path, results: list, rejections: list, partition: bool, lock_wait: float) -> None:
    with connect(db_path, lock_wait=lock_wait) as con:
        write_batch(con, results, rejections, partition=partition)


def partition_of(sha256: str, partitions: int = EXTRACT_PARTITIONS) -> str:
    """The extraction partition of a content: its SHA-256 read as a number,
    modulo `partitions`, as a two-digit key ("00" ... "15")."""
    return f"{int(sha256[:8], 16) % partitions:02d}"


def partition_keys(partitions: int = EXTRACT_PARTITIONS) -> list[str]:
    return [f"{i:02d}" for i in range(partitions)]


def prepare_partitions(db_path: Path, lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> int:
    """Before extraction partitions fan out: create the extract tables (two
    first CREATEs at once conflict on a DuckLake) and count the raw files
    they have to extract (0: no partition run is needed)."""
    with connect(db_path, lock_wait=lock_wait) as con:
        ensure_extract_tables(con)
        return len(not_extracted(con))


def extract_partition(db_path: Path, partition: str, partitions: int = EXTRACT_PARTITIONS,
                      workers: int = DEFAULT_EXTRACT_WORKERS, batch_size: int = DEFAULT_EXTRACT_BATCH_SIZE,
                      lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS,
                      timeout: float = DEFAULT_EXTRACT_TIMEOUT_SECONDS,
                      after_batch: Callable[[], None] | None = None) -> dict[str, int]:
    """Extract the raw files of one partition that the extract tables lack
    (the distributed profile: one partition per step, on any worker, many at
    once). Near-duplicate pairs and clusters are left to `extract_pending`,
    which runs once every partition has committed; so is the second pass for
    undated articles, whose reference year is the whole corpus's.

    Each batch commits on its own (retried when a concurrent partition's
    commit conflicts), so a worker killed mid-partition leaves whole batches
    only, and running the partition again extracts exactly what is missing.
    The extract tables must exist before partitions fan out
    (`ensure_extract_tables`): two first CREATEs at once conflict on a lake.
    """
    with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
        todo = [t for t in not_extracted(con) if partition_of(t.sha256, partitions) == partition]
        if timeout:
            todo = sorted([*todo, *(t for t in timed_out_under(con, timeout)
                                    if partition_of(t.sha256, partitions) == partition)],
                          key=lambda t: t.sha256)
        reference_year = corpus_reference_year(con)
    pool = make_executor(workers, timeout) if todo else None
    try:
        extracted, rejected = run_extraction(db_path, todo, reference_year, pool, batch_size,
                                             follow_corpus=True, lock_wait=lock_wait, partition=True,
                                             after_batch=after_batch)
        killed = pool.killed if pool is not None else 0
    finally:
        if pool is not None:
            pool.close()
    return {"partition_files": len(todo), "extracted_now": extracted, "rejected_now": rejected,
            "workers_killed": killed}


def extract_pending(db_path: Path, workers: int = DEFAULT_EXTRACT_WORKERS,
                    batch_size: int = DEFAULT_EXTRACT_BATCH_SIZE,
                    lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS,
                    timeout: float = DEFAULT_EXTRACT_TIMEOUT_SECONDS) -> dict[str, int]:
    """Extract every raw file the extract tables lack, then update the clusters.

    `timeout`: seconds one document may take (0: no limit); contents over it
    are rejected (`extract_timeout`) and the others written. Contents
    rejected at an earlier build are not extracted again, except timeouts
    recorded under a smaller budget than `timeout`.
    """
    with connect(db_path, lock_wait=lock_wait) as con:
        ensure_extract_tables(con)
        con.execute("BEGIN")
        carried = sorted({*fold_partition_writes(con), *carried_documents(con)})
        con.execute("COMMIT")
        todo = not_extracted(con)
        if timeout:
            todo = sorted([*todo, *timed_out_under(con, timeout)], key=lambda t: t.sha256)
        reference_year = corpus_reference_year(con)
    pool = make_executor(workers, timeout) if todo else None
    try:
        extracted, rejected = run_extraction(db_path, todo, reference_year, pool, batch_size,
                                             follow_corpus=True, lock_wait=lock_wait)
        with connect(db_path, read_only=True, lock_wait=lock_wait) as con:
            final_year = corpus_reference_year(con)
            stale = stale_undated(con, final_year)
        if stale and pool is None:
            pool = make_executor(workers, timeout)
        reextracted, rejected_again = run_extraction(db_path, stale, final_year, pool, batch_size,
                                                     lock_wait=lock_wait) if stale else (0, 0)
        killed = pool.killed if pool is not None else 0
    finally:
        if pool is not None:
            pool.close()
    with connect(db_path, lock_wait=lock_wait) as con:
        forget_pending_rejected(con)
        if extracted or reextracted or rejected or rejected_again or not clusters_current(con):
            con.execute("BEGIN")
            # documents written by partitions (or a killed build) before this
            # call: their pairs with each other were not all visible then
            dedup.add_similar_pairs(con, carried)
            clusters = dedup.rebuild_clusters(con)
            con.execute("COMMIT")
        else:  # nothing new since the clusters were made: a re-run reads nothing
            clusters = dedup.cluster_counts(con)
        counts = extract_counts(con)
    counts.update(document_clusters=clusters["documents"], extracted_now=extracted,
                  reextracted_undated=reextracted, duplicates=clusters["duplicates"],
                  similar_pairs=clusters["similar_pairs"], rejected_now=rejected + rejected_again,
                  workers_killed=killed)
    return counts


def make_executor(workers: int = DEFAULT_EXTRACT_WORKERS,
                  timeout: float = DEFAULT_EXTRACT_TIMEOUT_SECONDS) -> BoundedPool | None:
    """A pool of `workers` processes (0: one per core) with a per-document
    budget of `timeout` seconds; None (extract in this process) only when
    there is neither a budget to enforce nor a second worker to use."""
    size = workers or (os.cpu_count() or 1)
    if not timeout and size <= 1:
        return None
    return BoundedPool(size, timeout)

