"""The portal's issue-5 housekeeping runs as periodic jobs (ADR 0029, 0030): plate holds and
stock, lost payment callbacks and the daily reconciliation, guarantee timeouts, reminders."""

import pytest
from django.core.management import call_command

from policeonline.periodic import jobs

PORTAL_JOBS = {"plates.expire_holds", "plates.stock", "payments.catch_up", "payments.reconcile",
               "guarantees.expire", "appointments.remind"}


def test_the_portal_knows_the_jobs():
    assert set(jobs()) >= PORTAL_JOBS


@pytest.mark.django_db
def test_the_housekeeping_jobs_run_on_demand(capsys):
    for name in ("plates.expire_holds", "guarantees.expire"):
        call_command("periodic", "run", "--job", name)
    out = capsys.readouterr().out
    assert "expired holds returned to the pool" in out and "guarantee request(s) expired" in out
