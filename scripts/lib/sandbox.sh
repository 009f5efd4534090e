# The sandbox payment provider of the local stack (scripts/payment-sandbox): a background process with
# its pid file and log under .rebound/payment-sandbox. refunds pays through it by default. It keeps its
# refunds and charges in the schema payment_sandbox of the stack's database (DATABASE_URL, postgres.sh),
# so a restarted sandbox remembers them; SANDBOX_DATABASE_URL names another database.
# shellcheck shell=bash

SANDBOX_DIR="$STATE_DIR/payment-sandbox"
SANDBOX_PID_FILE="$SANDBOX_DIR/sandbox.pid"
SANDBOX_PORT="${PAYMENT_SANDBOX_PORT:-3090}"

sandbox_pid() { pid_from "$SANDBOX_PID_FILE" 'payment-sandbox'; }

sandbox_start() {
  local pid waited=0
  if pid="$(sandbox_pid)"; then
    ok "payment sandbox already running (pid $pid)"
    return
  fi
  mkdir -p "$SANDBOX_DIR"
  (
    cd "$REPO_ROOT" || exit 1
    PAYMENT_SANDBOX_PORT="$SANDBOX_PORT" SANDBOX_DATABASE_URL="${SANDBOX_DATABASE_URL:-$DATABASE_URL}" \
      SWC_NODE_PROJECT="$REPO_ROOT/tsconfig.base.json" \
      nohup node -r @swc-node/register scripts/payment-sandbox/main.ts </dev/null >"$SANDBOX_DIR/sandbox.log" 2>&1 &
    echo $! >"$SANDBOX_PID_FILE"
  )
  until grep -q 'payment sandbox on' "$SANDBOX_DIR/sandbox.log" 2>/dev/null; do
    sandbox_pid >/dev/null || fail "the payment sandbox did not start: $(tail -5 "$SANDBOX_DIR/sandbox.log")"
    (( waited++ >= 300 )) && fail "the payment sandbox did not answer in 30 s (log: $SANDBOX_DIR/sandbox.log)"
    sleep 0.1
  done
  ok "payment sandbox on http://127.0.0.1:$SANDBOX_PORT (pid $(cat "$SANDBOX_PID_FILE"))"
}

sandbox_stop() {
  local pid
  if pid="$(sandbox_pid)"; then
    kill -TERM "$pid"
    ok "payment sandbox stopped"
  fi
  rm -f "$SANDBOX_PID_FILE"
}
