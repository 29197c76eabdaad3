"""A worker pool whose workers fork from a template process, not from the process that uses it.

Contract: :class:`TemplatePool` is a :class:`multiprocessing.pool.Pool` (fork start method)
whose worker processes, the first ones and every replacement (``maxtasksperchild``), are
forked by a *template* process: a child forked from the caller when the pool starts, which
then only forks workers and takes the messages :meth:`TemplatePool.send` gives it (each
handed to ``receive`` in the template, e.g. to add to what later workers start with).
Results, tasks and the pool's API are the ordinary pool's.  A worker also ends when a task
it ran called :func:`retire` (after handing that task's result back: it reads no further
task), and the pool forks its replacement as for ``maxtasksperchild``; the batch engine
retires a worker by how much its memory grew (:func:`resident_bytes`) rather than after a
fixed number of tasks.

Why: a forked process shares its parent's pages until either rewrites them.  A caller whose
heap grows during a long run (the batch engine's run cache, its reading and writing) and
forks a replacement worker late in the run hands it a heap of hundreds of megabytes of which
every page the caller rewrites afterwards stays behind as that worker's private copy.  The
template's heap stays what the caller's was when the pool started (plus what ``receive``
adds), so a replacement starts as small as a first worker.

The caller sees each worker through a pidfd (``os.pidfd_open``, Linux 5.3+): its sentinel,
``is_alive``, ``join`` and ``terminate`` (:func:`signal.pidfd_send_signal`); the template,
its parent, reaps it, so its exit status is not known to the caller (``exitcode`` is 0 once
it has ended).  The template and its workers ignore SIGINT: the caller ends them.  :func:`available` says whether this platform has them; elsewhere use the
ordinary pool.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing import connection, reduction, util
from multiprocessing.pool import Pool
from typing import Any

_FORK, _MESSAGE, _STOP = "fork", "message", "stop"
_RETIRING = [False]  # in a worker: whether a task asked it to end (retire)


def retire() -> None:
    """In a worker of a :class:`TemplatePool`: end after the task that calls this (its result
    is handed back first); the pool forks a replacement.  Elsewhere: no effect."""
    _RETIRING[0] = True


def resident_bytes() -> int:
    """This process's resident memory (``/proc/self/statm``; 0 where there is none)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class _TaskQueue:
    """The pool's task queue as a worker reads it: after :func:`retire`, no further task
    (``None``, the pool's own sentinel for "end"); otherwise the queue itself."""

    def __init__(self, queue: Any) -> None:
        self._queue = queue

    def get(self) -> Any:
        return None if _RETIRING[0] else self._queue.get()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._queue, name)


def available() -> bool:
    """Whether processes can be forked and watched through pidfds here (Linux 5.3+)."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    try:
        os.close(os.pidfd_open(os.getpid()))
    except (AttributeError, OSError):
        return False
    return True


class TemplatePool(Pool):
    """A fork pool whose workers are forked by a template process (module docstring)."""

    def __init__(
        self,
        processes: int,
        initializer: Callable[[], None] | None = None,
        maxtasksperchild: int | None = None,
        receive: Callable[[Any], None] | None = None,
    ) -> None:
        self._receive = receive
        self._lock = threading.Lock()  # one exchange with the template at a time
        self._template: Any = None
        self._conn: Any = None
        super().__init__(processes, initializer, (), maxtasksperchild,
                         context=multiprocessing.get_context("fork"))  # fmt: skip
        # after the pool's own finaliser (priority 15), which ends the workers
        util.Finalize(self, _stop_template, args=(self._lock, self._conn, self._template),
                      exitpriority=14)  # fmt: skip

    def Process(self, ctx: Any, *args: Any, **kwds: Any) -> Any:  # noqa: N802 (Pool's hook)
        """A worker process: the template forks it (the first call starts the template)."""
        if self._template is None:
            self._start_template(ctx, kwds["target"], kwds["args"])
        return TemplateChild(self._fork)

    @property
    def template_pid(self) -> int | None:
        """The template's process id (None before the pool starts its first worker)."""
        return None if self._template is None else self._template.pid

    def send(self, message: Any) -> None:
        """Hand ``message`` to ``receive`` in the template (workers it forks after that
        start with what ``receive`` made of it)."""
        with self._lock:
            self._conn.send((_MESSAGE, message))

    def join(self) -> None:
        super().join()
        _stop_template(self._lock, self._conn, self._template)

    def _start_template(self, ctx: Any, target: Any, args: tuple[Any, ...]) -> None:
        mine, theirs = ctx.Pipe(duplex=True)  # a socket pair: it also carries the pidfds
        self._template = ctx.Process(
            # (the worker's task queue wrapped: a retired worker reads no further task)
            target=_template_main, args=(theirs, target, (_TaskQueue(args[0]), *args[1:]),
                                         self._receive),
            name="TemplateProcess", daemon=True,
        )  # fmt: skip
        self._template.start()
        theirs.close()
        self._conn = mine

    def _fork(self) -> tuple[int, int]:
        """A new worker's process id and a pidfd for it, from the template."""
        with self._lock:
            self._conn.send((_FORK, None))
            pid = self._conn.recv()
            return pid, reduction.recv_handle(self._conn)


