"""Accounts on PostgreSQL: sign-up, sign-in and its throttle, sessions and their end,
invitations, resets, removal, roles."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from cocohop.db.tables import Designer, UserSession
from cocohop.services import auth
from cocohop.services.errors import NotFound

NOW = dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.timezone.utc)
PASSWORD = "correct horse battery"


def sign_up(session, email="ana@agence.fr", agency="Agence Ana"):
    return auth.sign_up(session, agency, "Ana", email, PASSWORD, "10.0.0.1", now=NOW)


def test_sign_up_makes_an_agency_admin_with_an_argon2id_hash_and_a_session(session):
    scope, token = sign_up(session)
    assert scope.is_admin and not scope.is_founder
    designer = session.get(Designer, scope.designer_id)
    assert designer.password_hash.startswith("$argon2id$") and PASSWORD not in designer.password_hash
    stored = session.exec(select(UserSession).where(UserSession.designer_id == designer.id)).one()
    assert stored.token_hash == auth.hash_token(token) and token not in stored.token_hash
    assert auth.resolve_session(session, token, NOW) == scope


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [("not-an-email", PASSWORD, "valid e-mail"), ("b@agence.fr", "short", "at least 10"), ("b@agence.fr", "b@agence.fr", "cannot be your e-mail")],
)
def test_sign_up_refuses_bad_input_clearly(session, email, password, message):
    with pytest.raises(auth.AuthError, match=message):
        auth.sign_up(session, "Agence", "B", email, password)


def test_one_email_one_account(session):
    sign_up(session)
    with pytest.raises(auth.AuthError, match="already"):
        sign_up(session, email="ANA@agence.fr ", agency="Other")


def test_sign_in_works_and_a_wrong_password_says_the_same_as_an_unknown_email(session):
    sign_up(session)
    ok = auth.sign_in(session, "Ana@Agence.fr", PASSWORD, "10.0.0.2", now=NOW)
    assert ok.scope is not None and ok.token and not ok.error
    wrong = auth.sign_in(session, "ana@agence.fr", "wrong password", "10.0.0.2", now=NOW)
    unknown = auth.sign_in(session, "nobody@agence.fr", PASSWORD, "10.0.0.3", now=NOW)
    assert wrong.error == unknown.error == "Wrong e-mail or password." and wrong.scope is None


def test_repeated_failures_slow_down_then_lock_the_account_even_with_the_right_password(session):
    sign_up(session)
    moment = NOW
    errors = []
    for attempt in range(30):  # a patient attacker, waiting as long as told each time
        result = auth.sign_in(session, "ana@agence.fr", f"wrong {attempt}", f"10.1.0.{attempt}", now=moment)
        errors.append(result.error)
        if "locked" in result.error:
            break
        moment += dt.timedelta(seconds=61 if "try again" in result.error else 1)
    assert any("try again in" in e for e in errors)
    assert any("locked for" in e for e in errors)
    locked = auth.sign_in(session, "ana@agence.fr", PASSWORD, "10.2.0.1", now=moment)
    assert "locked" in locked.error and locked.scope is None
    later = auth.sign_in(session, "ana@agence.fr", PASSWORD, "10.2.0.1", now=moment + dt.timedelta(minutes=31))
    assert later.scope is not None


def test_one_address_trying_many_accounts_is_slowed_down(session):
    results = [auth.sign_in(session, f"guess{n}@agence.fr", "whatever", "203.0.113.9", now=NOW) for n in range(25)]
    assert results[19].error == "Wrong e-mail or password."  # a shared office address has room
    assert "try again" in results[-1].error
    # Another address is not affected.
    assert auth.sign_in(session, "guess0@agence.fr", "whatever", "198.51.100.7", now=NOW).error == "Wrong e-mail or password."


def test_sessions_expire_end_on_sign_out_and_end_everywhere(session):
    scope, token = sign_up(session)
    second = auth.sign_in(session, "ana@agence.fr", PASSWORD, now=NOW).token
    assert auth.resolve_session(session, token, NOW + auth.SESSION_LIFETIME - dt.timedelta(minutes=1)) == scope
    assert auth.resolve_session(session, token, NOW + auth.SESSION_LIFETIME) is None
    auth.sign_out(session, token)
    assert auth.resolve_session(session, token, NOW) is None
    assert auth.resolve_session(session, second, NOW) == scope
    auth.sign_out_everywhere(session, scope.designer_id)
    assert auth.resolve_session(session, second, NOW) is None
    assert auth.resolve_session(session, "made-up-token", NOW) is None


def test_an_invitation_is_single_use_and_expires(session):
    admin, _ = sign_up(session)
    link = auth.invite(session, admin, "Bob@Agence.fr", now=NOW)
    token = link.rsplit("/", 1)[1]
    assert auth.invitation_email(session, token, now=NOW) == "bob@agence.fr"
    bob, bob_token = auth.accept_invitation(session, token, "Bob", PASSWORD, now=NOW)
    assert bob.agency_id == admin.agency_id and bob.role == "designer"
    assert auth.resolve_session(session, bob_token, NOW) == bob
    with pytest.raises(auth.AuthError, match="already used"):
        auth.accept_invitation(session, token, "Eve", PASSWORD, now=NOW)
    late = auth.invite(session, admin, "late@agence.fr", now=NOW).rsplit("/", 1)[1]
    with pytest.raises(auth.AuthError, match="expired"):
        auth.accept_invitation(session, late, "Late", PASSWORD, now=NOW + auth.INVITE_LIFETIME)


def test_only_admins_invite_and_remove(session):
    admin, _ = sign_up(session)
    token = auth.invite(session, admin, "bob@agence.fr", now=NOW).rsplit("/", 1)[1]
    bob, _ = auth.accept_invitation(session, token, "Bob", PASSWORD, now=NOW)
    with pytest.raises(auth.Forbidden):
        auth.invite(session, bob, "carol@agence.fr")
    with pytest.raises(auth.Forbidden):
        auth.remove_designer(session, bob, admin.designer_id)
    with pytest.raises(auth.Forbidden):
        auth.pending_links(session, bob)


def test_a_removed_designer_is_signed_out_at_once_and_cannot_sign_in(session):
    admin, _ = sign_up(session)
    token = auth.invite(session, admin, "bob@agence.fr", now=NOW).rsplit("/", 1)[1]
    bob, bob_token = auth.accept_invitation(session, token, "Bob", PASSWORD, now=NOW)
    auth.remove_designer(session, admin, bob.designer_id, now=NOW)
    assert auth.resolve_session(session, bob_token, NOW) is None
    assert auth.sign_in(session, "bob@agence.fr", PASSWORD, now=NOW).scope is None
    assert [m.email for m in auth.team(session, admin)] == ["ana@agence.fr"]


def test_an_admin_cannot_touch_another_agencys_designers(session):
    admin, _ = sign_up(session)
    other, _ = sign_up(session, email="zoe@autre.fr", agency="Autre")
    with pytest.raises(NotFound):
        auth.remove_designer(session, admin, other.designer_id)
    with pytest.raises(NotFound):
        auth.create_reset_link(session, admin, other.designer_id)
    zoe_token = auth.sign_in(session, "zoe@autre.fr", PASSWORD, now=NOW).token
    assert auth.resolve_session(session, zoe_token, NOW) == other


def test_password_reset_is_one_time_expiring_shown_to_the_admin_and_ends_sessions(session):
    admin, admin_token = sign_up(session)
    auth.request_password_reset(session, "ana@agence.fr", now=NOW)
    auth.request_password_reset(session, "nobody@agence.fr", now=NOW)  # says nothing, creates nothing
    links = auth.pending_links(session, admin, now=NOW)
    assert [(link.purpose, link.email) for link in links] == [("reset", "ana@agence.fr")]
    token = links[0].link.rsplit("/", 1)[1]
    auth.reset_password(session, token, "a brand new password", now=NOW)
    assert auth.resolve_session(session, admin_token, NOW) is None
    assert auth.sign_in(session, "ana@agence.fr", "a brand new password", now=NOW).scope is not None
    assert auth.pending_links(session, admin, now=NOW) == []
    with pytest.raises(auth.AuthError):
        auth.reset_password(session, token, "yet another password", now=NOW)
    stale = auth.create_reset_link(session, admin, admin.designer_id, now=NOW).rsplit("/", 1)[1]
    with pytest.raises(auth.AuthError, match="expired"):
        auth.reset_password(session, stale, "yet another password", now=NOW + auth.RESET_LIFETIME)


def test_founder_is_granted_by_command_only(session):
    scope, token = sign_up(session)
    assert not scope.is_founder
    auth.grant_founder(session, "ana@agence.fr")
    assert auth.resolve_session(session, token, NOW).is_founder


def test_a_removed_designer_can_be_invited_back_with_the_same_address(session):
    admin, _ = sign_up(session)
    token = auth.invite(session, admin, "bob@agence.fr", now=NOW).rsplit("/", 1)[1]
    bob, _ = auth.accept_invitation(session, token, "Bob", PASSWORD, now=NOW)
    auth.remove_designer(session, admin, bob.designer_id, now=NOW)
    again = auth.invite(session, admin, "bob@agence.fr", now=NOW).rsplit("/", 1)[1]
    back, _ = auth.accept_invitation(session, again, "Bob", PASSWORD, now=NOW)
    assert back.designer_id != bob.designer_id and back.email == "bob@agence.fr"


def test_changing_the_password_ends_other_sessions_and_open_reset_links(session):
    admin, token = sign_up(session)
    other = auth.sign_in(session, "ana@agence.fr", PASSWORD, now=NOW).token
    auth.request_password_reset(session, "ana@agence.fr", now=NOW)
    auth.change_password(session, admin, PASSWORD, "another long password", keep_token=token)
    assert auth.resolve_session(session, token) == admin
    assert auth.resolve_session(session, other) is None
    assert auth.pending_links(session, admin) == []


def test_sign_ups_and_reset_requests_from_one_address_are_rate_limited(session):
    errors = []
    for n in range(30):
        try:
            auth.sign_up(session, f"Agence {n}", "Ana", f"ana{n}@agence.fr", PASSWORD, "198.51.100.9", now=NOW)
        except auth.AuthError as problem:
            errors.append(str(problem))
    assert errors and "Too many requests" in errors[-1]
    for _ in range(30):
        try:
            auth.request_password_reset(session, "ana0@agence.fr", "198.51.100.10", now=NOW)
        except auth.AuthError as problem:
            assert "Too many requests" in str(problem)
            break
    else:
        pytest.fail("reset requests were never limited")
