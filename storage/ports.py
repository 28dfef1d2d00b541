"""Builds the ports flows ask for, on one database session."""
from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from flows.ports import FlowSettings, Ports
from storage.accompaniment import Cases
from storage.crypto import Cipher
from storage.directory import Directory
from storage.entre_patas import EntrePatas
from storage.instancias import Instancias
from storage.observatorio import Stats
from storage.reminders import Reminders
from storage.repos import People
from storage.roles import Roles
from storage.safety import Safety


def build_ports(session: AsyncSession, cipher: Cipher, settings: FlowSettings | None = None) -> Ports:
    return Ports(
        settings=settings or FlowSettings(),
        people=People(session, cipher),
        roles=Roles(session, cipher),
        reminders=Reminders(session, cipher),
        cases=Cases(session, cipher),
        directory=Directory(session),
        entre_patas=EntrePatas(session),
        instancias=Instancias(session, cipher),
        safety=Safety(session, cipher),
        stats=Stats(session),
    )
