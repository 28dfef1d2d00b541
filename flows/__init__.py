"""Conversations and rules in plain Python: no aiogram, no SQLAlchemy, no I/O."""
