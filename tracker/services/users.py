"""Dashboard users: scrypt password hashes, roles, and logins that slow down after repeated failures.

A password is never stored, logged or returned: only ``scrypt$n=..,r=..,p=..$<salt>$<hash>`` (standard library
``hashlib.scrypt``, random 16-byte salt, parameters kept in the string so they can be raised later without
breaking old hashes). A failed login says nothing about which part was wrong. After ``FREE_ATTEMPTS``
consecutive failures a user name is refused for a window that doubles with every further failure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections import OrderedDict
from datetime import UTC, datetime

import pandas as pd
from sqlmodel import select

from tracker.db import Database
from tracker.errors import AuthError, NotFoundError, ValidationError
from tracker.schema import AppUser, Role
from tracker.services.auth import CurrentUser, require_role

SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2**14, 8, 1, 32
MIN_PASSWORD = 8
FREE_ATTEMPTS = 3          # failures before the refusal window starts
FIRST_DELAY = 2.0          # seconds refused after the FREE_ATTEMPTS-th failure; doubles with each further one
MAX_DELAY = 15 * 60.0
LOGIN_FAILED = "Unknown user name or wrong password."

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# a hash of nothing in particular, verified against for unknown names so both failures take the same time
_DUMMY_HASH: str | None = None
# failed logins of names that have no account (this process only; the most recent UNKNOWN_KEPT names), so that
# the refusal window cannot tell a real name from an unknown one
UNKNOWN_KEPT = 10_000
_UNKNOWN_FAILURES: OrderedDict[str, tuple[int, datetime]] = OrderedDict()


def hash_password(password: str, salt: bytes | None = None) -> str:
    """The scrypt hash string of ``password`` (a fresh random salt unless one is given)."""
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=SCRYPT_LEN)
    return (f"scrypt$n={SCRYPT_N},r={SCRYPT_R},p={SCRYPT_P}$"
            f"{base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}")


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches the hash string (with the parameters stored in it)."""
    try:
        scheme, params, salt_b64, digest_b64 = stored.split("$")
        p = dict(kv.split("=") for kv in params.split(","))
        n, r, par = int(p["n"]), int(p["r"]), int(p["p"])
        salt, digest = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
    except (ValueError, KeyError):
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=par, dklen=len(digest),
                               maxmem=256 * n * r + 1024 * 1024)
    return hmac.compare_digest(candidate, digest)


def login_delay(failed_logins: int) -> float:
    """Seconds a user name is refused after ``failed_logins`` consecutive failures (0 for the first few)."""
    if failed_logins < FREE_ATTEMPTS:
        return 0.0
    return min(FIRST_DELAY * 2 ** (failed_logins - FREE_ATTEMPTS), MAX_DELAY)


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.match(name):
        raise ValidationError(
            "User names are 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.",
            field="name")
    return name


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(f"The password needs at least {MIN_PASSWORD} characters.", field="password")


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError(f"Unknown role {role!r}; use one of {', '.join(r.value for r in Role)}.",
                              field="role") from None


def add_user(db: Database, name: str, password: str, role: Role | str, by: CurrentUser) -> None:
    """Create a user (admins only). Refuses a name that exists."""
    require_role(by, Role.admin, "add users")
    name, role = _check_name(name), _role(role)
    _check_password(password)
    with db.session() as session:
        if session.get(AppUser, name) is not None:
            raise ValidationError(f"The user {name} exists already; use `tracker users set-role`.",
                                  field="name")
        session.add(AppUser(name=name, password_hash=hash_password(password), role=role.value,
                            created_at=datetime.now(UTC), failed_logins=0))
        session.commit()


def set_role(db: Database, name: str, role: Role | str, by: CurrentUser) -> None:
    """Change a user's role (admins only)."""
    require_role(by, Role.admin, "change roles")
    role = _role(role)
    with db.session() as session:
        user = session.get(AppUser, name)
        if user is None:
            raise NotFoundError(f"No user named {name}; see `tracker users list`.")
        user.role = role.value
        session.add(user)
        session.commit()


def list_users(db: Database) -> pd.DataFrame:
    """Users without their hashes, by name."""
    with db.session() as session:
        rows = session.exec(select(AppUser).order_by(AppUser.name)).all()
    cols = ["name", "role", "created_at", "failed_logins", "last_failed_at"]
    return pd.DataFrame([{c: getattr(u, c) for c in cols} for u in rows], columns=cols)


def refresh_user(db: Database, user: CurrentUser) -> CurrentUser | None:
    """The logged-in user with the role the database gives it now (None when the account is gone).

    Pages call this on every run, so a role changed with `tracker users set-role` applies at once.
    """
    with db.session() as session:
        row = session.get(AppUser, user.name)
        return None if row is None else CurrentUser(row.name, Role(row.role))


def authenticate(db: Database, name: str, password: str, now: datetime | None = None) -> CurrentUser:
    """The user for a correct name and password, else AuthError with the same sentence for every cause."""
    now = now or datetime.now(UTC)
    with db.session() as session:
        user = session.get(AppUser, (name or "").strip())
        if user is None:        # refused exactly like a real name: same sentence, same throttle, same scrypt
            failures, last = _UNKNOWN_FAILURES.get((name or "").strip(), (0, None))
            wait = _wait_left(failures, last, now)
            if wait > 0:
                raise AuthError(f"Too many failed logins: wait {wait:.0f} s and try again.")
            verify_password(password or "", _dummy_hash())
            _remember_unknown((name or "").strip(), failures + 1, now)
            raise AuthError(LOGIN_FAILED)
        wait = _remaining_wait(user, now)
        if wait > 0:
            raise AuthError(f"Too many failed logins: wait {wait:.0f} s and try again.")
        if not verify_password(password or "", user.password_hash):
            user.failed_logins = (user.failed_logins or 0) + 1
            user.last_failed_at = now
            session.add(user)
            session.commit()
            raise AuthError(LOGIN_FAILED)
        if user.failed_logins:
            user.failed_logins, user.last_failed_at = 0, None
            session.add(user)
            session.commit()
        return CurrentUser(user.name, Role(user.role))


def _remaining_wait(user: AppUser, now: datetime) -> float:
    return _wait_left(user.failed_logins or 0, user.last_failed_at, now)


def _wait_left(failures: int, last: datetime | None, now: datetime) -> float:
    delay = login_delay(failures)
    if delay == 0 or last is None:
        return 0.0
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return max(0.0, delay - (now - last).total_seconds())


def _remember_unknown(name: str, failures: int, now: datetime) -> None:
    _UNKNOWN_FAILURES[name] = (failures, now)
    _UNKNOWN_FAILURES.move_to_end(name)
    while len(_UNKNOWN_FAILURES) > UNKNOWN_KEPT:
        _UNKNOWN_FAILURES.popitem(last=False)


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    return _DUMMY_HASH
