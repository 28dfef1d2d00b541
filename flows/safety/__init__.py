"""Her safety: the safety plan, silent messages, discreet first lines (discreet.py)."""
from flows.safety import plan, silent  # noqa: F401  (register their flows and commands)
