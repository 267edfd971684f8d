"""The public statistics pages, the open-data files and the API: what a visitor sees."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.utils import timezone

from policeonline.stats.portal.queries import OPEN_DATA_COLUMNS

from .conftest import row
from .privacy import leaks

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(intranet, settings):
    settings.STATS_MIN_RATINGS = 1  # every cell's satisfaction shown: the arithmetic is checked
    intranet.publish([
        row("2026-10-30", received=4, completed=2, on_time=2, working_days=6, ratings=2, rating_sum=9,
            satisfied=2),
        row("2026-11-02", received=2, completed=2, on_time=1, working_days=10, ratings=2, rating_sum=5,
            satisfied=1),
        row("2026-11-02", "CRJ-001", "exit_entry", received=1),
    ])


def test_the_overview_shows_totals_charts_and_tables(client, published):
    page = client.get("/statistics/", {"period": "day", "first": "2026-10-30", "last": "2026-11-02"})
    html = page.content.decode()
    assert page.status_code == 200
    # totals: 7 received, 4 completed, 3 of them on time (75%), 16/4 = 4.0 working days,
    # 3 of 4 ratings satisfied (75%), average 14/4 = 3.5
    totals = html[html.index('id="stats-totals"'):html.index("</dl>")]
    for figure in ("<strong>7</strong>", "<strong>4</strong>", "<strong>75.0%</strong>",
                   "<strong>4.0</strong>", "3.5"):
        assert figure in totals
    assert html.count("<svg") == 2 and 'role="img"' in html and "<rect" in html and "<polyline" in html
    series = html[html.index('id="series-table"'):]
    series = series[:series.index("</table>")]
    assert series.count("<tr>") == 1 + 4  # header and the four days, the quiet ones as zero
    breakdown = html[html.index('id="breakdown-table"'):]
    assert "户籍" in breakdown or "HZ" in breakdown
    assert "CRJ" in breakdown


def test_by_month_year_item_and_department(client, published):
    months = client.get("/statistics/", {"period": "month", "first": "2026-10-01", "last": "2026-11-30",
                                          "by": "department"}).content.decode()
    table = months[months.index('id="series-table"'):months.index("</table>")]
    assert "<th scope=\"row\">2026-10</th><td>4</td>" in table.replace("\n", "")
    assert "<th scope=\"row\">2026-11</th><td>3</td>" in table.replace("\n", "")
    assert "exit_entry" in months[months.index('id="breakdown-table"'):]
    one_item = client.get("/statistics/", {"period": "year", "by": "item", "code": "CRJ-001",
                                            "first": "2026-01-01", "last": "2026-12-31"}).content.decode()
    assert "<th scope=\"row\">2026</th><td>1</td>" in one_item.replace("\n", "")


def test_a_bad_query_says_why_and_shows_the_default_figures(client, published):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages below in English
    for params, message in (({"period": "week"}, "week"),
                            ({"first": "2026-11-05", "last": "2026-11-01"}, "start date is after"),
                            ({"first": "2024-01-01", "last": "2026-01-01"}, "at most 366 days"),
                            ({"by": "item", "code": "XX-999"}, "No such category, item or department")):
        page = client.get("/statistics/", params)
        assert page.status_code == 400
        html = page.content.decode()
        assert 'class="error-summary"' in html and message in html, params
        assert 'id="stats-totals"' in html


def test_open_data_csv_and_json_hold_the_same_documented_rows(client, published):
    params = {"period": "month", "first": "2026-10-01", "last": "2026-11-30"}
    response = client.get("/statistics/open-data/figures.csv", params)
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == OPEN_DATA_COLUMNS
    assert [(r["period"], r["item_code"], r["received"], r["on_time_rate"]) for r in rows] == [
        ("2026-10", "HZ-001", "4", "100.0"), ("2026-11", "CRJ-001", "1", ""),
        ("2026-11", "HZ-001", "2", "50.0")]
    body = json.loads(client.get("/statistics/open-data/figures.json", params).content)
    assert body["columns"] == list(OPEN_DATA_COLUMNS)
    assert [(r["period"], r["item_code"], r["received"]) for r in body["rows"]] == [
        ("2026-10", "HZ-001", 4), ("2026-11", "CRJ-001", 1), ("2026-11", "HZ-001", 2)]
    assert body["rows"][0]["category_code"] == "HZ" and body["rows"][0]["department_code"] == "population"
    page = client.get("/statistics/open-data/").content.decode()
    for column in ("received", "on_time_rate", "average_working_days", "satisfaction_rate"):
        assert column in page


def test_a_bad_download_query_is_refused_with_the_reason(client, published):
    response = client.get("/statistics/open-data/figures.csv", {"period": "day", "first": "x"})
    assert response.status_code == 400 and json.loads(response.content)["error"]["code"] == "invalid"


def test_the_api_gives_the_same_figures(client, published):
    data = client.get("/api/v1/stats/summary", {"period": "day", "first": "2026-10-30",
                                                "last": "2026-11-02", "by": "department"}).json()
    assert data["totals"]["received"] == 7 and data["totals"]["on_time_rate"] == 75.0
    assert [p["period"] for p in data["series"]] == ["2026-10-30", "2026-10-31", "2026-11-01", "2026-11-02"]
    assert {g["code"] for g in data["breakdown"]} == {"population", "exit_entry"}
    rows = client.get("/api/v1/stats/figures", {"period": "year", "first": "2026-01-01"}).json()["rows"]
    assert sum(r["received"] for r in rows) == 7
    bad = client.get("/api/v1/stats/summary", {"period": "day", "first": "2026-11-05", "last": "2026-11-01"})
    assert bad.status_code == 422


def test_nothing_personal_in_pages_files_or_api(client, citizen, published):
    """张三 has an account on this portal; none of the demo people or officers appears."""
    today = timezone.localdate().isoformat()
    days = {"period": "day", "first": "2026-10-30", "last": "2026-11-02"}
    urls = [("/statistics/", {}), ("/statistics/", {"by": "item", "period": "month"}),
            ("/statistics/", {"by": "department", "period": "year"}), ("/statistics/open-data/", {}),
            ("/statistics/open-data/figures.csv", {"period": "year", "first": "2026-01-01", "last": today}),
            ("/statistics/open-data/figures.json", days),
            ("/api/v1/stats/summary", {"period": "month", "first": "2026-01-01", "by": "item"}),
            ("/api/v1/stats/figures", days)]
    for url, params in urls:
        response = client.get(url, params)
        assert response.status_code == 200, url
        text = response.content.decode("utf-8-sig")
        assert not leaks(text), url


def test_satisfaction_of_a_cell_with_few_ratings_is_withheld(client, intranet, settings):
    """One applicant's rating cannot be read from a small cell: below STATS_MIN_RATINGS the
    satisfaction is withheld everywhere (page, files, API); how many ratings there were is
    still shown, and a cell with enough ratings shows its figures."""
    settings.STATS_MIN_RATINGS = 5
    intranet.publish([
        row("2026-11-02", received=1, completed=1, on_time=1, working_days=3, ratings=1, rating_sum=1,
            satisfied=0),  # one very dissatisfied applicant
        row("2026-11-03", "CRJ-001", "exit_entry", received=6, completed=6, on_time=6,
            working_days=12, ratings=6, rating_sum=27, satisfied=5),
    ])
    day = {"period": "day", "first": "2026-11-02", "last": "2026-11-02"}
    html = client.get("/statistics/", day).content.decode()
    series = html[html.index('id="series-table"'):]
    series = series[:series.index("</table>")].replace("\n", "")
    assert ">0.0%<" not in series and ">1.0<" not in series and "—" in series
    assert ">100.0%<" in series  # on time: shown as ever
    assert "评价数不少于 5 条时才显示满意度" in html  # and the page says why

    rows = list(csv.DictReader(io.StringIO(client.get(
        "/statistics/open-data/figures.csv", day).content.decode("utf-8-sig"))))
    assert [(r["ratings"], r["rating_sum"], r["satisfied"], r["satisfaction_rate"], r["average_rating"])
            for r in rows] == [("1", "", "", "", "")]
    figures = json.loads(client.get("/statistics/open-data/figures.json", day).content)["rows"][0]
    assert figures["ratings"] == 1 and figures["rating_sum"] is None and figures["average_rating"] is None
    api = client.get("/api/v1/stats/summary", day).json()
    assert api["totals"]["ratings"] == 1 and api["totals"]["satisfied"] is None
    assert api["totals"]["received"] == 1  # the other figures as ever

    both = {"period": "day", "first": "2026-11-02", "last": "2026-11-03", "by": "item"}
    api = client.get("/api/v1/stats/summary", both).json()
    assert api["totals"]["ratings"] == 7 and api["totals"]["average_rating"] == 4.0  # 28 / 7
    by_item = {g["code"]: g for g in api["breakdown"]}
    assert by_item["CRJ-001"]["satisfaction_rate"] == 83.3 and by_item["HZ-001"]["satisfaction_rate"] is None
