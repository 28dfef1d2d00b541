"""Implements flows.safety.ports.SafetyPort. Her plan is kept encrypted; /borrar removes the row."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.crypto import Cipher
from storage.models.safety import SafetySettings


class Safety:
    def __init__(self, session: AsyncSession, cipher: Cipher) -> None:
        self.session = session
        self.cipher = cipher

    async def _row(self, user_id: int, create: bool = False) -> SafetySettings | None:
        row = await self.session.get(SafetySettings, user_id)
        if row is None and create:
            row = SafetySettings(user_id=user_id, silent=False)
            self.session.add(row)
        return row

    async def silent(self, user_id: int) -> bool:
        row = await self._row(user_id)
        return bool(row and row.silent)

    async def set_silent(self, user_id: int, silent: bool) -> None:
        (await self._row(user_id, create=True)).silent = silent

    async def plan(self, user_id: int) -> dict[str, Any] | None:
        row = await self._row(user_id)
        if row is None or row.plan_enc is None:
            return None
        return json.loads(self.cipher.decrypt(row.plan_enc))

    async def save_plan(self, user_id: int, plan: dict[str, Any]) -> None:
        (await self._row(user_id, create=True)).plan_enc = self.cipher.encrypt(json.dumps(plan, ensure_ascii=False))

    async def drop_plan(self, user_id: int) -> None:
        if row := await self._row(user_id):
            row.plan_enc = None
