"""Who is acting: the user passed to every write function, and the role check each one makes."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.errors import PermissionDeniedError
from tracker.schema.vocab import ROLE_RANK, Role


@dataclass(frozen=True)
class CurrentUser:
    name: str
    role: Role

    @classmethod
    def cli(cls, name: str | None = None) -> CurrentUser:
        """The person at the command line: whoever owns the shell is trusted as an admin of their own file."""
        import getpass

        return cls(name or f"cli:{getpass.getuser()}", Role.admin)


def require_role(user: CurrentUser | None, minimum: Role, action: str) -> None:
    """Refuse ``action`` unless ``user`` has at least the ``minimum`` role."""
    if user is None:
        raise PermissionDeniedError(f"Log in to {action}.")
    try:
        role = Role(user.role)
    except ValueError:
        raise PermissionDeniedError(f"{user.name} has no valid role ({user.role!r}) and cannot {action}.") from None
    if ROLE_RANK[role] < ROLE_RANK[minimum]:
        raise PermissionDeniedError(
            f"{user.name} is an {user.role} and cannot {action}; it needs the {minimum.value} role."
        )
