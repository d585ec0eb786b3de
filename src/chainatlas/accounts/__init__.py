"""Accounts: users with roles, argon2 passwords, login sessions and API tokens."""
