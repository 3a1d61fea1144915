"""CAMEO / PLOVER / actors / issues as packaged data, and their loaders."""

from tracker.ontology.actors import country_of, describe
from tracker.ontology.catalog import (
    countries,
    country_by_name,
    event_types,
    icews_event_labels,
    issue_family,
    issues,
    organisations,
)
from tracker.ontology.loader import load_ontology

__all__ = ["countries", "country_by_name", "country_of", "describe", "event_types", "icews_event_labels",
           "issue_family", "issues", "load_ontology", "organisations"]
