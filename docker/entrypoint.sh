#!/bin/sh
# Container entrypoint: one image, three roles, plus the CLI.
#
#   startup            prepare the database (wait, lock, adopt, migrate, sql, seed, verify) and exit:
#                      0 only when verified. Compose runs it once before api and worker.
#   api | worker       wait for the database (STARTUP_WAIT_TIMEOUT_MS), run startup first when
#                      RUN_STARTUP=true (single-container use), then exec the app so that it is
#                      PID 1's replacement and gets SIGTERM directly.
#   anything else      passed to the `timetracker` CLI: verify, status, rollback, user:set-password,
#                      help, … (e.g. `docker compose run --rm api verify --json`).
#
# Exit codes: the app's own; 2 database unreachable; 78 bad configuration; startup's on failure.
# APP_DIR (default: the folder above this script) lets tests run it against a repository checkout.
set -eu

app_dir=${APP_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
cli="$app_dir/packages/startup/dist/cli.js"
role=${1:-api}
[ $# -gt 0 ] && shift

log() { echo "[entrypoint] $*" >&2; }

run_app() {
  main="$app_dir/apps/$1/dist/main.js"
  shift
  case "${RUN_STARTUP:-false}" in
    true | 1 | yes)
      # Startup waits for the database itself (and may create it).
      log "running startup before the $role"
      node "$cli" startup || { code=$?; log "startup failed (exit $code); not starting the $role"; exit "$code"; }
      ;;
    false | 0 | no | '')
      log "waiting for the database"
      node "$app_dir/docker/wait-for-database.mjs" || { code=$?; log "database not available (exit $code)"; exit "$code"; }
      ;;
    *)
      log "RUN_STARTUP must be true or false, not '$RUN_STARTUP'"
      exit 78
      ;;
  esac
  log "starting the $role"
  exec node "$main" "$@"
}

case "$role" in
  api | worker) run_app "$role" "$@" ;;
  startup) exec node "$cli" startup "$@" ;;
  *) exec node "$cli" "$role" "$@" ;;
esac
