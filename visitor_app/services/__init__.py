"""Use-case services for one visitation: the CLI and the window both call these."""

from visitor_app.services.changes import Changes
from visitor_app.services.members import ROLES
from visitor_app.services.visitation import STATUSES, Visitation, check_file

__all__ = ["Changes", "ROLES", "STATUSES", "Visitation", "check_file"]
