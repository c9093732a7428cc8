"""Outgoing notifications: templates, the outbox written with the events that cause it, and its sender."""
