"""好差评: citizens rate a finished case (five levels, one rating per case, optional comment);
a poor rating (不满意 / 非常不满意) opens a rectification task for the case's department with a
15-working-day deadline; the department's answer goes back to the citizen, who may rate it once.

``portal`` is the internet zone's half (the citizen's rating and the follow-up as the portal
sees it), ``desk`` the intranet's (``Rating`` per case, ``RectificationTask``). ``levels`` is
shared: the five levels and their labels. See docs/ratings.md and ADR 0023.
"""
