#!/usr/bin/env bash
# Typechecks every environment's tsconfig (STYLE §4: a tsconfig per environment, so a
# wrong global fails to compile). Each desktop environment has its own file.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for config in tooling/tsconfig.json packages/protocol/tsconfig.json apps/server/tsconfig.json apps/desktop/tsconfig.*.json e2e/tsconfig.json bench/tsconfig.json; do
  [ -f "$config" ] || continue
  if npx tsc -p "$config"; then echo "typecheck ok: $config"; else echo "typecheck FAILED: $config"; status=1; fi
done
exit $status
