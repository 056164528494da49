"""Regenerating one day or one paragraph without touching what a person wrote.

The rule, implemented once in :func:`merge_regenerated_day`: only texts whose ``*_generated``
flag is True may be replaced, and items with ``generated=False`` are kept as they are.

This module also holds the built-in (no model) regeneration: a deterministic alternative
day from the content library, through the built-in generator's own day writer, preferring the
tastes of the designer's instruction ("more food, less museums") and activities not used
elsewhere in the trip. The model-backed regeneration lives in ``cocohop.services.drafting``
and ends in the same merge.

Plain Python: no web framework, database or language-model client here.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from datetime import time

from cocohop.domain import generator as gen
from cocohop.domain.brief import BriefFacts, _fold, _interest_patterns
from cocohop.domain.itinerary import Day, Item, ItemKind, Trip
from cocohop.library.loader import DEFAULT_LIBRARY, ContentLibrary, Country, Localized, Place, geocode_town, normalize_name


class HumanEdited(ValueError):
    """The text was edited by a person: it is never regenerated."""


# Kinds of item that carry the day's logistics: a person's edit of one of these rules the whole
# kind for that day (a stay the designer typed in is the night's stay; no generated one is added).
STRUCTURAL_KINDS = frozenset({ItemKind.STAY, ItemKind.TRANSFER, ItemKind.FLIGHT})


# ---------------------------------------------------------------------------------------------
# The merge rule


def merge_regenerated_day(current: Day, fresh: Day) -> Day:
    """``current`` with what may be regenerated taken from ``fresh``.

    * title and text: replaced only when the current one is still generated;
    * items edited by a person (``generated=False``): kept exactly, never removed;
    * generated items: replaced by the fresh ones, except that a kind among STAY, TRANSFER and
      FLIGHT with an item edited by a person keeps the current items of that kind and takes none
      of the fresh ones; a fresh item named like an item a person kept is not added twice;
    * every other field (date, base place, photo...): the current day's (regenerating does not
      move a day).

    Order: untimed items first (fresh order, a person's structural items in the place of the
    fresh ones they stand for), then timed items by start time. Pure: neither day is changed.
    """
    human_kinds = {i.kind for i in current.items if not i.generated and i.kind in STRUCTURAL_KINDS}
    human_names = {normalize_name(i.name) for i in current.items if not i.generated}
    # In the current order: a person's items, and the generated items of a kind a person rules.
    kept = [copy.deepcopy(i) for i in current.items if not i.generated or i.kind in human_kinds]

    placed: list[Item] = []
    placed_kept: set[int] = set()
    for item in fresh.items:
        if item.kind in human_kinds:
            if not any(kept[n].kind == item.kind for n in placed_kept):
                # The current items of that kind stand where the fresh ones were.
                for n, old in enumerate(kept):
                    if old.kind == item.kind:
                        placed.append(old)
                        placed_kept.add(n)
            continue
        if normalize_name(item.name) in human_names:
            continue
        fresh_item = copy.deepcopy(item)
        fresh_item.generated = True
        placed.append(fresh_item)
    placed.extend(old for n, old in enumerate(kept) if n not in placed_kept)

    # A copy of the current day, so that every other field of it (date, base place, photo, and
    # any added later) stays as it is.
    merged = copy.deepcopy(current)
    if current.title_generated:
        merged.title = fresh.title
    if current.text_generated:
        merged.text = fresh.text
    merged.items = time_ordered(placed)
    return merged


def time_ordered(items: list[Item]) -> list[Item]:
    """Untimed items first, in their order; then timed ones by start time (a stable sort)."""
    untimed = [i for i in items if i.start_time is None]
    timed = sorted((i for i in items if i.start_time is not None), key=lambda i: i.start_time)
    return untimed + timed


def with_paragraph(day: Day, paragraph_index: int, paragraph: str) -> Day:
    """The day with one paragraph of its text replaced (the text stays marked generated).
    Raises HumanEdited when a person edited the text, IndexError for a paragraph it lacks."""
    if not day.text_generated:
        raise HumanEdited("This day's text was edited by a person: it is not regenerated.")
    paragraphs = day.paragraphs
    if not 0 <= paragraph_index < len(paragraphs):
        raise IndexError(f"the day has {len(paragraphs)} paragraphs, not {paragraph_index + 1}")
    paragraphs[paragraph_index] = " ".join(paragraph.split())
    updated = copy.deepcopy(day)
    updated.text = "\n\n".join(paragraphs)
    return updated


# ---------------------------------------------------------------------------------------------
# Reading a trip: the kind of each day, its place, its stop


def day_kind(trip: Trip, index: int) -> str:
    """"arrival" (the first day), "departure" (the last), "travel" (the base changes that day)
    or "full"."""
    if index == 0:
        return "arrival"
    if index == len(trip.days) - 1:
        return "departure"
    before, here = trip.days[index - 1].base_place, trip.days[index].base_place
    return "travel" if normalize_name(before) != normalize_name(here) else "full"


def trip_country(trip: Trip, library: ContentLibrary) -> Country | None:
    code = (trip.country or "").upper()
    return library.load_country(code) if code and library.has_country(code) else None


def find_day_place(trip: Trip, index: int, library: ContentLibrary) -> Place | None:
    """The library place of a day's base, when the library knows it."""
    country = trip_country(trip, library)
    base = trip.days[index].base_place
    return library.find_place(base, country.code) if country and base.strip() else None


