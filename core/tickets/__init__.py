"""The ticket lifecycle: creation, the state machine's actions, access rules, queues and events."""
