"""Command line: ``python -m cocohop COMMAND``. Errors are one line on stderr and a
non-zero exit."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEMO_DESIGNER = "claire@atelier-voyages.example"


def _read_brief() -> str:
    if sys.stdin.isatty():
        raise SystemExit("error: pipe the brief's text on stdin")
    return sys.stdin.read()


def cmd_parse_brief(_args) -> None:
    from cocohop.domain.brief import parse_brief

    facts = parse_brief(_read_brief())
    json.dump(facts.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _scope(session, email: str):
    """The CLI acts as one designer (--as), within that designer's agency only."""
    from sqlmodel import select

    from cocohop.db.tables import Designer
    from cocohop.services.auth import Scope
    from cocohop.services.errors import NotFound

    designer = session.exec(select(Designer).where(Designer.email == email.strip().lower())).first()
    if designer is None or designer.removed_at is not None:
        raise NotFound(f"designer {email}")
    return Scope(agency_id=designer.agency_id, designer_id=designer.id, role=designer.role, is_founder=designer.is_founder)


def cmd_generate(args) -> None:
    from cocohop.db.engine import unit_of_work
    from cocohop.services.trips import create_trip_from_brief

    brief = _read_brief()
    with unit_of_work() as session:
        trip_id = create_trip_from_brief(session, _scope(session, args.as_designer), brief)
    print(trip_id)


def cmd_book(args) -> None:
    from cocohop.db.engine import unit_of_work
    from cocohop.services.books import render_trip_book

    with unit_of_work() as session:
        # One book: rendering in this process beats starting worker processes for it.
        pdf, _name = render_trip_book(session, _scope(session, args.as_designer), args.trip_id, workers=0)
    Path(args.output).write_bytes(pdf)
    print(f"{args.output}: {len(pdf)} bytes", file=sys.stderr)


def cmd_migrate(_args) -> None:
    from cocohop.db.migrations import upgrade_to_head

    upgrade_to_head()


def cmd_grant_founder(args) -> None:
    from cocohop.db.engine import unit_of_work
    from cocohop.services.auth import grant_founder

    with unit_of_work() as session:
        grant_founder(session, args.email)
    print(f"{args.email} now has the founders' views", file=sys.stderr)


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
    generate.add_argument("--as", dest="as_designer", default=DEMO_DESIGNER, help="the designer's e-mail (default: the demo admin)")
    generate.set_defaults(run=cmd_generate)
    book = commands.add_parser("book", help="render a trip's travel book to a PDF file")
    book.add_argument("trip_id", type=int)
    book.add_argument("-o", "--output", required=True)
    book.add_argument("--as", dest="as_designer", default=DEMO_DESIGNER, help="the designer's e-mail (default: the demo admin)")
    book.set_defaults(run=cmd_book)
    commands.add_parser("migrate", help="bring the database schema to the latest version").set_defaults(run=cmd_migrate)
    founder = commands.add_parser("grant-founder", help="give an existing account the founders' views")
    founder.add_argument("email")
    founder.set_defaults(run=cmd_grant_founder)
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
