"""Audit service (审计): every event, append-only, hash-chained, searchable, replayable."""
