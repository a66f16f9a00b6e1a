"""Django's database sessions, with the read every signed-in page makes done in plain SQL.

Measured on the benchmark's data (in-process, SQLite): the ORM's `Session.objects.get` took about
0.4 ms of a 3.8 ms home page; the same SELECT through core/sql.py takes a tenth of that. Writes
(log-in, log-out, a changed session) stay Django's own.
"""

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from microposts.core.sql import db_datetime, fetch_one

_SESSION_SQL = "SELECT session_data FROM django_session WHERE session_key = %s AND expire_date > %s"


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict[str, Any]:
        row = fetch_one(_SESSION_SQL, [self.session_key, db_datetime(timezone.now())])
        if row is None:
            # As Django's own: an unknown or expired key is dropped, and a new one made on save.
            self._session_key = None
            return {}
        data: dict[str, Any] = self.decode(row[0])
        return data
