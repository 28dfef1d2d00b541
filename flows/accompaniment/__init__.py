"""Human accompaniment: a woman's request for a mentora or a community psychologist, a man's
request to talk with an Entre patas facilitator, routing to staff, the anonymous relay, follow-up.

Importing the package registers its flows ("accompany", "talk_facilitator", "case_relay"), commands
(/staff, /casos, /invitar, /equipo), buttons, exit hook and reminder wording."""
from flows.accompaniment import intake, relay, staff  # noqa: F401
