"""Periodic jobs of a zone: deadline scans, escalations, publication, reports.

An app declares its jobs in ``<app>/jobs.py``::

    @job("letters.escalate", every=timedelta(minutes=10))
    def escalate_overdue() -> str: ...

``manage.py periodic run`` runs them (the demo starts it in both zones; production runs one or
more per zone under the process supervisor). See ADR 0030.
"""

from .registry import Job, job, jobs

__all__ = ["Job", "job", "jobs"]
