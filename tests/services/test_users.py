"""Users: scrypt hashes, logins that never say which part was wrong, throttling, roles in the library."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from typer.testing import CliRunner

from tracker.cli.main import app
from tracker.errors import AuthError, PermissionDeniedError, ValidationError
from tracker.schema import Role
from tracker.services.auth import CurrentUser
from tracker.services.events import record_event, retract_event, review_event
from tracker.services.users import (
    FREE_ATTEMPTS,
    LOGIN_FAILED,
    add_user,
    authenticate,
    hash_password,
    list_users,
    login_delay,
    refresh_user,
    set_role,
    verify_password,
)

ADMIN = CurrentUser.cli("root")
T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def users_db(fresh_db):
    add_user(fresh_db, "carol", "s3cret-pass", Role.coder, ADMIN)
    return fresh_db


def test_hash_is_scrypt_with_salt_and_parameters_and_never_the_password():
    h1, h2 = hash_password("s3cret-pass"), hash_password("s3cret-pass")
    assert h1.startswith("scrypt$n=16384,r=8,p=1$")
    assert h1 != h2                       # a random salt each time
    assert "s3cret-pass" not in h1
    assert verify_password("s3cret-pass", h1) and verify_password("s3cret-pass", h2)
    assert not verify_password("s3cret-pasS", h1)
    assert not verify_password("s3cret-pass", "not a hash")


def test_stored_parameters_are_used_to_verify():
    old = hash_password("pw-pw-pw-pw").replace("n=16384", "n=1024")   # a hash made with other parameters
    assert not verify_password("pw-pw-pw-pw", old)
    import base64
    import hashlib
    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(b"pw-pw-pw-pw", salt=salt, n=1024, r=8, p=1, dklen=32)
    stored = f"scrypt$n=1024,r=8,p=1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    assert verify_password("pw-pw-pw-pw", stored)


def test_authenticate_returns_the_user_with_its_role(users_db):
    user = authenticate(users_db, "carol", "s3cret-pass")
    assert user == CurrentUser("carol", Role.coder)


def test_wrong_password_and_unknown_user_get_the_same_message(users_db):
    with pytest.raises(AuthError) as wrong:
        authenticate(users_db, "carol", "nope-nope")
    with pytest.raises(AuthError) as unknown:
        authenticate(users_db, "mallory", "s3cret-pass")
    assert str(wrong.value) == str(unknown.value) == LOGIN_FAILED


def test_the_database_holds_only_the_hash(users_db):
    stored = users_db.query_df("SELECT password_hash FROM app_user WHERE name = 'carol'").iloc[0, 0]
    assert "s3cret-pass" not in stored and verify_password("s3cret-pass", stored)
    assert "password_hash" not in list_users(users_db).columns


def test_repeated_failures_open_a_growing_refusal_window(users_db):
    for i in range(FREE_ATTEMPTS):
        with pytest.raises(AuthError, match="wrong password"):
            authenticate(users_db, "carol", "bad-guess", now=T0 + timedelta(seconds=i * 0.1))
    last = T0 + timedelta(seconds=(FREE_ATTEMPTS - 1) * 0.1)
    # even the right password is refused inside the window, with a message that says how long to wait
    with pytest.raises(AuthError, match=r"Too many failed logins: wait 2 s"):
        authenticate(users_db, "carol", "s3cret-pass", now=last + timedelta(seconds=0.5))
    # after the window, one more failure doubles it
    with pytest.raises(AuthError, match="wrong password"):
        authenticate(users_db, "carol", "bad-guess", now=last + timedelta(seconds=3))
    with pytest.raises(AuthError, match=r"wait 4 s"):
        authenticate(users_db, "carol", "s3cret-pass", now=last + timedelta(seconds=3.1))
    # a success after the window resets the count
    user = authenticate(users_db, "carol", "s3cret-pass", now=last + timedelta(seconds=8))
    assert user.name == "carol"
    row = list_users(users_db).set_index("name").loc["carol"]
    assert row["failed_logins"] == 0


def test_login_delay_grows_and_is_capped():
    delays = [login_delay(n) for n in range(FREE_ATTEMPTS + 12)]
    assert delays[:FREE_ATTEMPTS] == [0.0] * FREE_ATTEMPTS
    assert delays[FREE_ATTEMPTS:FREE_ATTEMPTS + 3] == [2.0, 4.0, 8.0]
    assert max(delays) == 900.0


def test_only_admins_manage_users(users_db):
    coder = CurrentUser("carol", Role.coder)
    with pytest.raises(PermissionDeniedError, match="needs the admin role"):
        add_user(users_db, "dave", "s3cret-pass", Role.admin, coder)
    with pytest.raises(PermissionDeniedError):
        set_role(users_db, "carol", Role.admin, coder)
    set_role(users_db, "carol", Role.analyst, ADMIN)
    assert authenticate(users_db, "carol", "s3cret-pass").role == Role.analyst


@pytest.mark.parametrize(("name", "password", "role", "field"), [
    ("carol", "s3cret-pass", "coder", "name"),          # exists
    ("bad name", "s3cret-pass", "coder", "name"),
    ("dave", "short", "coder", "password"),
    ("dave", "s3cret-pass", "boss", "role"),
])
def test_add_user_validation_names_the_field(users_db, name, password, role, field):
    with pytest.raises(ValidationError) as err:
        add_user(users_db, name, password, role, ADMIN)
    assert err.value.field == field


def test_roles_are_enforced_by_the_write_functions(seeded_db, analyst_user, coder_user):
    data = {"event_date": date(2024, 7, 2), "actor_code": "USAGOV", "target_code": "CHNGOV", "code": "112"}
    with pytest.raises(PermissionDeniedError, match="bob is an analyst and cannot record events"):
        record_event(seeded_db, data, analyst_user)
    event_id = record_event(seeded_db, data, coder_user)
    with pytest.raises(PermissionDeniedError):
        review_event(seeded_db, event_id, "rejected", analyst_user)
    with pytest.raises(PermissionDeniedError):
        retract_event(seeded_db, event_id, analyst_user, "wrong")
    with pytest.raises(PermissionDeniedError, match="Log in"):
        record_event(seeded_db, data, None)


def test_cli_users_add_prompts_for_the_password(fresh_db):
    runner = CliRunner()
    db = ["--db", str(fresh_db.path)]
    result = runner.invoke(app, [*db, "users", "add", "erin", "--role", "coder"],
                           input="erin-password\nerin-password\n")
    assert result.exit_code == 0, result.output
    assert "added erin (coder)" in result.output
    assert "erin-password" not in result.output
    assert authenticate(fresh_db, "erin", "erin-password") == CurrentUser("erin", Role.coder)

    mismatch = runner.invoke(app, [*db, "users", "add", "fay", "--role", "coder"],
                             input="fay-password\nsomething-else\nfay-password\nfay-password\n")
    assert mismatch.exit_code == 0 and "added fay" in mismatch.output

    again = runner.invoke(app, [*db, "users", "add", "erin"], input="erin-password\nerin-password\n")
    assert again.exit_code == 1
    assert "Error: The user erin exists already" in again.output

    listed = runner.invoke(app, [*db, "users", "list", "--format", "csv"])
    assert listed.exit_code == 0
    assert listed.output.splitlines()[0] == "name,role,created_at,failed_logins,last_failed_at"
    rows = [line.split(",")[:2] for line in listed.output.splitlines()[1:]]
    assert rows == [["erin", "coder"], ["fay", "coder"]]

    changed = runner.invoke(app, [*db, "users", "set-role", "erin", "admin"])
    assert (changed.exit_code, changed.output) == (0, "erin is now admin\n")
    missing = runner.invoke(app, [*db, "users", "set-role", "zed", "admin"])
    assert missing.exit_code == 1 and "Error: No user named zed" in missing.output


def test_refresh_user_reads_the_current_role(users_db):
    carol = authenticate(users_db, "carol", "s3cret-pass")
    set_role(users_db, "carol", Role.admin, ADMIN)
    assert refresh_user(users_db, carol) == CurrentUser("carol", Role.admin)
    assert refresh_user(users_db, CurrentUser("ghost", Role.admin)) is None
