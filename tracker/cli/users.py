"""`tracker users ...`: add, list, set-role (dashboard logins)."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.common import database
from tracker.cli.output import Format, emit
from tracker.schema import Role
from tracker.services.auth import CurrentUser
from tracker.services.users import add_user, list_users, set_role

users_app = typer.Typer(help="Dashboard users: add, list, set-role.", no_args_is_help=True)


@users_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[Role, typer.Option("--role", help="analyst, coder or admin.")] = Role.analyst,
    password: Annotated[str | None, typer.Option(
        prompt=True, hide_input=True, confirmation_prompt=True,
        help="Asked for (hidden) when not given; options end up in shell history.")] = None,
):
    """Add a user; the password is asked for twice and stored only as a scrypt hash."""
    add_user(database(ctx), name, password or "", role, CurrentUser.cli())
    typer.echo(f"added {name} ({role.value})")


@users_app.command("list")
def list_cmd(ctx: typer.Context,
             format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table):
    """Users with their roles and failed-login counts (never the hashes)."""
    emit(list_users(database(ctx)), format)


@users_app.command("set-role")
def set_role_cmd(ctx: typer.Context, name: Annotated[str, typer.Argument(help="Login name.")],
                 role: Annotated[Role, typer.Argument(help="analyst, coder or admin.")]):
    """Change a user's role."""
    set_role(database(ctx), name, role, CurrentUser.cli())
    typer.echo(f"{name} is now {role.value}")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
