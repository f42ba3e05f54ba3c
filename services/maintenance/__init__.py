"""Maintenance (修理): repair requests to rated resolution, SLA, dispatch, patrols, prevention."""
