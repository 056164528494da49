"""The sign-in throttle: free mistakes, then growing waits, then a lock that expires."""

from datetime import datetime, timedelta, timezone

from cocohop.domain import lockout

NOW = datetime(2027, 1, 1, 12, 0, tzinfo=timezone.utc)


def failures(count: int, every: timedelta = timedelta(seconds=1), last: datetime = NOW) -> list[datetime]:
    return [last - every * i for i in range(count)]


def test_a_few_mistakes_cost_nothing():
    assert lockout.verdict(failures(lockout.FREE_FAILURES), NOW).allowed


def test_each_failure_beyond_the_free_ones_makes_the_next_try_wait_longer():
    waits = []
    for count in range(lockout.FREE_FAILURES + 1, lockout.LOCK_AFTER):
        verdict = lockout.verdict(failures(count), NOW)
        assert not verdict.allowed and not verdict.locked
        waits.append(verdict.wait)
    assert waits == sorted(waits) and waits[0] == timedelta(seconds=1) and waits[-1] > waits[0]
    # After waiting that long, a try is allowed again.
    assert lockout.verdict(failures(lockout.FREE_FAILURES + 2), NOW + waits[1]).allowed


def test_too_many_failures_lock_the_key_for_a_while_with_a_clear_message():
    verdict = lockout.verdict(failures(lockout.LOCK_AFTER), NOW)
    assert verdict.locked and not verdict.allowed
    assert verdict.wait == lockout.LOCK_FOR  # counted from the failure that reached the limit
    assert "locked for 15 min" in verdict.message()
    assert "bloquée" in verdict.message("fr")
    assert not lockout.verdict(failures(lockout.LOCK_AFTER), NOW + timedelta(minutes=10)).allowed
    assert lockout.verdict(failures(lockout.LOCK_AFTER), NOW + lockout.LOCK_FOR + lockout.WINDOW).allowed


def test_old_failures_are_forgotten():
    old = failures(lockout.LOCK_AFTER, last=NOW - timedelta(hours=1))
    assert lockout.verdict(old, NOW).allowed


def test_a_shared_address_gets_more_room_than_one_account():
    assert not lockout.verdict(failures(5), NOW, lockout.ACCOUNT).allowed
    assert lockout.verdict(failures(5), NOW, lockout.ADDRESS).allowed
    assert lockout.verdict(failures(lockout.ADDRESS.lock_after), NOW, lockout.ADDRESS).locked
