#!/usr/bin/env bash
# The one test command (README): typecheck every environment, lint the boundaries, run
# unit + integration tests (real server, real SQLite on loopback), then the browser
# end-to-end suite. Ends with one summary line "N passed, N failed". First the system
# packages the suites need (Chromium, nginx, an emoji font): installed when missing if
# run as root, otherwise one line names them (scripts/prereqs.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .test-output
failed_steps=()

step() {
  local name="$1"; shift
  echo "::: $name"
  if "$@"; then echo "::: $name ok"; else echo "::: $name FAILED"; failed_steps+=("$name"); fi
}

step prerequisites bash scripts/prereqs.sh
step typecheck bash scripts/typecheck.sh
step lint npx eslint .
step "unit+integration" npx vitest run --reporter=default --reporter=json --outputFile=.test-output/vitest.json
if [ "${PARLEY_SKIP_E2E:-}" != "1" ]; then
  step e2e npm run test:e2e
fi

node scripts/summarize-tests.mjs "${failed_steps[@]}"
[ ${#failed_steps[@]} -eq 0 ]
