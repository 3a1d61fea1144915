"""Write use-cases: events (record, edit, review, retract), coding runs, users. All check roles and audit."""
