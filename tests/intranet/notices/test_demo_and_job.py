"""The demo's notices and the scheduler's job as an operator meets them."""

import pytest
from django.core.management import call_command

from policeonline.notices.desk.models import Notice
from policeonline.periodic import jobs

from ..conftest import make_officer
from .conftest import sent

pytestmark = pytest.mark.django_db


def test_the_scheduler_knows_the_publication_job():
    assert "notices.publish_scheduled" in jobs()


def test_the_demo_seeds_four_published_notices_and_one_scheduled_once():
    make_officer("100001", "population", ["clerk"])
    make_officer("100002", "population", ["approver"])
    call_command("seed_demo_notices")
    call_command("seed_demo_notices")  # a second run changes nothing
    statuses = sorted(Notice.objects.values_list("status", flat=True))
    assert statuses == ["published"] * 4 + ["scheduled"]
    types = [t for t, _ in sent()]
    assert types.count("notice.published") == 4 and types.count("notice.attachment") == 1
