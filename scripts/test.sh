#!/usr/bin/env bash
# Run the whole test suite, browser tests included: bash scripts/test.sh [pytest options]
# Installs the Python requirements into .venv, and Debian's chromium when it is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
if ! command -v chromium >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test: chromium is missing; install it with: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
export NO_MKDOCS_2_WARNING=1
set +e
.venv/bin/python -m pytest -p no:cacheprovider "$@"
status=$?
set -e
if [[ $status -eq 5 ]]; then
  echo "test: pytest collected no tests" >&2
  exit 1
fi
exit $status
