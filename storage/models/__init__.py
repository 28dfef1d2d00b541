"""All tables. Each feature keeps its tables in its own module; importing them here puts them in one
metadata, which Alembic compares against the migrations (a test guards that they agree)."""
from storage.models.base import Base
from storage.models.core import AuditEntry, Conversation, InboxUpdate, Invite, OutboxMessage, RoleGrant, User
from storage.models.reminders import Reminder
from storage.models.accompaniment import AbuseReport, Case, CaseNote, RelayPause, StaffAvailability  # noqa: F401
from storage.models.directory import DirectoryEntry  # noqa: F401
from storage.models.entre_patas import Commitment, CommitmentChoice, ReflectionRegistration, ReflectionSpace  # noqa: F401
from storage.models.safety import SafetySettings  # noqa: F401
from storage.models.observatorio import StatCount  # noqa: F401
from storage.models.instancias import Instancia, InstanciaAgreement, InstanciaAttendance, InstanciaMeeting, InstanciaRsvp  # noqa: F401
from storage.models.instancias import InstanciaSeat  # noqa: F401  (and the other tables of that module)

__all__ = ["Base", "AuditEntry", "Conversation", "InboxUpdate", "Invite", "OutboxMessage", "Reminder", "RoleGrant", "User"]
