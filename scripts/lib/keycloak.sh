# The local OpenID Connect provider: Keycloak, run from its distribution zip that Maven resolves into
# ~/.m2 (org.keycloak:keycloak-quarkus-dist), in dev mode with its data under .rebound/keycloak, and
# the committed `rebound` realm (scripts/keycloak/rebound-realm.json) imported at start.
# shellcheck shell=bash

KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.5.6}"
KEYCLOAK_DIR="$STATE_DIR/keycloak"
KEYCLOAK_HOME="$KEYCLOAK_DIR/keycloak-$KEYCLOAK_VERSION"
KEYCLOAK_PID_FILE="$KEYCLOAK_DIR/keycloak.pid"
KEYCLOAK_PORT="${KEYCLOAK_PORT:-8180}"
KEYCLOAK_REALM_FILE="$REPO_ROOT/scripts/keycloak/rebound-realm.json"
# The realm file a running Keycloak imported: a changed file means a restart.
KEYCLOAK_IMPORTED_REALM="$KEYCLOAK_HOME/data/import/rebound-realm.json"

keycloak_pid() { pid_from "$KEYCLOAK_PID_FILE" 'keycloak'; }

keycloak_issuer() { echo "http://127.0.0.1:$KEYCLOAK_PORT/realms/rebound"; }

# Unpacks the distribution (the zip stays cached in ~/.m2) unless this version is unpacked already.
keycloak_resolve() {
  if [[ -x "$KEYCLOAK_HOME/bin/kc.sh" ]]; then
    ok "Keycloak $KEYCLOAK_VERSION unpacked"
    return
  fi
  mkdir -p "$KEYCLOAK_DIR"
  local artifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip"
  local zip="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  if [[ ! -f "$zip" ]]; then
    note "fetching $artifact (about 165 MB, once) with Maven"
    mvn -q -B dependency:get -Dartifact="$artifact" >"$KEYCLOAK_DIR/maven.log" 2>&1 ||
      { tail -20 "$KEYCLOAK_DIR/maven.log" >&2; fail "Maven could not fetch Keycloak (log: $KEYCLOAK_DIR/maven.log)"; }
  fi
  require_command unzip "install unzip (it unpacks the Keycloak distribution)"
  unzip -q -o "$zip" -d "$KEYCLOAK_DIR" || fail "could not unpack $zip"
  ok "Keycloak $KEYCLOAK_VERSION unpacked into $KEYCLOAK_HOME"
}

keycloak_start() {
  local pid
  if pid="$(keycloak_pid)"; then
    if cmp -s "$KEYCLOAK_REALM_FILE" "$KEYCLOAK_IMPORTED_REALM"; then
      ok "Keycloak already running (pid $pid)"
      return
    fi
    note "the rebound realm changed since Keycloak started: restarting it to import the new one"
    keycloak_stop
  fi
  if port_open "$KEYCLOAK_PORT"; then
    fail "port $KEYCLOAK_PORT is taken by another process; stop it or set KEYCLOAK_PORT"
  fi
  # Nothing is kept between starts: the realm is always the committed file (and the signing keys new).
  rm -rf "$KEYCLOAK_HOME/data"
  mkdir -p "$KEYCLOAK_HOME/data/import" "$KEYCLOAK_DIR/logs"
  cp "$KEYCLOAK_REALM_FILE" "$KEYCLOAK_HOME/data/import/rebound-realm.json"
  # setsid: like the broker, it outlives this shell and ignores the terminal's Ctrl-C.
  KC_BOOTSTRAP_ADMIN_USERNAME="${KEYCLOAK_ADMIN_USER:-admin}" \
    KC_BOOTSTRAP_ADMIN_PASSWORD="${KEYCLOAK_ADMIN_PASSWORD:-admin}" \
    JAVA_OPTS_KC_HEAP="-Xms256m -Xmx768m" \
    setsid "$KEYCLOAK_HOME/bin/kc.sh" start-dev --http-port "$KEYCLOAK_PORT" --http-host 127.0.0.1 \
    --import-realm </dev/null >"$KEYCLOAK_DIR/logs/keycloak.log" 2>&1 &
  echo $! >"$KEYCLOAK_PID_FILE"
  ok "Keycloak starting (pid $(cat "$KEYCLOAK_PID_FILE"), log $KEYCLOAK_DIR/logs/keycloak.log)"
}

# The realm's discovery document answers once Keycloak has started and imported it.
keycloak_wait_ready() {
  local waited=0 discovery
  discovery="$(keycloak_issuer)/.well-known/openid-configuration"
  note "waiting for the rebound realm at $discovery (a first start takes about a minute)"
  until curl -fsS -o /dev/null "$discovery" 2>/dev/null; do
    keycloak_pid >/dev/null || fail "Keycloak exited: $(tail -5 "$KEYCLOAK_DIR/logs/keycloak.log")"
    (( waited++ >= 240 )) && fail "Keycloak did not answer in 240 s (log: $KEYCLOAK_DIR/logs/keycloak.log)"
    sleep 1
  done
  ok "OpenID Connect issuer $(keycloak_issuer)"
}

keycloak_stop() {
  local pid waited=0
  if pid="$(keycloak_pid)"; then
    # The whole process group: kc.sh and the JVM it starts.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
    while kill -0 "$pid" 2>/dev/null && (( waited++ < 300 )); do sleep 0.1; done
    ok "Keycloak stopped"
  fi
  rm -f "$KEYCLOAK_PID_FILE"
}
