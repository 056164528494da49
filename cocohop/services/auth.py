"""Accounts: sign-up, sign-in with throttling, server-side sessions, invitations,
password resets, team management. Passwords are hashed with argon2id; session and
one-time tokens are random and stored only as SHA-256 hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from cocohop.db.tables import Agency, Designer, OneTimeToken, SignInFailure, UserSession
from cocohop.domain import lockout
from cocohop.services.errors import NotFound, ServiceError

SESSION_LIFETIME = dt.timedelta(days=14)
INVITE_LIFETIME = dt.timedelta(days=7)
RESET_LIFETIME = dt.timedelta(hours=2)
MIN_PASSWORD = 10
ROLES = ("designer", "admin")

_hasher = PasswordHasher()  # argon2id, the library's current recommended parameters
# Verifying against this when the e-mail is unknown keeps both answers equally slow.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AuthError(ServiceError):
    pass


class Forbidden(ServiceError):
    def __init__(self, message: str = "only an agency admin can do this"):
        super().__init__(message)


@dataclass(frozen=True)
class Scope:
    """Who acts, for which agency. Every service that reads or writes agency data takes
    one, and filters by ``agency_id``: the only way to reach another agency's rows is
    to be signed in to it."""

    agency_id: int
    designer_id: int
    role: str = "designer"
    is_founder: bool = False
    name: str = ""
    email: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def require_admin(self) -> None:
        if not self.is_admin:
            raise Forbidden()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_email(email: str) -> str:
    email = unicodedata.normalize("NFKC", (email or "").strip()).lower()
    if len(email) > 320 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise AuthError("Enter a valid e-mail address.")
    return email


def check_password_strength(password: str, email: str = "") -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AuthError(f"The password needs at least {MIN_PASSWORD} characters.")
    if len(password) > 1000:
        raise AuthError("The password is too long (1000 characters at most).")
    if email and password.lower() == email.lower():
        raise AuthError("The password cannot be your e-mail address.")


def _clean_name(name: str, what: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise AuthError(f"Enter {what} (200 characters at most).")
    return name


def _slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "agency"


def _unique_slug(session: Session, name: str) -> str:
    base = _slugify(name)
    slug, n = base, 1
    while session.exec(select(Agency.id).where(Agency.slug == slug)).first() is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _scope_of(designer: Designer) -> Scope:
    return Scope(
        agency_id=designer.agency_id,
        designer_id=designer.id,
        role=designer.role,
        is_founder=designer.is_founder,
        name=designer.name,
        email=designer.email,
    )


# ---------------------------------------------------------------- sessions


def _open_session(session: Session, designer: Designer, address: str, now: dt.datetime) -> str:
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=hash_token(token),
            designer_id=designer.id,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
            address=address[:100],
        )
    )
    session.flush()
    return token


def resolve_session(session: Session, token: str, now: dt.datetime | None = None) -> Scope | None:
    """The scope of a session token, or None when it is unknown, expired, revoked, or
    its designer was removed."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    row = session.exec(
        select(UserSession, Designer)
        .join(Designer, Designer.id == UserSession.designer_id)
        .where(UserSession.token_hash == hash_token(token))
    ).first()
    if row is None:
        return None
    user_session, designer = row
    if user_session.revoked_at or user_session.expires_at <= now or designer.removed_at:
        return None
    return _scope_of(designer)


