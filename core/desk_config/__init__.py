"""A desk's configuration at run time: its plugin's ``DeskSpec`` is the default, and what its admins change is
stored as settings laid over it (``overlay``), changed one item at a time with an audit record (``changes``) and
read again by every process (``reload``). Each part of a desk has a module saying how its settings apply:
``labels`` (status labels), ``topics`` (with ``topic_changes``), ``fields``, ``pause_reasons``, ...
"""
