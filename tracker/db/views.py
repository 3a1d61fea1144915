"""Researcher views: flat, documented, stable names to write SQL against.

Each view is declared once with its SQL, its description and a description per column; docs/schema.md and the
dashboard's schema browser are generated from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class View:
    name: str
    description: str
    sql: str
    columns: dict[str, str]


EVENTS_ENRICHED = View(
    name="events_enriched",
    description=(
        "One flat row per event (every status and dataset) with actor/target names and countries, the stance's "
        "name, root, quad class, Goldstein, PLOVER type, issue codes and the article it came from. Filter on "
        "status IN ('proposed','accepted') for live data."
    ),
    sql="""
CREATE OR REPLACE VIEW events_enriched AS
WITH issues AS (
    SELECT event_id, list_sort(list(issue_code)) AS issues FROM event_issue GROUP BY event_id
)
SELECT
    e.id AS event_id,
    e.event_date,
    e.status,
    e.dataset,
    e.actor_code,
    coalesce(a.name, e.actor_name) AS actor_name,
    coalesce(e.actor_country, a.country) AS actor_country,
    e.target_code,
    coalesce(tg.name, e.target_name) AS target_name,
    coalesce(e.target_country, tg.country) AS target_country,
    e.code,
    et.name AS stance,
    e.root_code,
    rt.name AS root_name,
    e.quad_class,
    CASE e.quad_class WHEN 1 THEN 'Verbal cooperation' WHEN 2 THEN 'Material cooperation'
        WHEN 3 THEN 'Verbal conflict' WHEN 4 THEN 'Material conflict' END AS quad_label,
    e.goldstein,
    et.plover_type,
    coalesce(i.issues, []::VARCHAR[]) AS issues,
    e.directed,
    e.evidence,
    e.confidence,
    e.coder,
    e.article_id,
    ar.title AS article_title,
    ar.url AS article_url,
    ar.source AS article_source,
    ar.published_at AS article_published_at,
    e.external_id,
    e.batch_id,
    e.source_url,
    e.created_at,
    e.updated_at
FROM event e
LEFT JOIN actor a ON a.code = e.actor_code
LEFT JOIN actor tg ON tg.code = e.target_code
LEFT JOIN event_type et ON et.code = e.code
LEFT JOIN event_type rt ON rt.code = e.root_code
LEFT JOIN issues i ON i.event_id = e.id
LEFT JOIN article ar ON ar.id = e.article_id
""",
    columns={
        "event_id": "event.id",
        "event_date": "Date the event happened.",
        "status": "proposed, accepted, rejected or retracted.",
        "dataset": "manual, auto, gdelt, icews, acled or polecat.",
        "actor_code": "Source actor code (who acted).",
        "actor_name": "Source actor name (actor table, else the dataset's raw name).",
        "actor_country": "Source actor country (ISO-3).",
        "target_code": "Target actor code (who was acted upon).",
        "target_name": "Target actor name (actor table, else the dataset's raw name).",
        "target_country": "Target actor country (ISO-3).",
        "code": "CAMEO event code (the stance).",
        "stance": "Name of the CAMEO event code.",
        "root_code": "Two-digit CAMEO root.",
        "root_name": "Name of the CAMEO root (e.g. DISAPPROVE).",
        "quad_class": "QuadClass 1-4 (GDELT mapping).",
        "quad_label": "QuadClass as text (Verbal cooperation ... Material conflict).",
        "goldstein": "Goldstein score of the event (-10 .. +10).",
        "plover_type": "PLOVER event type of the code.",
        "issues": "Issue codes of the event, as a sorted list (use list_contains(issues, 'human_rights')).",
        "directed": "False when the dataset does not say who acted on whom (ACLED).",
        "evidence": "The sentence that supports the event.",
        "confidence": "Automatic coder confidence 0..1.",
        "coder": "User name or auto:<coder version>.",
        "article_id": "Article the event was coded from.",
        "article_title": "Title of that article.",
        "article_url": "URL of that article.",
        "article_source": "Outlet of that article.",
        "article_published_at": "Publication date of that article.",
        "external_id": "Id of the event in its dataset (imports).",
        "batch_id": "import_batch the event came from (imports).",
        "source_url": "Report URL carried by an imported dataset.",
        "created_at": "When the event was first stored (UTC).",
        "updated_at": "When the event last changed (UTC).",
    },
)

DYAD_DAILY = View(
    name="dyad_daily",
    description=(
        "Per day and directed country pair: counts and Goldstein of live events (status proposed or accepted). "
        "Rows without an actor or target country are left out."
    ),
    sql="""
