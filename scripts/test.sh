#!/usr/bin/env bash
# Runs every test Tierline has: lint and types, unit and integration tests against real
# PostgreSQL (embedded, then Debian's PostgreSQL server through DATABASE_URL), and end-to-end
# tests in Debian's Chromium. Installs the system packages it needs when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(($(date +%s) - started))"; }

step "System packages"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || missing+=(postgresql)
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"
echo "node: $(node --version)"

step "Lint and types"
npx biome ci .
npx tsc -p server
npx tsc -p web
npx tsc -p e2e

step "Web build"
npm run build --silent

step "Unit, integration and end-to-end tests (embedded PostgreSQL)"
npx vitest run

step "Integration tests against Debian's PostgreSQL server (DATABASE_URL)"
# The kill -9 tests run on the embedded database only; they gain nothing from a second pass.
bash scripts/with-system-postgres.sh npx vitest run --project server --exclude '**/*durability.test.ts'

step "Done"
