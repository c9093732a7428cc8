"""Service levels: business calendars, SLA clocks that pause and explain themselves."""