def stop_runs(trip: Trip) -> list[tuple[int, int]]:
    """(first day, last day) of each run of consecutive days on the same base place."""
    runs: list[tuple[int, int]] = []
    for index, day in enumerate(trip.days):
        if runs and normalize_name(trip.days[runs[-1][0]].base_place) == normalize_name(day.base_place):
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs


def facts_of_trip(trip: Trip) -> BriefFacts:
    """The facts a trip itself states, for when the brief's facts are not at hand."""
    return BriefFacts(
        lang=trip.lang, country=trip.country, start=trip.start, end=trip.end, nights=trip.nights or None,
        adults=trip.adults, children=trip.children, child_ages=list(trip.child_ages),
    )


# ---------------------------------------------------------------------------------------------
# A designer's instruction: tastes to favour and to avoid


_LESS = re.compile(
    r"\b(?:less|fewer|no|not|without|avoid\w*|skip|drop|remove|instead of|moins|pas|sans|eviter|evitez|"
    r"aucune?|trop|enlever|retirer|supprimer|plutot que)\b"
)
_CLAUSES = re.compile(r"[,;.!?\n]|\b(?:and|but|with|et|mais|avec)\b")
# Brief interests that the library tags differently.
_TAG_OF_INTEREST = {"religious sites": "temples", "snorkelling": "snorkeling", "hot springs": "hot springs"}


def instruction_tastes(instruction: str | None) -> tuple[list[str], list[str]]:
    """(tags to favour, tags to avoid) read off an instruction such as "more food, less museums"
    or "plus de gastronomie, moins de musées". Library tags, sorted; unknown words are ignored."""
    likes: set[str] = set()
    dislikes: set[str] = set()
    for clause in _CLAUSES.split(_fold(instruction or "")):
        if not clause.strip():
            continue
        tags = {_TAG_OF_INTEREST.get(tag, tag) for tag, pattern in _interest_patterns().items()
                if pattern.search(clause)}
        (dislikes if _LESS.search(clause) else likes).update(tags)
    return sorted(likes - dislikes), sorted(dislikes)


# ---------------------------------------------------------------------------------------------
# Built-in regeneration


def builtin_fresh_day(trip: Trip, day_index: int, instruction: str | None = None, *,
                      facts: BriefFacts | None = None, library: ContentLibrary | None = None) -> Day:
    """A new version of one day by the built-in generator, deterministic: the same kind of day
    (arrival, travel, full, departure) at the same place, with activities of the place that no
    other day of the trip has, the instruction's tastes first, and if possible none of the day's
    current ones. Not merged: see :func:`regenerate_day_builtin`."""
    library = library or DEFAULT_LIBRARY
    if not 0 <= day_index < len(trip.days):
        raise IndexError(f"the trip has {len(trip.days)} days, not {day_index + 1}")
    country = trip_country(trip, library)
    likes, avoid = instruction_tastes(instruction)
    base = facts or facts_of_trip(trip)
    tastes = replace(
        base,
        interests=sorted((set(base.interests) | set(likes)) - set(avoid)),
        dislikes=sorted(set(base.dislikes or []) | set(avoid)),
    )
    stops, stop_of_day = _stops(trip, library, country)
    current = trip.days[day_index]

    def build(avoid_current: bool) -> Day:
        builder = gen._DayBuilder(tastes, country, trip.lang, stops, trip.start, trip.adults, trip.children)
        if likes:
            builder.interests = likes  # the instruction's tastes lead the choice
        others = [d for n, d in enumerate(trip.days) if n != day_index or avoid_current]
        builder.used_activities = _used_activities(others, stops)
        stop_index = stop_of_day[day_index]
        stop = stops[stop_index]
        kind = day_kind(trip, day_index)
        if kind == "arrival":
            day = builder.first_day(stop)
        elif kind == "departure":
            day = builder.departure_day(stop)
        elif kind == "travel" and stop_index > 0:
            day = builder.travel_day(stops[stop_index - 1], stop)
        else:
            # The next opener of the generator's list: a different text for the same day.
            day = builder.full_day(stop, day_index + 1, days_left=1)
        return day

    fresh = build(avoid_current=True)
    had = [i for i in current.items if i.kind == ItemKind.ACTIVITY]
    if had and not any(i.kind == ItemKind.ACTIVITY for i in fresh.items):
        fresh = build(avoid_current=False)  # nothing else to offer: the same visits, rewritten
    fresh.date = current.date
    fresh.base_place = current.base_place
    set_units(fresh, trip)
    return fresh


