"""Builds the ports flows ask for, on one database session."""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from flows.ports import Ports
from storage.crypto import Cipher
from storage.entre_patas import EntrePatas
from storage.reminders import Reminders
from storage.repos import People
from storage.roles import Roles


def build_ports(session: AsyncSession, cipher: Cipher) -> Ports:
    return Ports(
        people=People(session, cipher),
        roles=Roles(session, cipher),
        reminders=Reminders(session, cipher),
        entre_patas=EntrePatas(session),
    )