CREATE OR REPLACE VIEW dyad_daily AS
SELECT
    event_date AS day,
    actor_country,
    target_country,
    count(*) AS events,
    count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict_events,
    count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation_events,
    sum(goldstein) AS goldstein_sum,
    avg(goldstein) AS goldstein_mean
FROM event
WHERE status IN ('proposed', 'accepted')
  AND actor_country IS NOT NULL AND target_country IS NOT NULL
GROUP BY ALL
""",
    columns={
        "day": "Event date.",
        "actor_country": "Source actor country (ISO-3).",
        "target_country": "Target actor country (ISO-3).",
        "events": "Number of events.",
        "conflict_events": "Events in quad classes 3 and 4 (verbal and material conflict).",
        "cooperation_events": "Events in quad classes 1 and 2.",
        "goldstein_sum": "Sum of Goldstein scores.",
        "goldstein_mean": "Mean Goldstein score.",
    },
)

EVENTS_ONEADAY = View(
    name="events_oneaday",
    description=(
        "Event-level deduplication (Phoenix's one-a-day rule): of the live events (status proposed or accepted) "
        "of one dataset with the same day, source actor, target actor and CAMEO code, only the first stored is "
        "kept; `reports` says how many reports it stands for. Use it instead of `event` for counts of events "
        "rather than of news reports (machine-coded feeds repeat an event once per report). The actor and target "
        "countries are part of the key too (they follow from the codes, except where a dataset gives no code), "
        "so that filters on them are applied before the deduplication."
    ),
    sql="""
CREATE OR REPLACE VIEW events_oneaday AS
SELECT
    id AS event_id, event_date, dataset, actor_code, target_code, actor_country, target_country,
    code, root_code, goldstein, quad_class, directed, status, external_id, batch_id, article_id,
    count(*) OVER w AS reports
FROM event
WHERE status IN ('proposed', 'accepted')
WINDOW w AS (PARTITION BY dataset, event_date, actor_code, target_code, code, actor_country, target_country)
QUALIFY row_number() OVER (w ORDER BY id) = 1
""",
    columns={
        "event_id": "event.id of the first stored report of the day's event.",
        "event_date": "Date the event happened.",
        "dataset": "manual, auto, gdelt, icews, acled or polecat (events are never merged across datasets).",
        "actor_code": "Source actor code (who acted).",
        "target_code": "Target actor code (who was acted upon).",
        "actor_country": "Source actor country (ISO-3).",
        "target_country": "Target actor country (ISO-3).",
        "code": "CAMEO event code (the stance).",
        "root_code": "Two-digit CAMEO root.",
        "goldstein": "Goldstein score of the kept report.",
        "quad_class": "QuadClass 1-4 (GDELT mapping).",
        "directed": "False when the dataset does not say who acted on whom (ACLED).",
        "status": "proposed or accepted.",
        "external_id": "Id of the kept report in its dataset (imports).",
        "batch_id": "import_batch of the kept report (imports).",
        "article_id": "Article of the kept report (coded events).",
        "reports": "How many reports (rows of event) share this day, source, target and code.",
    },
)

VIEWS: list[View] = [EVENTS_ENRICHED, DYAD_DAILY, EVENTS_ONEADAY]


def create_views(conn: duckdb.DuckDBPyConnection) -> None:
    for view in VIEWS:
        conn.execute(view.sql)
