"""The periodic scheduler: a due job runs once per interval, however many schedulers ask; a
failing job is recorded and does not stop the others."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from policeonline.periodic import job, registry
from policeonline.periodic.models import JobState
from policeonline.periodic.runner import claim, run_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls():
    seen = []
    saved = dict(registry._JOBS)
    registry._JOBS.clear()

    @job("test.count", every=timedelta(minutes=10))
    def count():
        seen.append("count")
        return f"{len(seen)} so far"

    @job("test.broken", every=timedelta(minutes=5))
    def broken():
        raise RuntimeError("registry unreachable")

    yield seen
    registry._JOBS.clear()
    registry._JOBS.update(saved)


def test_a_due_job_runs_once_per_interval(calls):
    start = timezone.now()
    run_due(start)
    run_due(start + timedelta(minutes=9))
    assert calls == ["count"]
    run_due(start + timedelta(minutes=10))
    assert calls == ["count", "count"]
    state = JobState.objects.get(name="test.count")
    assert (state.runs, state.ok, state.summary) == (2, True, "2 so far")


def test_a_failing_job_is_recorded_and_the_others_still_run(calls):
    results = {name: (ok, summary) for name, ok, summary in run_due()}
    assert results["test.broken"] == (False, "RuntimeError: registry unreachable")
    assert results["test.count"][0] is True
    state = JobState.objects.get(name="test.broken")
    assert (state.ok, state.failures) == (False, 1)


def test_of_two_schedulers_only_one_claims_a_due_job(calls):
    now = timezone.now()
    count = registry._JOBS["test.count"]
    assert claim(count, now) is True
    assert claim(count, now) is False


def test_the_command_runs_one_job_on_demand_and_lists_them(calls, capsys):
    call_command("periodic", "run", "--job", "test.count")
    call_command("periodic", "run", "--job", "test.count")  # on demand: due or not
    assert calls == ["count", "count"]
    call_command("periodic", "list")
    listing = capsys.readouterr().out
    assert "test.count" in listing and "ok (2 so far)" in listing
    assert "test.broken" in listing and "never run" in listing
    with pytest.raises(CommandError, match="no periodic job"):
        call_command("periodic", "run", "--job", "test.nothing")
    with pytest.raises(CommandError, match="failed"):
        call_command("periodic", "run", "--job", "test.broken")


def test_a_job_runs_at_most_once_a_second():
    with pytest.raises(ValueError, match="at most once a second"):
        job("test.fast", every=timedelta(milliseconds=10))
