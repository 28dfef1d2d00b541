"""Instancias' part in delivery: Telegram names a poll by its own id only, so when a vote's poll
goes out the id is kept with the vote, for the answers that will name it."""
from __future__ import annotations

from bot.delivery import POLL_SENT
from storage.instancias import Instancias


async def keep_poll_id(session, cipher, payload: dict) -> None:
    await Instancias(session, cipher).poll_sent(int(payload["ref"]), str(payload["poll_id"]))


POLL_SENT.append(keep_poll_id)
