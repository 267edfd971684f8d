"""The product's URLs plus two baselines, behind the same middleware stack:

- ``POST /bench/insert/``: one INSERT into ``bench_insert`` (created by the bench, not a
  migration) — the framework ceiling of a submission;
- ``GET /bench/bytes/<name>/``: the bytes of a page captured earlier, returned as they are — the
  framework ceiling of that page.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import include, path


def insert(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_insert (payload) VALUES (%s) RETURNING id", ["submitted"])
        row_id = cursor.fetchone()[0]
    return JsonResponse({"id": row_id})


@cache
def _captured(name: str) -> bytes:
    folder = Path(settings.BENCH_BYTES_DIR)
    target = folder / f"{name}.html"
    if not name.replace("+", "_").isidentifier() or not target.is_file():
        raise Http404
    return target.read_bytes()


def same_bytes(request, name):
    return HttpResponse(_captured(name), content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bench/insert/", insert),
    path("bench/bytes/<str:name>/", same_bytes),
    path("", include(settings.BENCH_PRODUCT_URLCONF)),
]
