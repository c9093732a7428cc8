"""Loket core: the domain every desk shares (accounts, desks, tickets, events) and the plugin machinery."""
