#!/usr/bin/env bash
# The system packages the test suite needs, installed the same way by `npm test`
# (scripts/test.sh) and CI (.ci/run):
#   chromium                the browser e2e suite (Playwright cannot download browsers here)
#   nginx                   the cluster test balances sockets through deploy/nginx/parley.conf
#   fonts-noto-color-emoji  emoji (reactions, messages) render as glyphs, not empty boxes
# As root, missing ones are installed with apt-get. Otherwise one line says what to
# install and the script fails, so a run never silently skips what it cannot do.
set -uo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
# fc-list is part of fontconfig, which chromium pulls in; with no fontconfig there is no font
# either. grep without -q reads all of fc-list's output (pipefail would count its SIGPIPE).
if ! { command -v fc-list >/dev/null 2>&1 && fc-list : family | grep -i 'emoji' >/dev/null; }; then
  missing+=(fonts-noto-color-emoji)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$EUID" -ne 0 ]; then
  echo "prerequisites missing: ${missing[*]} — install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing test prerequisites: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
  # A fresh machine or container often has no package lists yet.
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" || {
    echo "prerequisites: apt-get could not install ${missing[*]}" >&2
    exit 1
  }
fi
# A newly installed font is usable once fontconfig's cache knows it.
command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1
exit 0
