"""Logging in: throttled passwords, a second factor, password reset by email."""
