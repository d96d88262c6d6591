"""Long work off the UI thread: a QRunnable whose result comes back as a signal.

The worker gets plain data (pack inputs, record lists, a file path and key), never the GUI
thread's database connection: SQLite connections belong to their thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    """Signals delivered on the thread that owns this object (the GUI thread)."""

    finished = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """Run ``fn()`` in the thread pool; emit ``finished(result)`` or ``failed(exception)``."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = TaskSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which shows it
            log.warning("background task failed: %s", type(exc).__name__)
            self.signals.failed.emit(exc)
            return
        self.signals.finished.emit(result)


_running: set[Task] = set()


def busy() -> bool:
    """Some long work (an export, a backup, an import, a sync) is still running."""
    return bool(_running)


def start(fn: Callable[[], Any], on_done: Callable[[Any], None],
          on_fail: Callable[[BaseException], None]) -> Task:
    """Start ``fn`` in the background; callbacks run on the GUI thread."""
    task = Task(fn)
    _running.add(task)

    def done(result: Any) -> None:
        _running.discard(task)
        on_done(result)

    def fail(exc: BaseException) -> None:
        _running.discard(task)
        on_fail(exc)

    task.signals.finished.connect(done)
    task.signals.failed.connect(fail)
    QThreadPool.globalInstance().start(task)
    return task
