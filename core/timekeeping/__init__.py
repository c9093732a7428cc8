"""Time: the one place core reads it (``clock``), the runner that fires due timers (``timers``), letting time
pass in steps that fire each timer at its own moment (``passing``), and the development server's movable clock
with its command (``movable``, ``command``)."""
