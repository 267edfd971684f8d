"""Gunicorn settings for a zone's web process (``gunicorn -c python:policeonline.monitoring.gunicorn_conf``).

With ``PROMETHEUS_MULTIPROC_DIR`` set (an empty folder of its own per gunicorn instance), the
workers' request metrics are shared through files there: the master empties it at start, and
a worker that exits is marked dead so its live gauges go (its counts stay in the totals).
With ``LOG_FORMAT=json`` gunicorn's own lines are JSON too. Bind address, workers and
timeouts stay on the command line (deploy/systemd)."""

import os
from pathlib import Path

from policeonline.monitoring.logs import logging_config

MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")

if os.environ.get("LOG_FORMAT") == "json":
    logconfig_dict = logging_config("json", os.environ.get("LOG_LEVEL", "INFO"))
    logconfig_dict["loggers"].update({
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    })


def on_starting(server):
    if MULTIPROC_DIR:
        folder = Path(MULTIPROC_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.db"):  # numbers of a previous run's workers
            old.unlink()


def child_exit(server, worker):
    if MULTIPROC_DIR:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
