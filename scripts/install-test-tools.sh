#!/usr/bin/env bash
# Installs the real tools the tests drive, outside the repository (like the VS Code server): the
# hook managers Territory joins (lefthook from npm, pre-commit from Debian; husky is a
# devDependency). Idempotent and quick when everything is there. `npm test` and .ci/run call it.
set -euo pipefail

CACHE="${TERRITORY_CACHE:-$HOME/.cache/territory}"
LEFTHOOK_VERSION=2.2.4
MANAGERS="$CACHE/managers"

say() { echo "install-test-tools: $*"; }
die() { echo "install-test-tools: ERROR: $*" >&2; exit 1; }

# lefthook: outside the repository, since as a devDependency its postinstall would set itself up in
# Territory's own clone; CI=1 keeps it from installing hooks anywhere.
if [ -x "$MANAGERS/node_modules/.bin/lefthook" ] && [ "$("$MANAGERS/node_modules/.bin/lefthook" version 2>/dev/null | head -n1)" = "$LEFTHOOK_VERSION" ]; then
  say "lefthook $LEFTHOOK_VERSION present"
else
  say "installing lefthook $LEFTHOOK_VERSION into $MANAGERS"
  mkdir -p "$MANAGERS"
  CI=1 npm install --no-save --no-audit --no-fund --prefix "$MANAGERS" "lefthook@$LEFTHOOK_VERSION" >/dev/null || die "npm could not install lefthook@$LEFTHOOK_VERSION"
fi

if command -v pre-commit >/dev/null 2>&1; then
  say "pre-commit present ($(pre-commit --version))"
elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  say "installing Debian's pre-commit"
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pre-commit >/dev/null || die "apt-get could not install pre-commit"
else
  die "pre-commit is missing: apt-get install pre-commit (or python3 -m pip install pre-commit)"
fi
