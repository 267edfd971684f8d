"""Bench-only settings: a zone's real settings plus the baseline views of `bench_urls`.

    DJANGO_SETTINGS_MODULE=bench_settings BENCH_ZONE=internet|intranet  (bench/ on PYTHONPATH)

Nothing here is product code; `applications_bench.py` serves it with gunicorn.
"""

import os

if os.environ.get("BENCH_ZONE", "internet") == "intranet":
    from policeonline.settings.intranet import *  # noqa: F403
    from policeonline.settings.intranet import ROOT_URLCONF as PRODUCT_URLCONF
else:
    from policeonline.settings.internet import *  # noqa: F403
    from policeonline.settings.internet import ROOT_URLCONF as PRODUCT_URLCONF

ROOT_URLCONF = "bench_urls"
BENCH_PRODUCT_URLCONF = PRODUCT_URLCONF
BENCH_BYTES_DIR = os.environ.get("BENCH_BYTES_DIR", "")
