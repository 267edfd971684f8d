"""The catalog files: complete, consistent, and refused whole when anything is wrong."""

import shutil
from collections import Counter

import pytest
import yaml

from policeonline.catalog.loader import DATA_DIR, CatalogError, load_catalog, read_catalog
from policeonline.catalog.models import CatalogEdition, Category, Item


def test_the_catalog_has_11_categories_and_105_items():
    catalog = read_catalog()
    assert len(catalog.categories) == 11
    assert len(catalog.items) == 105
    assert len({item.code for item in catalog.items}) == 105


def test_every_item_names_a_workflow_template_its_shape_fits():
    from policeonline.workflow import templates

    for category in read_catalog().categories:
        for item in category.items:
            assert item.workflow in templates(), item.code
            if item.online_level != "full_online":  # someone must come in, or officers go out
                assert item.workflow in ("visit", "inspection"), item.code


def test_every_item_is_complete_in_both_languages():
    for item in read_catalog().items:
        assert item.name.zh and item.name.en, item.code
        assert item.summary.zh and item.summary.en, item.code
        assert item.legal_basis.zh and item.legal_basis.en, item.code
        assert item.time_limit_working_days >= 1, item.code
        for material in item.materials:
            assert material.zh and material.en, item.code


def test_reference_facts_are_carried_over():
    items = {item.code: item for item in read_catalog().items}
    passport = items["CRJ-001"]
    assert [f.amount_cny for f in passport.fees] == ["120.00"]
    assert passport.time_limit_working_days == 7
    off_site = items["SF-005"]
    assert "guarantor" in off_site.needs and "payment" in off_site.needs
    levels = Counter(item.online_level for item in items.values())
    assert set(levels) == {"full_online", "one_visit", "appointment"}


def _copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["items"][2]["fees"][0].update(amount_cny="-40"),
     "categories/SF.yaml: item SF-003: fees.0.amount_cny"),
    (lambda d: d["items"][0].pop("time_limit_working_days"),
     "categories/SF.yaml: item SF-001: time_limit_working_days: Field required"),
    (lambda d: d["items"][1].update(online_level="sometimes"),
     "categories/SF.yaml: item SF-002: online_level"),
    (lambda d: d["items"][0]["name"].update(en=""),
     "categories/SF.yaml: item SF-001: name.en"),
    (lambda d: d["items"][0].update(needs=["certificate"]),
     "categories/SF.yaml: item SF-001: (entry): Value error, 'payment' must be in needs"),
    (lambda d: d["items"][3].update(code="SF-001"),
     "categories/SF.yaml: item SF-001: code: already used"),
    (lambda d: d["items"][0].update(department="nowhere"),
     "categories/SF.yaml: item SF-001: department: unknown department 'nowhere'"),
    (lambda d: d["items"][0].update(surprise=True),
     "categories/SF.yaml: item SF-001: surprise: Extra inputs are not permitted"),
    (lambda d: d["items"][0].update(workflow="express"),
     "categories/SF.yaml: item SF-001: workflow: Value error, unknown workflow template 'express'"),
])
def test_a_bad_entry_names_file_item_and_field(tmp_path, change, expected):
    data_dir = _copy(tmp_path)
    _edit(data_dir / "categories" / "SF.yaml", change)
    with pytest.raises(CatalogError) as exc:
        read_catalog(data_dir)
    assert any(problem.startswith(expected) for problem in exc.value.problems), exc.value.problems


def test_an_unknown_format_version_is_refused(tmp_path):
    data_dir = _copy(tmp_path)
    _edit(data_dir / "catalog.yaml", lambda d: d.update(format=2))
    with pytest.raises(CatalogError, match="format 2 is not supported"):
        read_catalog(data_dir)


@pytest.mark.django_db
def test_a_bad_load_changes_nothing(tmp_path):
    before = list(Item.objects.order_by("code").values_list("code", "name_zh", "fees"))
    editions = CatalogEdition.objects.count()
    data_dir = _copy(tmp_path)
    # One good change (a new name) and one bad one in another file: neither may land.
    _edit(data_dir / "categories" / "HZ.yaml", lambda d: d["items"][0]["name"].update(zh="改名"))
    _edit(data_dir / "categories" / "WA.yaml", lambda d: d["items"][0].update(fee_varies="maybe"))
    with pytest.raises(CatalogError):
        load_catalog(data_dir)
    assert list(Item.objects.order_by("code").values_list("code", "name_zh", "fees")) == before
    assert CatalogEdition.objects.count() == editions


@pytest.mark.django_db
def test_loading_is_idempotent_and_applies_changes(tmp_path):
    first = load_catalog()
    assert load_catalog().pk == first.pk  # same files: nothing rewritten
    data_dir = _copy(tmp_path)
    _edit(data_dir / "categories" / "HZ.yaml", lambda d: d["items"][0]["name"].update(zh="出生登记（新）"))
    second = load_catalog(data_dir)
    assert second.pk != first.pk and second.item_count == 105
    assert Item.objects.get(code="HZ-001").name_zh == "出生登记（新）"
    assert Category.objects.count() == 11
