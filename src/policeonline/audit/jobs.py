from datetime import timedelta

from policeonline.periodic import job

from . import chain


@job("audit.seal", every=timedelta(minutes=1))
def seal() -> str:
    total = 0
    while (count := chain.seal()) == chain.BATCH:  # catch up in batches after a pause
        total += count
    return f"{total + count} audit events sealed"


@job("audit.purge", every=timedelta(days=1))
def purge() -> str:
    return f"{chain.purge()} audit events older than {chain.retention_days()} days purged"
