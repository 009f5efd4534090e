# Postgres: DATABASE_URL when set, else the server on 127.0.0.1:5432.
# shellcheck shell=bash

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/rebound}"

postgres_host_port() {
  node -e 'const u = new URL(process.argv[1]); console.log(`${u.hostname} ${u.port || 5432}`)' "$DATABASE_URL"
}

# DATABASE_URL without its password, for printing.
postgres_display_url() {
  node -e 'const u = new URL(process.argv[1]); if (u.password) u.password = "***"; console.log(u.toString())' "$DATABASE_URL"
}

# Whether the server accepts a connection (to its `postgres` database: ours may not exist yet).
postgres_answers() {
  (cd "$REPO_ROOT" && node -e '
    const { Client } = require("pg");
    const url = new URL(process.argv[1]);
    url.pathname = "/postgres";
    const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
    client.connect().then(() => client.end()).then(() => process.exit(0), () => process.exit(1));
  ' "$DATABASE_URL") 2>/dev/null
}

postgres_ensure_running() {
  local host port
  read -r host port < <(postgres_host_port)
  if postgres_answers; then
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
      postgres_answers && { ok "Postgres started on $host:$port"; return; }
      sleep 0.2
    done
  fi
  fail "Postgres does not answer on $host:$port; start it or set DATABASE_URL"
}

# Restarts the machine's local cluster (fast mode: every session is cut, as in a failover); only for a
# server on this machine.
postgres_restart() {
  local host port version
  read -r host port < <(postgres_host_port)
  [[ "$host" == "127.0.0.1" || "$host" == "localhost" ]] && command -v pg_ctlcluster >/dev/null ||
    fail "Postgres on $host:$port is not this machine's cluster; restart it where it runs"
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main restart -m fast
  done
  for _ in $(seq 1 50); do
    postgres_answers && { ok "Postgres restarted on $host:$port"; return; }
    sleep 0.2
  done
  fail "Postgres did not answer on $host:$port after its restart"
}
