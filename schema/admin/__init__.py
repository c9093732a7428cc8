"""The administration part of the schema: people, a desk's configuration, the audit log."""
