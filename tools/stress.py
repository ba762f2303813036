"""Load the CPUs on purpose: busy-looping Python processes, bounded in time, to run tests on a busy machine.

    python tools/stress.py --seconds 60                                  # load every core for a minute
    python tools/stress.py --seconds 900 -- pytest -q -p no:randomly     # run a command under load
    python tools/stress.py --workers 4 --seconds 900 -- pytest tests/ws  # twice as many loaders as cores

From Python: ``with Stress(seconds=60): run_the_thing()``.

Every worker is a separate process (no GIL sharing with the loaded program) that spins pure-Python
arithmetic until its own deadline, so it stops by itself even if nobody tells it to; it also stops
when its parent dies or when the parent sets the shared stop event. With a command, the command's
exit code is returned; the load ends when the command ends or the seconds run out, whichever is first.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import multiprocessing.synchronize
import os
import subprocess
import sys
import time
from types import TracebackType

MAX_SECONDS = 4 * 3600  # a hard cap: a loader never outlives a forgotten terminal by much
_CHECK_EVERY = 20_000  # loop iterations between looks at the clock (≈ a few ms of work)


def _spin(deadline: float, stop: multiprocessing.synchronize.Event, parent: int) -> None:  # float ok: seconds
    """Burn one core until `deadline` (monotonic seconds), `stop` is set, or the parent is gone."""
    x = 1
    while time.monotonic() < deadline and not stop.is_set() and os.getppid() == parent:
        for i in range(_CHECK_EVERY):
            x = (x * 1103515245 + i) & 0x7FFFFFFF


class Stress:
    """``workers`` busy processes (one per core by default) for at most ``seconds``; a context manager."""

    def __init__(self, seconds: float, workers: int | None = None) -> None:  # float ok: seconds
        if not 0 < seconds <= MAX_SECONDS:
            raise ValueError(f"seconds must be in (0, {MAX_SECONDS}]")
        self.seconds = seconds
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        if self.workers < 1:
            raise ValueError("workers must be >= 1")
        self._ctx = multiprocessing.get_context("spawn")  # no fork of a threaded parent (e.g. pytest)
        self._stop = self._ctx.Event()
        self._procs: list[multiprocessing.process.BaseProcess] = []

    def start(self) -> Stress:
        """Start the workers; they stop by themselves after ``seconds``."""
        deadline = time.monotonic() + self.seconds  # CLOCK_MONOTONIC is system-wide on Linux
        for _ in range(self.workers):
            p = self._ctx.Process(target=_spin, args=(deadline, self._stop, os.getpid()), daemon=True)
            p.start()
            self._procs.append(p)
        return self

    def stop(self) -> None:
        """Stop the workers now and reap them."""
        self._stop.set()
        for p in self._procs:
            p.join(5)
            if p.is_alive():
                p.kill()
                p.join(5)
        self._procs.clear()

    def __enter__(self) -> Stress:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """Load the CPUs for ``--seconds``, or while running the command after ``--``; return its exit code."""
    args = sys.argv[1:] if argv is None else argv
    command: list[str] = []
    if "--" in args:
        at = args.index("--")
        args, command = args[:at], args[at + 1:]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0, help="upper bound on the load (default 60)")
    parser.add_argument("--workers", type=int, default=None, help="busy processes (default: one per core)")
    opts = parser.parse_args(args)
    stress = Stress(opts.seconds, opts.workers)
    started = time.monotonic()
    print(f"stress: {stress.workers} workers for at most {opts.seconds:g} s"
          + (f" running: {' '.join(command)}" if command else ""), file=sys.stderr, flush=True)
    with stress:
        if command:
            try:
                code = subprocess.call(command)
            except KeyboardInterrupt:
                code = 130
        else:
            with contextlib.suppress(KeyboardInterrupt):
                time.sleep(opts.seconds)
            code = 0
    print(f"stress: done after {time.monotonic() - started:.1f} s, exit code {code}", file=sys.stderr, flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
