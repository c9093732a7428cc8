"""Core's own plugins: what every desk gets unless a plugin answers a hook first (priority, numbering,
progress, rating form, SLA policy and timers, attachment policy and storage, demo data)."""
