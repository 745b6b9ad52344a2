#!/usr/bin/env bash
# Build and serve the site with live reload: bash scripts/serve.sh [mkdocs serve options]
# Edits to problems/, templates/, scripts/ and docs/ rebuild the page in the browser.
# --dirty: a rebuild renders only the pages a save changed (the hook tells MkDocs which).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/mkdocs serve --dirty "$@"
