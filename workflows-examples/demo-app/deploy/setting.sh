#!/usr/bin/env bash
# A fact of the plan (facts:): prints one runtime setting of this
# environment as it is now — the value the running app was configured
# with, or the default when nobody set one. Reads only.
set -euo pipefail
: "${1:?usage: setting.sh <name>}"
file=".rehearse/settings/$REHEARSE_ENVIRONMENT/$1"
if [[ -f $file ]]; then cat "$file"; else echo "30 (default)"; fi
