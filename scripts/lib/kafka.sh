# The local Kafka broker: one KRaft node run from the Apache Kafka jars that Maven resolves into ~/.m2.
# shellcheck shell=bash

KAFKA_DIR="$STATE_DIR/kafka"
KAFKA_POM="$REPO_ROOT/scripts/kafka/pom.xml"
KAFKA_PID_FILE="$KAFKA_DIR/kafka.pid"
KAFKA_PORT=9092

kafka_external() { [[ -n "${KAFKA_BROKERS:-}" ]]; }

kafka_pid() { pid_from "$KAFKA_PID_FILE" 'kafka.Kafka'; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

kafka_check_java() {
  require_command java "install a Java 17+ runtime (Kafka 4 needs it)"
  require_command mvn "install Apache Maven (it fetches the Kafka jars)"
  local version
  version="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
  (( ${version%%.*} >= 17 )) || fail "Kafka 4 needs Java 17 or newer, found $version"
}

# Resolves the broker jars (cached in ~/.m2) and writes the classpath, when the pom changed or a jar is gone.
kafka_resolve() {
  mkdir -p "$KAFKA_DIR"
  local version="${KAFKA_VERSION:-}" stamp
  stamp="$(sha256sum "$KAFKA_POM" | cut -c1-16)-${version:-default}"
  if [[ -f "$KAFKA_DIR/classpath.txt" && "$(cat "$KAFKA_DIR/classpath.stamp" 2>/dev/null)" == "$stamp" ]] &&
     tr ':' '\n' < "$KAFKA_DIR/classpath.txt" | xargs -r ls >/dev/null 2>&1; then
    ok "Kafka jars in the Maven cache"
    return
  fi
  note "resolving org.apache.kafka:kafka_2.13 ${version:-(version from scripts/kafka/pom.xml)} with Maven"
  mvn -q -B -f "$KAFKA_POM" ${version:+-Dkafka.version="$version"} \
    dependency:build-classpath -Dmdep.outputFile="$KAFKA_DIR/classpath.txt" >"$KAFKA_DIR/maven.log" 2>&1 ||
    { tail -20 "$KAFKA_DIR/maven.log" >&2; fail "Maven could not resolve the Kafka broker (log: $KAFKA_DIR/maven.log)"; }
  echo "$stamp" > "$KAFKA_DIR/classpath.stamp"
  ok "Kafka jars resolved into the Maven cache ($(tr ':' '\n' < "$KAFKA_DIR/classpath.txt" | wc -l) jars)"
}

kafka_java() {
  java -cp "$(cat "$KAFKA_DIR/classpath.txt")" "$@"
}

# The super user scripts/stack provisions with, and the static user the broker reaches its controller as.
KAFKA_ADMIN_USER=rebound-admin
KAFKA_CONTROLLER_USER=controller
# Bumped when the broker's security settings change in a way old data cannot follow (then `up` reformats).
KAFKA_SECURITY_LAYOUT=scram-acl-1

# Reads the local passwords of the admin and controller users (derived from REBOUND_KAFKA_LOCAL_SECRET).
kafka_local_passwords() {
  local passwords
  passwords="$(run_tool local-kafka-password "$KAFKA_ADMIN_USER" "$KAFKA_CONTROLLER_USER")" || fail "cannot derive the local Kafka passwords"
  KAFKA_ADMIN_PASSWORD="$(sed -n 1p <<<"$passwords")"
  KAFKA_CONTROLLER_PASSWORD="$(sed -n 2p <<<"$passwords")"
}

# The environment the stack's own tools connect with: the admin user on the local broker, or whatever
# the caller set for an external cluster (KAFKA_BROKERS with its own KAFKA_* credentials).
kafka_admin_env() {
  kafka_external && return
  kafka_local_passwords
  export KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_USERNAME="$KAFKA_ADMIN_USER" KAFKA_PASSWORD="$KAFKA_ADMIN_PASSWORD"
}

# Runs one of scripts/tools as the admin (see kafka_admin_env).
run_kafka_tool() {
  ( kafka_admin_env; run_tool "$@" )
}

kafka_write_config() {
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
  kafka_local_passwords
  (
    umask 077
    cat "$REPO_ROOT/scripts/kafka/server.properties"
    echo "log.dirs=$KAFKA_DIR/data"
    echo "listener.name.client.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$KAFKA_ADMIN_USER\" password=\"$KAFKA_ADMIN_PASSWORD\";"
    echo "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$KAFKA_CONTROLLER_USER\" password=\"$KAFKA_CONTROLLER_PASSWORD\" user_$KAFKA_CONTROLLER_USER=\"$KAFKA_CONTROLLER_PASSWORD\";"
  ) > "$KAFKA_DIR/server.properties"
}

# Formats the storage once, with the admin user's SCRAM credential in its first metadata (KRaft keeps
# SCRAM users in the metadata log, so the first one must come with the format). Data formatted for an
# older security layout (one without users) is deleted first: the local broker holds nothing to keep.
kafka_format() {
  local layout_file="$KAFKA_DIR/data/.rebound-security-layout"
  if [[ -f "$KAFKA_DIR/data/meta.properties" ]]; then
    if [[ "$(cat "$layout_file" 2>/dev/null)" == "$KAFKA_SECURITY_LAYOUT" ]]; then
      ok "storage formatted"
      return
    fi
    note "storage was formatted without SCRAM users and ACLs; formatting it again (its topics are recreated)"
    rm -rf "$KAFKA_DIR/data"
    mkdir -p "$KAFKA_DIR/data"
  fi
  local cluster_id
  cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" --standalone \
    --add-scram "SCRAM-SHA-512=[name=$KAFKA_ADMIN_USER,password=$KAFKA_ADMIN_PASSWORD]" \
    >"$KAFKA_DIR/logs/format.log" 2>&1 || { cat "$KAFKA_DIR/logs/format.log" >&2; fail "formatting Kafka storage failed"; }
  echo "$KAFKA_SECURITY_LAYOUT" > "$layout_file"
  ok "storage formatted (cluster $cluster_id, super user $KAFKA_ADMIN_USER)"
}

kafka_start() {
  local pid
  if pid="$(kafka_pid)"; then
    ok "broker already running (pid $pid)"
    return
  fi
  if port_open "$KAFKA_PORT"; then
    fail "port $KAFKA_PORT is taken by another process; stop it or set KAFKA_BROKERS to use that cluster"
  fi
  kafka_write_config
  kafka_format
  # setsid: the broker outlives this shell and ignores the terminal's Ctrl-C; `scripts/stack down` stops it.
  setsid java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Dkafka.logs.dir="$KAFKA_DIR/logs" \
    -Dlog4j2.configurationFile="$REPO_ROOT/scripts/kafka/log4j2.properties" \
    -cp "$(cat "$KAFKA_DIR/classpath.txt")" kafka.Kafka "$KAFKA_DIR/server.properties" \
    >"$KAFKA_DIR/logs/stdout.log" 2>&1 < /dev/null &
  echo $! > "$KAFKA_PID_FILE"
  note "broker starting (pid $(cat "$KAFKA_PID_FILE"), logs in $KAFKA_DIR/logs)"
}

kafka_wait_ready() {
  run_kafka_tool wait-for-kafka ||
    { tail -30 "$KAFKA_DIR/logs/server.log" 2>/dev/null >&2; fail "Kafka did not become ready"; }
}

kafka_stop() {
  local pid waited=0
  if ! pid="$(kafka_pid)"; then
    ok "broker not running"
    rm -f "$KAFKA_PID_FILE"
    return
  fi
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    (( waited++ >= 600 )) && { note "broker did not stop in 60 s; killing it"; kill -KILL "$pid"; break; }
    sleep 0.1
  done
  rm -f "$KAFKA_PID_FILE"
  ok "broker stopped"
}

# The broker dies at once (SIGKILL), as on a power cut: no clean shutdown, its logs recovered at the next start.
kafka_kill() {
  local pid
  if ! pid="$(kafka_pid)"; then
    ok "broker not running"
    return
  fi
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$KAFKA_PID_FILE"
  ok "broker killed"
}
