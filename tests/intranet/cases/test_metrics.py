"""The back office's /metrics counts overdue cases: the number operators alert on."""

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from policeonline.cases.models import Case

pytestmark = pytest.mark.django_db


def overdue(client) -> float:
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken-for-the-intranet-test")
    assert response.status_code == 200
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            if sample.name == "pso_cases_overdue":
                assert sample.labels == {"zone": "intranet"}
                return sample.value
    raise AssertionError("no pso_cases_overdue in the scrape")


def test_a_case_past_its_time_limit_is_counted_until_it_closes(client, settings, portal):
    settings.METRICS_TOKEN = "t0ken-for-the-intranet-test"
    before = overdue(client)
    app_id, _ = portal.submit("HZ-001")
    case = Case.objects.get(application_id=app_id)
    assert overdue(client) == before  # due in the future
    Case.objects.filter(pk=case.pk).update(next_due=timezone.localdate() - timedelta(days=1))
    assert overdue(client) == before + 1
    Case.objects.filter(pk=case.pk).update(is_open=False)
    assert overdue(client) == before
