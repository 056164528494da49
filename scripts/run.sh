#!/usr/bin/env bash
# Runs Cocohop on http://localhost:3000 (SQLite file cocohop.db unless DATABASE_URL is set).
source "$(dirname "$0")/setup.sh"
python -m cocohop migrate
python -m cocohop seed-demo
exec reflex run --env prod --loglevel warning "$@"
