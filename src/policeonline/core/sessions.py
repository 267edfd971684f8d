"""Django's database sessions, read with one plain statement (ADR 0040).

Every signed-in request reads its session row first; Django's store builds a queryset for it
(about half a millisecond of Python, more than the read itself). The row, the expiry test and
everything else — creating, saving, rotating, clearing expired sessions — are Django's.

    SESSION_ENGINE = "policeonline.core.sessions"
"""

from django.contrib.sessions.backends import db
from django.utils import timezone

from . import rows


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        if self.session_key is not None:
            model = self.model
            found = rows.select(model, "session_key = %s AND expire_date > %s",
                                [self.session_key, rows.prep(model, "expire_date", timezone.now())])
            if found:
                return found[0]
        self._session_key = None
        return None
