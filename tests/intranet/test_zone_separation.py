"""The intranet zone holds nothing of the internet zone: no apps, tables, URLs or settings."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import Resolver404, resolve

INTERNET_APPS = {"citizens", "portal", "api", "sms_simulator", "notifications", "payments",
                 "gateway_simulator", "stats_portal", "rating_portal", "progress", "letters_portal",
                 "transparency_portal"}
INTERNET_TABLE_PREFIXES = ("citizens_", "portal_", "sms_simulator_", "notifications_", "payments_",
                           "gateway_simulator_", "stats_portal_", "rating_portal_", "letters_portal_",
                           "transparency_portal_")


def test_zone_is_intranet():
    assert settings.ZONE == "intranet"


def test_no_internet_app_is_installed():
    assert not INTERNET_APPS & {config.label for config in apps.get_app_configs()}


@pytest.mark.django_db
def test_no_internet_table_exists():
    tables = connection.introspection.table_names()
    assert "officers_officer" in tables
    assert not [t for t in tables if t.startswith(INTERNET_TABLE_PREFIXES)]


@pytest.mark.parametrize("path", ["/accounts/register/", "/api/v1/catalog/items", "/search/",
                                  "/dev/sms/"])
def test_no_internet_url_resolves(path):
    with pytest.raises(Resolver404):
        resolve(path)


def test_no_setting_points_at_the_internet_zone():
    assert "internet" not in str(settings.DATABASES["default"]["NAME"])
    for name in dir(settings):
        if name.isupper() and name != "SETTINGS_MODULE":
            value = repr(getattr(settings, name))
            assert "settings.internet" not in value and ":8000" not in value, name
            assert "internet.sqlite3" not in value, name
