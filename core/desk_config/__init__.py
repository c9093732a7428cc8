"""A desk's configuration at run time: its plugin's ``DeskSpec`` is the default, and what its admins change is
stored as settings laid over it (``overlay``, each part a ``sections.Section``), changed one item at a time with an
audit record (``changes``) and read again by every process (``reload``). Each part of a desk has a module saying
how its settings apply and holding the services that change them: ``labels`` (status labels), ``topics`` (with
``topic_changes``), ``fields``, ``pause_reasons``, ``calendar`` (office hours, time zone, national holidays) and
``holidays`` (the desk's own days off), with ``stored`` for what the catalogue parts share. ``sla_targets`` keeps
dated sets of targets instead: a ticket runs on the set in force when it was opened.
"""
