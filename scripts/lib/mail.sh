# The mail sink of the local stack (scripts/mail-sink): a real SMTP server that keeps every message it
# is handed instead of delivering it, as a background process with its pid file and log under
# .rebound/mail. The notifications service sends its customer emails to it locally, and the tests read
# them back over its HTTP side. The messages themselves are kept under .rebound/mail/messages, so a
# restarted sink still shows them.
# shellcheck shell=bash

MAIL_DIR="$STATE_DIR/mail"
MAIL_PID_FILE="$MAIL_DIR/sink.pid"
MAIL_SMTP_PORT="${MAIL_SINK_SMTP_PORT:-2525}"
MAIL_HTTP_PORT="${MAIL_SINK_HTTP_PORT:-2580}"

mail_pid() { pid_from "$MAIL_PID_FILE" 'mail-sink'; }

mail_start() {
  local pid waited=0
  if pid="$(mail_pid)"; then
    ok "mail sink already running (pid $pid)"
    return
  fi
  mkdir -p "$MAIL_DIR"
  (
    cd "$REPO_ROOT" || exit 1
    MAIL_SINK_SMTP_PORT="$MAIL_SMTP_PORT" MAIL_SINK_HTTP_PORT="$MAIL_HTTP_PORT" MAIL_SINK_DIR="$MAIL_DIR/messages" \
      SWC_NODE_PROJECT="$REPO_ROOT/tsconfig.base.json" \
      nohup node -r @swc-node/register scripts/mail-sink/main.ts </dev/null >"$MAIL_DIR/sink.log" 2>&1 &
    echo $! >"$MAIL_PID_FILE"
  )
  until grep -q 'mail sink on' "$MAIL_DIR/sink.log" 2>/dev/null; do
    mail_pid >/dev/null || fail "the mail sink did not start: $(tail -5 "$MAIL_DIR/sink.log")"
    (( waited++ >= 300 )) && fail "the mail sink did not answer in 30 s (log: $MAIL_DIR/sink.log)"
    sleep 0.1
  done
  ok "mail sink: SMTP on 127.0.0.1:$MAIL_SMTP_PORT, messages on http://127.0.0.1:$MAIL_HTTP_PORT/messages (pid $(cat "$MAIL_PID_FILE"))"
}

mail_stop() {
  local pid
  if pid="$(mail_pid)"; then
    kill -TERM "$pid"
    ok "mail sink stopped"
  fi
  rm -f "$MAIL_PID_FILE"
}
