"""`tracker events ...`: list, show, add, accept, reject, retract, history."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from tracker.cli.common import database, parse_day, split_list
from tracker.cli.output import Format, emit, records
from tracker.errors import NotFoundError
from tracker.queries.events import EventFilter, event_history, get_event, list_events
from tracker.schema import Status
from tracker.services.auth import CurrentUser
from tracker.services.events import parse_event, record_event, retract_event, review_event

events_app = typer.Typer(help="List, add and review events.", no_args_is_help=True)
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
UserOpt = Annotated[str | None, typer.Option("--user", help="Name recorded in the audit log [default: cli:<login>].")]


@events_app.command("list")
def list_cmd(
    ctx: typer.Context,
    actor: Annotated[list[str] | None, typer.Option(help="Actor code or prefix (USA matches USAGOV); repeatable.")] = None,
    target: Annotated[list[str] | None, typer.Option(help="Target code or prefix; repeatable.")] = None,
    issue: Annotated[list[str] | None, typer.Option(help="Issue code (includes its sub-issues); repeatable.")] = None,
    since: Annotated[str | None, typer.Option(help="First date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last date, YYYY-MM-DD.")] = None,
    status: Annotated[list[str] | None, typer.Option(help="Status (default: all but rejected and retracted).")] = None,
    dataset: Annotated[list[str] | None, typer.Option(help="Dataset (manual, auto, gdelt, ...); repeatable.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    format: FormatOpt = Format.table,
):
    """List events, newest first."""
    flt = EventFilter(actors=split_list(actor), targets=split_list(target), issues=split_list(issue),
                      since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                      datasets=split_list(dataset))
    if status:
        flt.statuses = [Status(s).value for s in split_list(status)]
    emit(list_events(database(ctx), flt, limit=limit), format)


@events_app.command("show")
def show(ctx: typer.Context, event_id: int, format: FormatOpt = Format.json):
    """One event with its names, article and evidence."""
    ev = get_event(database(ctx), event_id)
    if ev is None:
        raise NotFoundError(f"Event {event_id} does not exist.")
    ev.pop("article_text", None)
    if format == Format.json:
        typer.echo(json.dumps(records(__import__("pandas").DataFrame([ev]))[0], default=str))
    else:
        emit(__import__("pandas").DataFrame([{"field": k, "value": v} for k, v in ev.items()]), format)


@events_app.command("add")
def add(
    ctx: typer.Context,
    actor: Annotated[str, typer.Option(help="Source actor code, e.g. USAGOV.")],
    code: Annotated[str, typer.Option(help="CAMEO event code, e.g. 1122.")],
    date: Annotated[str, typer.Option(help="Event date, YYYY-MM-DD.")],
    target: Annotated[str | None, typer.Option(help="Target actor code, e.g. CHNGOV.")] = None,
    issue: Annotated[list[str] | None, typer.Option(help="Issue code; repeatable.")] = None,
    article: Annotated[int | None, typer.Option(help="Article id the event comes from.")] = None,
    evidence: Annotated[str | None, typer.Option(help="The supporting sentence.")] = None,
    user: UserOpt = None,
):
    """Record an event by hand (status accepted, dataset manual). Prints the new id."""
    data = parse_event({"event_date": date, "actor_code": actor, "target_code": target, "code": code,
                        "issues": split_list(issue), "article_id": article, "evidence": evidence})
    typer.echo(record_event(database(ctx), data, CurrentUser.cli(user)))


@events_app.command("accept")
def accept(ctx: typer.Context, event_ids: list[int], user: UserOpt = None):
    """Accept proposed events."""
    for i in event_ids:
        review_event(database(ctx), i, Status.accepted, CurrentUser.cli(user))
    typer.echo(f"accepted {len(event_ids)}")


@events_app.command("reject")
def reject(ctx: typer.Context, event_ids: list[int], user: UserOpt = None):
    """Reject proposed events."""
    for i in event_ids:
        review_event(database(ctx), i, Status.rejected, CurrentUser.cli(user))
    typer.echo(f"rejected {len(event_ids)}")


@events_app.command("retract")
def retract(ctx: typer.Context, event_id: int,
            reason: Annotated[str, typer.Option(help="Why the event is withdrawn (required).")],
            user: UserOpt = None):
    """Retract an event (kept with its history, left out of lists and views' live data)."""
    retract_event(database(ctx), event_id, CurrentUser.cli(user), reason)
    typer.echo(f"retracted {event_id}")


@events_app.command("history")
def history(ctx: typer.Context, event_id: int, format: FormatOpt = Format.table):
    """The audit trail of an event."""
    emit(event_history(database(ctx), event_id), format)


def register(app: typer.Typer) -> None:
    app.add_typer(events_app, name="events")
