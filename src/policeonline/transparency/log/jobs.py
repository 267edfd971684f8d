"""The log's periodic job (``manage.py periodic run`` on the intranet)."""

from datetime import timedelta

from policeonline.periodic import job

from .publishing import publish


@job("transparency.publish", every=timedelta(minutes=1))
def publish_tree_head() -> str:
    return publish()