def regenerate_day_builtin(trip: Trip, day_index: int, instruction: str | None = None, *,
                           facts: BriefFacts | None = None, library: ContentLibrary | None = None) -> Day:
    """The day regenerated by the built-in generator and merged (a person's edits kept)."""
    fresh = builtin_fresh_day(trip, day_index, instruction, facts=facts, library=library)
    return merge_regenerated_day(trip.days[day_index], fresh)


def regenerate_paragraph_builtin(trip: Trip, day_index: int, paragraph_index: int, instruction: str | None = None,
                                 *, facts: BriefFacts | None = None, library: ContentLibrary | None = None) -> str:
    """Another version of one paragraph, deterministic: the same paragraph of a built-in
    regeneration of the day when it differs, else the place's description, else a generic line;
    never a paragraph the day already has."""
    library = library or DEFAULT_LIBRARY
    day = trip.days[day_index]
    if not day.text_generated:
        raise HumanEdited("This day's text was edited by a person: it is not regenerated.")
    paragraphs = day.paragraphs
    if not 0 <= paragraph_index < len(paragraphs):
        raise IndexError(f"the day has {len(paragraphs)} paragraphs, not {paragraph_index + 1}")
    fresh = builtin_fresh_day(trip, day_index, instruction, facts=facts, library=library).paragraphs
    candidates: list[str] = []
    if paragraph_index < len(fresh):
        candidates.append(fresh[paragraph_index])
    candidates.extend(p for p in fresh if p not in candidates)
    place = find_day_place(trip, day_index, library)
    if place is not None:
        candidates.append(place.description.get(trip.lang))
    label = day.base_place or (trip_country(trip, library).name.get(trip.lang) if trip_country(trip, library) else "")
    candidates.append(gen._t(
        trip.lang,
        f"Time {('in ' + label) if label else 'here'} to wander at your own pace, and to ask your hosts "
        "for their favourite places.",
        f"Du temps pour flâner à votre rythme{(' à ' + label) if label else ''}, et demander à vos hôtes "
        "leurs adresses préférées.",
    ))
    for candidate in candidates:
        if candidate.strip() and candidate not in paragraphs:
            return candidate
    return candidates[-1]


def _stops(trip: Trip, library: ContentLibrary, country: Country | None) -> tuple[list[gen._Stop], list[int]]:
    """The trip's runs of days as the generator's stops (nights: the run's days, the departure
    day not counting), and the stop of each day."""
    stops: list[gen._Stop] = []
    stop_of_day: list[int] = []
    last = len(trip.days) - 1
    fallback = country.name.get(trip.lang) if country else (trip.country or "")
    for first, end in stop_runs(trip):
        label = trip.days[first].base_place.strip() or fallback or "?"
        place = library.find_place(label, country.code) if country else None
        if place is not None:
            stop = gen._Stop.of_place(place, from_brief=True)
        else:
            town = geocode_town(label, trip.country)
            stop = gen._Stop(
                where=gen._Where.of(Localized(en=label, fr=label)), place=None,
                lat=town.lat if town else None, lon=town.lon if town else None, from_brief=True,
            )
        stop.nights = max(1, end - first + 1 - (1 if end == last and last > 0 else 0))
        stop_of_day.extend([len(stops)] * (end - first + 1))
        stops.append(stop)
    return stops, stop_of_day


def _used_activities(days: list[Day], stops: list[gen._Stop]) -> set[tuple[str, str]]:
    """(place id, English name) of the library activities that these days hold."""
    names = {normalize_name(i.name) for d in days for i in d.items if i.kind == ItemKind.ACTIVITY}
    used: set[tuple[str, str]] = set()
    for stop in stops:
        if stop.place is None:
            continue
        for act in stop.place.activities:
            if normalize_name(act.name.en) in names or normalize_name(act.name.fr) in names:
                used.add((stop.place.id, act.name.en))
    return used


def set_units(day: Day, trip: Trip) -> None:
    """What library costs are counted per: stays per room and night, activities per person."""
    for item in day.items:
        if item.cost is None or item.unit:
            continue
        if item.kind == ItemKind.STAY:
            item.unit = "room_night"
            if item.rooms is None:
                item.rooms = rooms_for(trip.adults, trip.children)
        elif item.kind == ItemKind.ACTIVITY:
            item.unit = "person"


def rooms_for(adults: int, children: int) -> int:
    """Rooms a party needs at two a room (the pricing of the built-in generator)."""
    return max(1, -(-(adults + children) // 2))


def end_time(start: time | None, minutes: int | None) -> time | None:
    if start is None or minutes is None:
        return None
    total = start.hour * 60 + start.minute + minutes
    return time(total // 60, total % 60) if total < 24 * 60 else None
