#!/usr/bin/env bash
# Starts a throwaway cluster of the system's PostgreSQL (Debian's packages) on 127.0.0.1 and runs
# the given command with TEST_DATABASE_URL pointing at it; the cluster is removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "No system PostgreSQL found under /usr/lib/postgresql" >&2; exit 1; }
dir="$PWD/.test-data/system-pg-$$"
mkdir -p "$dir"
# The postgres user must be able to reach the data directory through every parent.
d="$dir"
while [ "$d" != "/" ]; do chmod o+x "$d"; d=$(dirname "$d"); done
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as_postgres=(runuser -u postgres --)
fi
cleanup() {
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200 -c fsync=off" start >/dev/null
echo "$("$bin/postgres" --version) on 127.0.0.1:$port"
TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" "$@"
