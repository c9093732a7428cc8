"""Canned responses: reply texts a desk's admins write, with placeholders agents render for a ticket.

:mod:`.templates` checks and renders a body (Jinja2's sandbox, a small allow-list of template constructs);
:mod:`.responses` stores them per desk or team, audited, and renders one for a ticket.
"""
