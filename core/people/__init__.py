"""People: finding accounts, their duties (teams, desk admin, superuser), their standing (active or not),
invitations and password resets sent by an admin, one's own profile, and the load of a team's members.

Superusers may do everything here. A desk admin acts on their own desks only: the people with duties there,
and the duties of those desks. Every change is audited in its own transaction (``loket.core.admin.audit``).
"""
