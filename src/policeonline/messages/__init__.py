"""Every business message type that may cross the boundary, in one reviewable place.

Both zones import all declarations; each zone attaches handlers only for what it receives.
(The exchange's own types, ack and probe, are in ``exchange.control``.)
"""

from . import (  # noqa: F401
    applications,
    appointments,
    guarantors,
    identity,
    letters,
    notices,
    payments,
    permits,
    plates,
    ratings,
    stats,
    transparency,
)
