"""The portal keeps what the intranet publishes: a later row replaces an earlier one, and a
batch with impossible figures changes nothing."""

from datetime import date

import pytest

from policeonline.exchange.models import QuarantinedEnvelope
from policeonline.stats.portal.models import PublishedFigures

from .conftest import row

pytestmark = pytest.mark.django_db


def test_rows_are_kept_and_later_ones_replace_earlier_ones(intranet):
    intranet.publish([row("2026-11-02", received=3), row("2026-11-02", "CRJ-001", "exit_entry", received=1)])
    intranet.publish([row("2026-11-02", received=3, completed=2, on_time=1, working_days=9)])
    assert PublishedFigures.objects.count() == 2
    kept = PublishedFigures.objects.get(item_code="HZ-001")
    assert (kept.received, kept.completed, kept.on_time, kept.working_days) == (3, 2, 1, 9)


def test_a_batch_with_impossible_figures_changes_nothing(intranet):
    intranet.publish([row("2026-11-02", received=1)])
    intranet.publish([row("2026-11-03", received=5), row("2026-11-02", completed=1, on_time=2)])
    assert list(PublishedFigures.objects.values_list("day", "received", "completed")) == [
        (date(2026, 11, 2), 1, 0)]
    assert QuarantinedEnvelope.objects.filter(type="stats.published").exists()
