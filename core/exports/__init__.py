"""Exports of ticket lists (CSV, Excel) as background jobs, and printable tickets (PDF)."""
