"""Orientation for women: prevention screens (content/screens.yaml), the warning-signs self-check,
the directory of services, minors, and her district's CEM in the emergency answer.

Importing this package registers its flows with flows.app.
"""
from flows.orientation import emergency_cem, selfcheck, services  # noqa: F401
