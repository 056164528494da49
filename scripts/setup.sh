# Sourced by run.sh and test.sh: everything a fresh machine needs, and nothing twice.
# Python venv in .venv with the pinned requirements; bun (for Reflex's frontend) from
# npm into .tools; offline-friendly Reflex settings.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Debian packages, installed only when missing (apt-get update once, the first time).
apt_install() {
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing $* (Debian packages)" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

PYTHON="${PYTHON:-python3}"
missing=()
"$PYTHON" -c "import ensurepip, venv" 2>/dev/null || missing+=(python3-venv)
command -v npm >/dev/null || missing+=(npm)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv" >&2
  "$PYTHON" -m venv .venv
fi
req_hash="$(sha256sum requirements.txt | cut -d' ' -f1)"
if [ "$(cat .venv/.requirements.sha256 2>/dev/null)" != "$req_hash" ]; then
  echo "setup: installing Python requirements" >&2
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$req_hash" > .venv/.requirements.sha256
fi

BUN_VERSION=1.4.5
if [ "$(.tools/node_modules/.bin/bun --version 2>/dev/null)" != "$BUN_VERSION" ]; then
  echo "setup: installing bun $BUN_VERSION from npm" >&2
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --prefix .tools "bun@$BUN_VERSION" >&2
fi

# The travel book's data: country outlines for route maps (world-atlas: Natural Earth, public
# domain) and the fonts an agency can choose (@fontsource, SIL Open Font License).
BOOK_NPM="world-atlas@2.0.2 @fontsource/lora@5.3.0 @fontsource/merriweather@5.3.0 @fontsource/playfair-display@5.3.0 @fontsource/source-serif-4@5.3.1 @fontsource/source-sans-3@5.3.0 @fontsource/inter@5.3.0 @fontsource/open-sans@5.3.0 @fontsource/lato@5.3.0 @fontsource/montserrat@5.3.0"
if [ "$(cat .tools/.book-packages 2>/dev/null)" != "$BOOK_NPM" ]; then
  echo "setup: installing the travel book's maps and fonts from npm" >&2
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --prefix .tools $BOOK_NPM >&2
  echo "$BOOK_NPM" > .tools/.book-packages
fi

export PATH="$ROOT/.tools/node_modules/.bin:$ROOT/.venv/bin:$PATH"
export REFLEX_BUN_PATH="$ROOT/.tools/node_modules/.bin/bun"
export REFLEX_TELEMETRY_ENABLED=0
export REFLEX_CHECK_LATEST_VERSION=0
export NPM_CONFIG_REGISTRY="${NPM_CONFIG_REGISTRY:-$(npm config get registry)}"
export PYTHONDONTWRITEBYTECODE=1
