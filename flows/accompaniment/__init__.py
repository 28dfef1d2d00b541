"""Human accompaniment: a woman's request for a mentora or a community psychologist, a man's
request to talk with an Entre patas facilitator, routing to staff, the anonymous relay, follow-up.

Importing the package registers its flows ("accompany", "talk_facilitator", "case_relay"), commands
(/staff, /casos, /invitar, /equipo, /disponibilidad), buttons, exit and erase hooks and reminder wording."""
from flows.accompaniment import availability, casework, intake, relay, staff  # noqa: F401
