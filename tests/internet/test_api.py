"""The public JSON API (/api/v1/) and its committed OpenAPI document."""

import json
from pathlib import Path

import pytest

from policeonline.api.management.commands.export_openapi import openapi_text

pytestmark = pytest.mark.django_db
COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi-internet.json"


def test_categories_with_item_counts(client):
    categories = client.get("/api/v1/catalog/categories").json()
    assert len(categories) == 11
    assert sum(c["item_count"] for c in categories) == 105
    hz = categories[0]
    assert hz["code"] == "HZ" and hz["name"]["zh"] and hz["name"]["en"]
    assert hz["department"]["code"] == "population"


def test_items_are_paginated_and_filterable(client):
    page = client.get("/api/v1/catalog/items", {"limit": 20}).json()
    assert page["count"] == 105 and len(page["items"]) == 20
    crj = client.get("/api/v1/catalog/items", {"category": "CRJ", "limit": 100}).json()
    assert crj["count"] == 16 and {i["category"] for i in crj["items"]} == {"CRJ"}


@pytest.mark.parametrize("query", ["护照", "passport"])
def test_items_search(client, query):
    found = client.get("/api/v1/catalog/items", {"q": query, "limit": 100}).json()
    codes = [item["code"] for item in found["items"]]
    assert "CRJ-001" in codes and "CRJ-002" in codes and "HZ-001" not in codes


def test_item_guide(client):
    item = client.get("/api/v1/catalog/items/crj-001").json()
    assert item["code"] == "CRJ-001"
    assert item["fees"][0]["amount_cny"] == "120.00" and item["fee_min_cny"] == "120.00"
    assert item["time_limit_working_days"] == 7
    assert item["materials"] and all(m["zh"] and m["en"] for m in item["materials"])
    assert item["process"][0]["title"] == {"zh": "网上申请", "en": "Apply online"}
    assert item["legal_basis"]["zh"].startswith("《护照法》")


def test_free_item_reports_zero_and_varying_fee_reports_null(client):
    items = client.get("/api/v1/catalog/items", {"limit": 200}).json()["items"]
    free = [i for i in items if i["fee_min_cny"] == "0.00"]
    varying = [i for i in items if i["fee_varies"]]
    assert free and all(not i["fee_varies"] for i in free)
    assert all(i["fee_min_cny"] is None for i in varying)


def test_unknown_item_has_the_error_shape(client):
    response = client.get("/api/v1/catalog/items/XX-999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_bad_parameters_get_a_422_with_fields(client):
    response = client.get("/api/v1/catalog/items", {"limit": "many"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_openapi_document_is_served_and_committed_without_drift(client):
    served = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/catalog/items/{code}" in served["paths"]
    assert COMMITTED.exists(), "run `make openapi` and commit docs/api/openapi-internet.json"
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == json.loads(openapi_text()), \
        "the OpenAPI document drifted from the code: run `make openapi` and commit it"
