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

kafka_write_config() {
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
  { cat "$REPO_ROOT/scripts/kafka/server.properties"; echo "log.dirs=$KAFKA_DIR/data"; } > "$KAFKA_DIR/server.properties"
}

kafka_format() {
  if [[ -f "$KAFKA_DIR/data/meta.properties" ]]; then
    ok "storage formatted"
    return
  fi
  local cluster_id
  cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" --standalone \
    >"$KAFKA_DIR/logs/format.log" 2>&1 || { cat "$KAFKA_DIR/logs/format.log" >&2; fail "formatting Kafka storage failed"; }
  ok "storage formatted (cluster $cluster_id)"
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
  run_tool wait-for-kafka ||
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
