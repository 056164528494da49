"""The base state every page state reaches with get_state: who is working, for which
agency. It imports nothing else of the UI."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

import reflex as rx

from cocohop.db.engine import unit_of_work
from cocohop.services import trips as trip_service
from cocohop.settings import get_settings

T = TypeVar("T")


def current_agency_id() -> int:
    """Until accounts exist (issue 3) everyone works in the demo agency."""
    with unit_of_work() as session:
        return trip_service.agency_by_slug(session, get_settings().demo_agency_slug).id


async def run_service(work: Callable[..., T], *args, **kwargs) -> T:
    """Run one service call in a worker thread with its own unit of work, so that the
    event loop (and every other tab) keeps answering while the database works."""

    def in_thread() -> T:
        with unit_of_work() as session:
            return work(session, *args, **kwargs)

    return await asyncio.to_thread(in_thread)


class BaseState(rx.State):
    agency_id: int = 0

    @rx.event
    async def ensure_agency(self):
        if not self.agency_id:
            self.agency_id = await asyncio.to_thread(current_agency_id)
