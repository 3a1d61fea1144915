"""The database file: connections, migrations and researcher views."""

from tracker.db.database import Database, guarded_config
from tracker.db.migrations import MIGRATIONS, migrate
from tracker.db.views import VIEWS

__all__ = ["Database", "MIGRATIONS", "VIEWS", "guarded_config", "migrate"]
