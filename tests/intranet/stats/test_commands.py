"""The operator's commands and the counting without the ratings app."""

from datetime import date

import pytest
from django.core.management import call_command

from policeonline.exchange.models import OutboxEntry
from policeonline.stats.desk import counting
from policeonline.stats.desk.models import DailyFigures

from .conftest import concluded, rated, received

pytestmark = pytest.mark.django_db
MON = date(2026, 11, 2)


def test_rebuild_by_default_counts_from_the_first_case_and_publishes(portal, capsys):
    received(portal, "HZ-001", MON)
    call_command("stats", "rebuild")
    assert DailyFigures.objects.get(day=MON).received == 1
    assert "1 sent to the portal" in capsys.readouterr().out
    call_command("stats", "republish")
    assert OutboxEntry.objects.filter(type="stats.published").count() == 2


def test_without_the_ratings_app_there_is_simply_no_satisfaction(portal, monkeypatch):
    case = concluded(received(portal, "HZ-001", MON), MON)
    rated(case, MON, 5)
    installed = counting.apps.is_installed
    monkeypatch.setattr(counting.apps, "is_installed",
                        lambda name: name != "policeonline.ratings.desk" and installed(name))
    row = counting.count_day(MON)["HZ-001", "population"]
    assert (row["received"], row["completed"], row["ratings"]) == (1, 1, 0)