class TemplateChild:
    """A worker forked by the template, as the pool sees its processes (through a pidfd)."""

    def __init__(self, fork: Callable[[], tuple[int, int]]) -> None:
        self.name = "TemplateWorker"
        self.daemon = True
        self.pid: int | None = None
        self.sentinel: int | None = None  # the pidfd: readable once the process has ended
        self._fork = fork
        self._ended = False

    def start(self) -> None:
        self.pid, self.sentinel = self._fork()

    @property
    def exitcode(self) -> int | None:
        """None while it runs; 0 once it has ended (its parent, the template, has its status)."""
        return 0 if self._has_ended(0) else None

    def is_alive(self) -> bool:
        return not self._has_ended(0)

    def join(self, timeout: float | None = None) -> None:
        if self._has_ended(timeout) and self.sentinel is not None:
            os.close(self.sentinel)
            self.sentinel = None

    def terminate(self) -> None:
        if not self._has_ended(0):
            signal.pidfd_send_signal(self.sentinel, signal.SIGTERM)

    def _has_ended(self, timeout: float | None) -> bool:
        if not self._ended and self.sentinel is not None:
            self._ended = bool(connection.wait([self.sentinel], timeout))
        return self._ended


def _stop_template(lock: threading.Lock, conn: Any, template: Any) -> None:
    if template is None:
        return
    with lock:
        if not conn.closed:
            try:
                conn.send((_STOP, None))
            except OSError:
                pass  # it has ended already
            conn.close()
    template.join(10)
    if template.exitcode is None:
        template.terminate()
        template.join()


def _template_main(
    conn: Any, target: Any, args: tuple[Any, ...], receive: Callable[[Any], None] | None
) -> None:
    """The template: fork a worker running ``target(*args)`` on request, hand messages to
    ``receive``, reap its workers; end on a stop request or when the caller has gone."""
    multiprocessing.current_process().daemon = False  # it has children: its workers
    # Ctrl-C reaches the whole process group: the caller handles it and ends the pool (the
    # template and its workers, which inherit this, print no tracebacks of their own)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ctx = multiprocessing.get_context("fork")
    workers: list[Any] = []
    gc.freeze()  # what it holds is shared with every worker: no collection rewrites it
    while True:
        ready = connection.wait([conn, *(w.sentinel for w in workers)])
        workers = [w for w in workers if w.exitcode is None]  # exitcode reaps the ended
        if conn not in ready:
            continue
        try:
            kind, message = conn.recv()
        except EOFError:  # the caller has gone
            break
        if kind == _STOP:
            break
        if kind == _MESSAGE:
            if receive is not None:
                receive(message)
            gc.freeze()
            continue
        worker = ctx.Process(target=target, args=args, name="PoolWorker", daemon=True)
        worker.start()
        workers.append(worker)
        pidfd = os.pidfd_open(worker.pid)
        conn.send(worker.pid)
        reduction.send_handle(conn, pidfd, os.getppid())
        os.close(pidfd)
    conn.close()
    for worker in workers:  # the caller ends them first; this is for a caller that died
        if worker.exitcode is None:
            worker.terminate()


__all__ = ["TemplateChild", "TemplatePool", "available", "resident_bytes", "retire"]
