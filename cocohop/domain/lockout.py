"""Sign-in throttling, as a pure rule over the recent failures of one key (an account's
e-mail or a client address). Each failure beyond a few makes the next try wait longer;
past a limit the key is locked for a while. Times are timezone-aware UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

WINDOW = timedelta(minutes=15)
LOCK_FOR = timedelta(minutes=15)
MAX_DELAY = timedelta(seconds=60)


@dataclass(frozen=True)
class Policy:
    free_failures: int  # mistakes anyone makes: no wait
    lock_after: int  # failures within WINDOW that lock the key


# One account: a person mistyping, or someone guessing its password.
ACCOUNT = Policy(free_failures=3, lock_after=10)
# One client address: many people may share it (an agency's office, a proxy), so it is
# only slowed down and locked much later: it stops one machine guessing across accounts.
ADDRESS = Policy(free_failures=20, lock_after=100)
FREE_FAILURES, LOCK_AFTER = ACCOUNT.free_failures, ACCOUNT.lock_after


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    wait: timedelta = timedelta(0)
    locked: bool = False

    def message(self, lang: str = "en") -> str:
        seconds = max(1, int(self.wait.total_seconds() + 0.999))
        minutes = max(1, (seconds + 59) // 60)
        if self.locked:
            if lang == "fr":
                return f"Trop d'essais manqués : connexion bloquée pendant {minutes} min."
            return f"Too many failed sign-ins: locked for {minutes} min."
        if lang == "fr":
            return f"Trop d'essais manqués : réessayez dans {seconds} s."
        return f"Too many failed sign-ins: try again in {seconds} s."


def verdict(failures: list[datetime], now: datetime, policy: Policy = ACCOUNT) -> Verdict:
    """May a sign-in be tried now, given the times of the recent failures of one key?"""
    recent = sorted(t for t in failures if now - t < max(WINDOW, LOCK_FOR))
    in_window = [t for t in recent if now - t < WINDOW]
    if len(in_window) >= policy.lock_after:
        unlock_at = in_window[policy.lock_after - 1] + LOCK_FOR
        if now < unlock_at:
            return Verdict(allowed=False, wait=unlock_at - now, locked=True)
    if len(in_window) <= policy.free_failures:
        return Verdict(allowed=True)
    # 1 s after the 4th failure, then 2, 4, 8 ... seconds, capped.
    delay = min(timedelta(seconds=2 ** (len(in_window) - policy.free_failures - 1)), MAX_DELAY)
    retry_at = in_window[-1] + delay
    if now < retry_at:
        return Verdict(allowed=False, wait=retry_at - now)
    return Verdict(allowed=True)
