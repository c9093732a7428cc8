"""Telling every process what happened: the event broker, in-process or over Redis."""
