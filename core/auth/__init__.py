"""Accounts and access: password hashing, bearer tokens, sign-in (password or external), and roles."""
