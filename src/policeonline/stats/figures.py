"""What a figure means, in both zones. A row counts, for one day, item and department:

- ``received``: cases received on the intranet that day (the case log's ``receive`` event);
- ``completed``: cases concluded that day with a decision (granted, not accepted or refused;
  withdrawals are not completions);
- ``on_time``: of those, concluded on or before their legal due date (or before the clock
  started, i.e. not accepted at intake);
- ``working_days``: the sum, over completed cases, of working days from acceptance (or receipt)
  to conclusion — divided by ``completed`` it is the average;
- ``ratings``/``rating_sum``/``satisfied``: citizens' ratings of a case (好差评, kind "case")
  given that day, the sum of their levels (1–5) and how many were 4 or 5 (satisfied).
"""

COUNTS = ("received", "completed", "on_time", "working_days", "ratings", "rating_sum", "satisfied")
COMPLETED_OUTCOMES = ("granted", "refused", "rejected")
SATISFIED_LEVEL = 4


def rate(part: int, whole: int) -> float | None:
    """A share in percent with one decimal, or None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def mean(total: int, n: int) -> float | None:
    return round(total / n, 1) if n else None


def derived(row: dict) -> dict:
    """The published counts plus the figures a reader wants: rates and averages."""
    return {**row,
            "on_time_rate": rate(row["on_time"], row["completed"]),
            "average_working_days": mean(row["working_days"], row["completed"]),
            "satisfaction_rate": rate(row["satisfied"], row["ratings"]),
            "average_rating": round(row["rating_sum"] / row["ratings"], 2) if row["ratings"] else None}
