# Shared helpers for the scripts: progress output, checks, paths.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_DIR="${REBOUND_STATE_DIR:-$REPO_ROOT/.rebound}"

if [[ -t 1 ]]; then
  BOLD=$'\e[1m'; GREEN=$'\e[32m'; YELLOW=$'\e[33m'; RED=$'\e[31m'; RESET=$'\e[0m'
else
  BOLD=''; GREEN=''; YELLOW=''; RED=''; RESET=''
fi

step() { printf '%s==>%s %s\n' "$BOLD" "$RESET" "$*"; }
ok()   { printf '    %s✓%s %s\n' "$GREEN" "$RESET" "$*"; }
note() { printf '    %s•%s %s\n' "$YELLOW" "$RESET" "$*"; }
fail() { printf '    %s✗ %s%s\n' "$RED" "$*" "$RESET" >&2; exit 1; }

# The pid in FILE if that process still runs and its command line contains PATTERN (a pid file can
# outlive its process, and the pid be reused by another); fails otherwise.
pid_from() {
  local file="$1" pattern="$2" pid
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  kill -0 "$pid" 2>/dev/null && grep -q -- "$pattern" "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

require_command() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 is required: $2"
}

# Runs one of the TypeScript tools in scripts/tools with the workspace's path aliases.
run_tool() {
  (cd "$REPO_ROOT" && SWC_NODE_PROJECT="$REPO_ROOT/tsconfig.base.json" node -r @swc-node/register "scripts/tools/$1.ts" "${@:2}")
}

# True when node_modules matches package-lock.json (npm writes node_modules/.package-lock.json on install).
npm_dependencies_current() {
  [[ -f "$REPO_ROOT/node_modules/.package-lock.json" ]] &&
    [[ "$REPO_ROOT/node_modules/.package-lock.json" -nt "$REPO_ROOT/package-lock.json" ]]
}

ensure_npm_dependencies() {
  require_command node "install Node.js 20.19+ (the machines run 20.20)"
  require_command npm "it comes with Node.js"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  (( major >= 20 )) || fail "Node.js 20.19 or newer is required, found $(node -v)"
  if npm_dependencies_current; then
    ok "npm dependencies installed"
  else
    # npm ci prints nothing until it is done: say what the wait is and roughly how long it takes.
    note "installing the npm dependencies package-lock.json pins (npm ci): about 40 s on a fresh clone, quiet until done"
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"
    ok "npm dependencies installed"
  fi
}
