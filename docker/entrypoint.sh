#!/bin/sh
# One image, three roles: `startup` prepares the database and exits (0 only when verified);
# `api` and `worker` run the apps (compose starts them after startup succeeded).
set -eu
cd /app
role="${1:-api}"
case "$role" in
  startup) exec node packages/startup/dist/cli.js startup ;;
  api) exec node apps/api/dist/main.js ;;
  worker) exec node apps/worker/dist/main.js ;;
  verify|status|rollback|migration) exec node packages/startup/dist/cli.js "$@" ;;
  *) echo "usage: entrypoint.sh startup|api|worker|verify|status" >&2; exit 64 ;;
esac
