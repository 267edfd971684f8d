"""The internet zone holds nothing of the intranet: no apps, tables, URLs or settings."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import Resolver404, resolve

INTRANET_APPS = {"officers", "workbench", "admin", "otp_totp", "django_otp", "payment_desk",
                 "supervision", "stats_desk", "rating_desk", "letters_desk",
                 "transparency_log"}
INTRANET_TABLE_PREFIXES = ("officers_", "workbench_", "django_admin_", "otp_", "payment_desk_",
                           "supervision_", "stats_desk_", "rating_desk_", "letters_desk_",
                           "transparency_log_")


def test_zone_is_internet():
    assert settings.ZONE == "internet"


def test_no_intranet_app_is_installed():
    assert not INTRANET_APPS & {config.label for config in apps.get_app_configs()}


@pytest.mark.django_db
def test_no_intranet_table_exists():
    tables = connection.introspection.table_names()
    assert "citizens_user" in tables
    assert not [t for t in tables if t.startswith(INTRANET_TABLE_PREFIXES)]


@pytest.mark.parametrize("path", ["/admin/", "/officers/login/", "/workbench/"])
def test_no_intranet_url_resolves(path):
    with pytest.raises(Resolver404):
        resolve(path)


def test_no_setting_points_at_the_intranet():
    database = str(settings.DATABASES["default"]["NAME"])
    assert "intranet" not in database
    for name in dir(settings):
        if name.isupper():
            value = repr(getattr(settings, name))
            assert "intranet" not in value.lower() or name == "SETTINGS_MODULE", name
            assert ":8001" not in value, name
