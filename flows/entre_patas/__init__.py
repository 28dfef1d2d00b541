"""Entre patas, for men: short content screens (content/screens.yaml) and the reflection spaces."""
from flows.entre_patas import spaces  # noqa: F401  (registers the flow, its buttons and reminders)
