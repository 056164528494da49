"""Command line: ``python -m cocohop COMMAND``. Errors are one line on stderr and a
non-zero exit."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _read_brief() -> str:
    if sys.stdin.isatty():
        raise SystemExit("error: pipe the brief's text on stdin")
    return sys.stdin.read()


def cmd_parse_brief(_args) -> None:
    from cocohop.domain.brief import parse_brief

    facts = parse_brief(_read_brief())
    json.dump(facts.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _agency_id(session, slug: str | None) -> int:
    from cocohop.services.trips import agency_by_slug
    from cocohop.settings import get_settings

    return agency_by_slug(session, slug or get_settings().demo_agency_slug).id


def cmd_generate(args) -> None:
    from cocohop.db.engine import unit_of_work
    from cocohop.services.trips import create_trip_from_brief

    brief = _read_brief()
    with unit_of_work() as session:
        trip_id = create_trip_from_brief(session, _agency_id(session, args.agency), brief)
    print(trip_id)


def cmd_book(args) -> None:
    from cocohop.db.engine import unit_of_work
    from cocohop.services.books import render_trip_book

    with unit_of_work() as session:
        pdf, _name = render_trip_book(session, _agency_id(session, args.agency), args.trip_id)
    Path(args.output).write_bytes(pdf)
    print(f"{args.output}: {len(pdf)} bytes", file=sys.stderr)


def cmd_migrate(_args) -> None:
    from cocohop.db.migrations import upgrade_to_head

    upgrade_to_head()


def cmd_seed_demo(_args) -> None:
    from cocohop.db.engine import unit_of_work
    from cocohop.services.demo import seed_demo

    with unit_of_work() as session:
        seed_demo(session)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cocohop", description="Cocohop from the command line")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("parse-brief", help="brief text on stdin, JSON facts on stdout").set_defaults(run=cmd_parse_brief)
    generate = commands.add_parser("generate", help="brief on stdin; saves a trip, prints its id")
    generate.add_argument("--agency", help="agency slug (default: the demo agency)")
    generate.set_defaults(run=cmd_generate)
    book = commands.add_parser("book", help="render a trip's travel book to a PDF file")
    book.add_argument("trip_id", type=int)
    book.add_argument("-o", "--output", required=True)
    book.add_argument("--agency", help="agency slug (default: the demo agency)")
    book.set_defaults(run=cmd_book)
    commands.add_parser("migrate", help="bring the database schema to the latest version").set_defaults(run=cmd_migrate)
    commands.add_parser("seed-demo", help="create the demo agency and trips (idempotent)").set_defaults(run=cmd_seed_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except SystemExit:
        raise
    except Exception as error:  # one clear line, never a traceback, for a person at a terminal
        from cocohop.domain.brief import BriefError
        from cocohop.services.errors import ServiceError

        if isinstance(error, (BriefError, ServiceError, OSError, ValueError)):
            print(f"error: {error}", file=sys.stderr)
        else:
            print(f"error: unexpected {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0
