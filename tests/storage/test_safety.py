"""Her safety choices on SQLite and PostgreSQL: the plan encrypted at rest, silent messages, the
prioritaria mark and the adult flag, and all of it gone with /borrar."""
from sqlalchemy import select

from flows.ports import Person
from storage.accompaniment import Cases
from storage.crypto import Cipher
from storage.db import make_engine, make_sessionmaker
from storage.models import User
from storage.models.accompaniment import Case
from storage.models.safety import SafetySettings
from storage.repos import People
from storage.safety import Safety
from tests.harness import TEST_KEY

CIPHER = Cipher(TEST_KEY)
PLAN = {"situation": "leave", "person": "yes", "bag": "notyet"}


async def test_plan_silence_priority_and_adult_kept_and_erased(db_url):
    engine = make_engine(db_url)
    sessions = make_sessionmaker(engine)
    try:
        person = Person(key=CIPHER.key_of(4242), address="4242")
        async with sessions() as s:
            people = People(s, CIPHER)
            uid = await people.consent(person)
            await people.set_profile(uid, minor=False)
            safety = Safety(s, CIPHER)
            assert await safety.plan(uid) is None and await safety.silent(uid) is False
            await safety.save_plan(uid, PLAN)
            await safety.set_silent(uid, True)
            case = await Cases(s, CIPHER).open("mentora", uid, "pasco/pasco/yanacancha", None, "any", priority=True)
            await s.commit()
        async with sessions() as s:
            safety = Safety(s, CIPHER)
            assert await safety.plan(uid) == PLAN and await safety.silent(uid) is True
            stored = (await s.execute(select(SafetySettings.plan_enc))).scalar_one()
            assert "leave" not in stored and "situation" not in stored  # encrypted at rest
            assert (await Cases(s, CIPHER).get(case.id)).priority is True
            assert (await People(s, CIPHER).person(person.key, "4242")).adult is True
            await People(s, CIPHER).erase(person)
            await s.commit()
        async with sessions() as s:
            assert (await s.execute(select(SafetySettings))).all() == []
            assert (await s.execute(select(User))).all() == []
            row = await s.get(Case, case.id)
            assert row.user_id is None and row.priority is True  # the count stays, the link to her goes
    finally:
        await engine.dispose()
