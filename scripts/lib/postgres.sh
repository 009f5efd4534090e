# Postgres: DATABASE_URL when set, else the server on 127.0.0.1:5432.
# shellcheck shell=bash

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rebound}"

postgres_host_port() {
  node -e 'const u = new URL(process.argv[1]); console.log(`${u.hostname} ${u.port || 5432}`)' "$DATABASE_URL"
}

postgres_ensure_running() {
  local host port
  read -r host port < <(postgres_host_port)
  if pg_isready -q -h "$host" -p "$port" 2>/dev/null; then
    ok "Postgres answers on $host:$port"
    return
  fi
  if [[ "$host" == "127.0.0.1" || "$host" == "localhost" ]] && command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
    note "Postgres is down; starting the local cluster"
    local version
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    done
    for _ in $(seq 1 50); do
      pg_isready -q -h "$host" -p "$port" && { ok "Postgres started on $host:$port"; return; }
      sleep 0.2
    done
  fi
  fail "Postgres does not answer on $host:$port; start it or set DATABASE_URL"
}
