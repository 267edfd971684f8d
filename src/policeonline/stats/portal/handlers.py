"""Daily figures from the intranet (``stats.published``), upserted by (day, item, department).
The stream is ordered, so a later batch's row replaces an earlier one."""

from datetime import date, datetime

from policeonline.exchange.types import handles

from ..figures import COUNTS
from .models import PublishedFigures

FIELDS = {"received": "received", "completed": "completed", "on_time": "on_time",
          "working_days": "working_days", "ratings": "ratings", "rating_sum": "rating_sum",
          "satisfied": "satisfied"}
if set(FIELDS.values()) != set(COUNTS):  # the message's fields and the counted figures drifted apart
    raise ImportError("stats.published fields do not match stats.figures.COUNTS")


@handles("stats.published", from_zone="intranet")
def on_published(body, envelope):
    at = datetime.fromisoformat(body["computed_at"].replace("Z", "+00:00"))
    for row in body["rows"]:
        if row["on_time"] > row["completed"] or row["satisfied"] > row["ratings"]:
            raise ValueError("inconsistent figures")  # refused whole: nothing half-applied
    for row in body["rows"]:
        PublishedFigures.objects.update_or_create(
            day=date.fromisoformat(row["day"]), item_code=row["item"],
            department_code=row["department"],
            defaults={**{field: row[key] for key, field in FIELDS.items()}, "updated_at": at})
