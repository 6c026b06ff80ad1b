#!/usr/bin/env bash
# Build: turns the commit into an immutable release directory,
# .rehearse/releases/<sha>, stamped with what it is. The first environment
# builds it; the next ones find it and deploy the very same bytes.
set -euo pipefail

release=".rehearse/releases/$REHEARSE_SHA"
if [[ -f $release/build-stamp.json ]]; then
  echo "Release $REHEARSE_ARTIFACT is already built: reusing $release"
  exit 0
fi

version=$(node -p 'require("./package.json").version')
staging_dir="$release.partial.$$"
mkdir -p "$staging_dir"
cp -R app package.json "$staging_dir/"
cat >"$staging_dir/build-stamp.json" <<JSON
{
  "version": "$version",
  "sha": "$REHEARSE_SHA",
  "artifact": "$REHEARSE_ARTIFACT",
  "builtAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
JSON
# Rename last: a failed build never leaves a half release behind.
mv "$staging_dir" "$release"
echo "Built $REHEARSE_ARTIFACT (version $version) into $release"