def sign_out(session: Session, token: str) -> None:
    session.execute(
        sa.update(UserSession)
        .where(UserSession.token_hash == hash_token(token), UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def sign_out_everywhere(session: Session, designer_id: int) -> int:
    result = session.execute(
        sa.update(UserSession)
        .where(UserSession.designer_id == designer_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount


# ---------------------------------------------------------------- sign-up and sign-in


def sign_up(
    session: Session,
    agency_name: str,
    name: str,
    email: str,
    password: str,
    address: str = "",
    now: dt.datetime | None = None,
) -> tuple[Scope, str]:
    """A new agency with its first designer, its admin; returns the scope and a session token."""
    now = now or utcnow()
    if address:
        _rate_limited(session, f"signup:{address}", now)
    agency_name = _clean_name(agency_name, "the agency's name")
    name = _clean_name(name, "your name")
    email = normalize_email(email)
    check_password_strength(password, email)
    if session.exec(select(Designer.id).where(Designer.email == email)).first() is not None:
        raise AuthError("An account already uses this e-mail address: sign in instead.")
    agency = Agency(name=agency_name, slug=_unique_slug(session, agency_name), trade_name=agency_name)
    designer = Designer(email=email, name=name, role="admin", password_hash=_hasher.hash(password))
    try:
        session.add(agency)
        session.flush()
        designer.agency_id = agency.id
        session.add(designer)
        session.flush()
    except IntegrityError:  # the same e-mail or agency name signed up in the same instant
        raise AuthError("An account was just created with this e-mail or agency name: try again.") from None
    return _scope_of(designer), _open_session(session, designer, address, now)


def _serialise(session: Session, keys: list[str]) -> None:
    """Attempts on one key wait for each other until their transaction ends, so that each
    sees the failures before it: guesses sent in parallel cannot all slip under the limit.
    (SQLite, the first-look database, writes one transaction at a time anyway.)"""
    if session.get_bind().dialect.name == "postgresql":
        for key in sorted(keys):
            session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


def _rate_limited(session: Session, key: str, now: dt.datetime) -> None:
    """One more request of a kind that anyone may send (sign-up, reset link) from one
    address: counted like sign-in failures, with the shared-address allowance."""
    _serialise(session, [key])
    verdict = lockout.verdict(_failures(session, key, now), now, lockout.ADDRESS)
    if not verdict.allowed:
        raise AuthError(verdict.message().replace("failed sign-ins", "requests"))
    session.add(SignInFailure(key=key, at=now))
    session.flush()


def _failures(session: Session, key: str, now: dt.datetime) -> list[dt.datetime]:
    since = now - max(lockout.WINDOW, lockout.LOCK_FOR)
    return list(session.exec(select(SignInFailure.at).where(SignInFailure.key == key, SignInFailure.at > since)))


@dataclass
class SignInResult:
    """Failures are data, not exceptions, so that the caller's unit of work commits the
    recorded failure that throttles the next try."""

    scope: Scope | None = None
    token: str = ""
    error: str = ""


def sign_in(
    session: Session, email: str, password: str, address: str = "", now: dt.datetime | None = None
) -> SignInResult:
    """Checks the throttle for the account and for the client address, then the password."""
    now = now or utcnow()
    try:
        email = normalize_email(email)
    except AuthError:
        return SignInResult(error="Wrong e-mail or password.")
    keys = [f"email:{email}"] + ([f"address:{address}"] if address else [])
    _serialise(session, keys)
    for key in keys:
        policy = lockout.ADDRESS if key.startswith("address:") else lockout.ACCOUNT
        verdict = lockout.verdict(_failures(session, key, now), now, policy)
        if not verdict.allowed:
            return SignInResult(error=verdict.message())
    designer = session.exec(select(Designer).where(Designer.email == email)).first()
    known = designer is not None and designer.removed_at is None and bool(designer.password_hash)
    try:
        valid = _hasher.verify(designer.password_hash if known else _DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        valid = False
    if not (known and valid):
        for key in keys:
            session.add(SignInFailure(key=key, at=now))
        session.flush()
        return SignInResult(error="Wrong e-mail or password.")
    if _hasher.check_needs_rehash(designer.password_hash):
        designer.password_hash = _hasher.hash(password)
        session.add(designer)
    session.execute(sa.delete(SignInFailure).where(SignInFailure.key == keys[0]))
    return SignInResult(scope=_scope_of(designer), token=_open_session(session, designer, address, now))


def change_password(session: Session, scope: Scope, current: str, new: str, keep_token: str = "") -> None:
    """A new password; every other session of the account ends, and so do its open
    reset links (whoever held the old password or a link loses it)."""
    designer = session.get(Designer, scope.designer_id)
    try:
        _hasher.verify(designer.password_hash, current or "")
    except (VerificationError, InvalidHashError):
        raise AuthError("The current password is wrong.") from None
    check_password_strength(new, designer.email)
    designer.password_hash = _hasher.hash(new)
    session.add(designer)
    _close_reset_links(session, designer.id)
    session.execute(
        sa.update(UserSession)
        .where(
            UserSession.designer_id == designer.id,
            UserSession.revoked_at.is_(None),
            UserSession.token_hash != hash_token(keep_token),
        )
        .values(revoked_at=utcnow())
    )


def _close_reset_links(session: Session, designer_id: int) -> None:
    session.execute(
        sa.update(OneTimeToken)
        .where(OneTimeToken.designer_id == designer_id, OneTimeToken.purpose == "reset", OneTimeToken.used_at.is_(None))
        .values(used_at=utcnow(), link="")
    )


# ---------------------------------------------------------------- one-time tokens


def _new_token(
    session: Session,
    purpose: str,
    agency_id: int,
    email: str,
    lifetime: dt.timedelta,
    link_prefix: str,
    now: dt.datetime,
    role: str = "designer",
    designer_id: int | None = None,
) -> str:
    token = secrets.token_urlsafe(32)
    link = f"{link_prefix}{token}"
    session.add(
        OneTimeToken(
            token_hash=hash_token(token),
            purpose=purpose,
            agency_id=agency_id,
            email=email,
            role=role,
            designer_id=designer_id,
            link=link,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    session.flush()
    return link


def _redeem(session: Session, token: str, purpose: str, now: dt.datetime) -> OneTimeToken:
    row = session.exec(
        select(OneTimeToken)
        .where(OneTimeToken.token_hash == hash_token(token or ""), OneTimeToken.purpose == purpose)
        .with_for_update()
    ).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise AuthError("This link is invalid, already used or expired: ask for a new one.")
    row.used_at, row.link = now, ""
    session.add(row)
    return row


def invite(session: Session, scope: Scope, email: str, role: str = "designer", now: dt.datetime | None = None) -> str:
    """An agency admin invites a designer; returns the one-time link (path) to send."""
    scope.require_admin()
    now = now or utcnow()
    email = normalize_email(email)
    if role not in ROLES:
        raise AuthError("The role must be designer or admin.")
    if session.exec(select(Designer.id).where(Designer.email == email)).first() is not None:
        raise AuthError("An account already uses this e-mail address.")
    return _new_token(session, "invite", scope.agency_id, email, INVITE_LIFETIME, "/invite/", now, role=role)


def invitation_email(session: Session, token: str, now: dt.datetime | None = None) -> str:
    """The invited address, to show on the invitation page; AuthError when unusable."""
    now = now or utcnow()
    row = session.exec(select(OneTimeToken).where(OneTimeToken.token_hash == hash_token(token or ""), OneTimeToken.purpose == "invite")).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise AuthError("This invitation is invalid, already used or expired: ask your agency for a new one.")
    return row.email


def accept_invitation(
    session: Session, token: str, name: str, password: str, address: str = "", now: dt.datetime | None = None
) -> tuple[Scope, str]:
    now = now or utcnow()
    name = _clean_name(name, "your name")
    row = _redeem(session, token, "invite", now)
    check_password_strength(password, row.email)
    if session.exec(select(Designer.id).where(Designer.email == row.email)).first() is not None:
        raise AuthError("An account already uses this e-mail address: sign in instead.")
    designer = Designer(
        agency_id=row.agency_id, email=row.email, name=name, role=row.role, password_hash=_hasher.hash(password)
    )
    try:
        session.add(designer)
        session.flush()
    except IntegrityError:
        raise AuthError("An account already uses this e-mail address: sign in instead.") from None
    return _scope_of(designer), _open_session(session, designer, address, now)


def request_password_reset(
    session: Session, email: str, address: str = "", now: dt.datetime | None = None
) -> None:
    """Creates a reset link when the account exists; says nothing either way, so the
    answer does not tell who has an account. With no mail server the link waits on the
    agency admin's team page."""
    now = now or utcnow()
    if address:
        _rate_limited(session, f"reset:{address}", now)
    try:
        email = normalize_email(email)
    except AuthError:
        return
    designer = session.exec(select(Designer).where(Designer.email == email, Designer.removed_at.is_(None))).first()
    if designer is not None:
        _new_token(session, "reset", designer.agency_id, email, RESET_LIFETIME, "/reset/", now, designer_id=designer.id)


def create_reset_link(session: Session, scope: Scope, designer_id: int, now: dt.datetime | None = None) -> str:
    scope.require_admin()
    now = now or utcnow()
    designer = _team_member(session, scope, designer_id)
    return _new_token(session, "reset", scope.agency_id, designer.email, RESET_LIFETIME, "/reset/", now, designer_id=designer.id)


def reset_password(session: Session, token: str, password: str, now: dt.datetime | None = None) -> None:
    """Sets the new password and ends every session of that account."""
    now = now or utcnow()
    row = _redeem(session, token, "reset", now)
    designer = session.get(Designer, row.designer_id)
    if designer is None or designer.removed_at is not None:
        raise AuthError("This link is invalid, already used or expired: ask for a new one.")
    check_password_strength(password, designer.email)
    designer.password_hash = _hasher.hash(password)
    session.add(designer)
    sign_out_everywhere(session, designer.id)
    _close_reset_links(session, designer.id)
    session.execute(sa.delete(SignInFailure).where(SignInFailure.key == f"email:{designer.email}"))


# ---------------------------------------------------------------- team


@dataclass
class Member:
    id: int
    name: str
    email: str
    role: str
    is_you: bool


@dataclass
class PendingLink:
    id: int
    purpose: str
    email: str
    link: str
    expires: str


def _team_member(session: Session, scope: Scope, designer_id: int) -> Designer:
    designer = session.exec(
        select(Designer).where(
            Designer.id == designer_id, Designer.agency_id == scope.agency_id, Designer.removed_at.is_(None)
        )
    ).first()
    if designer is None:
        raise NotFound("designer")
    return designer


def team(session: Session, scope: Scope) -> list[Member]:
    rows = session.exec(
        select(Designer)
        .where(Designer.agency_id == scope.agency_id, Designer.removed_at.is_(None))
        .order_by(Designer.name)
    )
    return [Member(d.id, d.name, d.email, d.role, d.id == scope.designer_id) for d in rows]


def pending_links(session: Session, scope: Scope, now: dt.datetime | None = None) -> list[PendingLink]:
    """Unused, unexpired invitations and reset links of the agency, for its admin."""
    scope.require_admin()
    now = now or utcnow()
    rows = session.exec(
        select(OneTimeToken)
        .where(OneTimeToken.agency_id == scope.agency_id, OneTimeToken.used_at.is_(None), OneTimeToken.expires_at > now)
        .order_by(OneTimeToken.created_at.desc())
    )
    return [
        PendingLink(r.id, r.purpose, r.email, r.link, r.expires_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
        for r in rows
    ]


def remove_designer(session: Session, scope: Scope, designer_id: int, now: dt.datetime | None = None) -> None:
    """Removes a designer from the agency; their sessions end at once. Their trips stay."""
    scope.require_admin()
    if designer_id == scope.designer_id:
        raise AuthError("You cannot remove yourself; another admin can.")
    designer = _team_member(session, scope, designer_id)
    designer.removed_at = now or utcnow()
    # The address is free again (the agency may invite the person back one day); the row
    # stays for the trips it created, under an address no one can sign in with.
    designer.email = f"removed-{designer.id}+{designer.email}"[:320]
    designer.password_hash = ""
    session.add(designer)
    sign_out_everywhere(session, designer.id)
    _close_reset_links(session, designer.id)


def grant_founder(session: Session, email: str) -> None:
    """Operators only, from the command line: never through sign-up or the app."""
    designer = session.exec(select(Designer).where(Designer.email == normalize_email(email))).first()
    if designer is None:
        raise NotFound("account")
    designer.is_founder = True
    session.add(designer)
