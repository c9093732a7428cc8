"""A ticket's lifecycle: statuses, actions and who may take them, the guards before an action, and the
queues people work from."""
