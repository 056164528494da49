"""The first-look set-up (no database server): the same migrations, demo data and
sign-in on a SQLite file, as the README's run command does."""

import datetime as dt

from sqlmodel import Session, create_engine

from cocohop.db.migrations import upgrade_to_head
from cocohop.services import auth, trips
from cocohop.services.demo import DEMO_PASSWORD, seed_demo


def test_sqlite_file_migrates_seeds_and_signs_in(tmp_path):
    url = f"sqlite:///{tmp_path / 'first-look.db'}"
    upgrade_to_head(url)
    engine = create_engine(url)
    with Session(engine) as session:
        seed_demo(session)
        session.commit()
        seed_demo(session)  # idempotent
        session.commit()
        result = auth.sign_in(session, "claire@atelier-voyages.example", DEMO_PASSWORD)
        session.commit()
        scope = auth.resolve_session(session, result.token)
        assert scope is not None
        listed = trips.list_trips(session, scope)
        assert len(listed) == 2
        view = trips.load_trip(session, scope, listed[0].id)
        assert view.days and view.days[0].title
        stored = auth.resolve_session(session, result.token, dt.datetime.now(dt.timezone.utc) + auth.SESSION_LIFETIME)
        assert stored is None
    engine.dispose()
