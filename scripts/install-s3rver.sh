#!/usr/bin/env bash
# Installs the S3 server the artifact-store tests run against: npm s3rver@3.7.1 into
# <repo>/.tools/s3rver, then applies the two fixes it needs to work with the Minio .NET SDK
# (see ENVIRONMENT.md): the S3 XML namespace (without it ListObjects returns nothing) and
# decoding of copy sources whose keys contain '/'. Needs only node and npm. Safe to re-run.
set -euo pipefail

version="3.7.1"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="${repo_root}/.tools/s3rver"
package_dir="${prefix}/node_modules/s3rver"

for tool in node npm; do
  if ! command -v "${tool}" >/dev/null 2>&1; then
    echo "install-s3rver: '${tool}' is not on PATH; install Node.js 18+ first." >&2
    exit 1
  fi
done

installed_version=""
if [[ -f "${package_dir}/package.json" ]]; then
  installed_version="$(node -p 'require(process.argv[1]).version' "${package_dir}/package.json" 2>/dev/null || true)"
fi

if [[ "${installed_version}" != "${version}" ]]; then
  echo "install-s3rver: installing s3rver@${version} into ${prefix}"
  mkdir -p "${prefix}"
  npm install --prefix "${prefix}" --no-audit --no-fund --loglevel=error "s3rver@${version}"
else
  echo "install-s3rver: s3rver@${version} already installed in ${prefix}"
fi

# Both substitutions are idempotent: once applied, the search pattern no longer matches.
sed -i 's#http://doc.s3.amazonaws.com/2006-03-01/#http://s3.amazonaws.com/doc/2006-03-01/#g' \
  "${package_dir}"/lib/controllers/*.js
sed -i "s#decodeURI(ctx.headers\['x-amz-copy-source'\])#decodeURIComponent(ctx.headers['x-amz-copy-source'])#" \
  "${package_dir}/lib/controllers/object.js"

# Conditional PUT (If-None-Match: *), which AWS S3 (since 2024) and MinIO honour and s3rver 3.7.1 ignores:
# refuse with 412 PreconditionFailed when the key exists, or when another create-only PUT of the key is
# in flight (S3 answers that 409 ConditionalRequestConflict; the store treats both as "lost the race").
# The model store's publish claims and manifests use it (issue 15 item 6).
if ! grep -q 'ecml: conditional PUT' "${package_dir}/lib/controllers/object.js"; then
  perl -0pi -e 's#(exports\.putObject = async function putObject\(ctx\) \{\n)#const pendingCreates = new Set(); // ecml: conditional PUT\n$1  if (ctx.headers["if-none-match"] === "*") {\n    const id = ctx.params.bucket + "/" + ctx.params.key;\n    const refuse = () => new S3Error("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", { Condition: "If-None-Match" });\n    if (pendingCreates.has(id)) throw refuse();\n    pendingCreates.add(id);\n    try {\n      if (await ctx.store.existsObject(ctx.params.bucket, ctx.params.key)) throw refuse();\n      return await putObjectUnconditionally(ctx);\n    } finally {\n      pendingCreates.delete(id);\n    }\n  }\n  return putObjectUnconditionally(ctx);\n};\n\nasync function putObjectUnconditionally(ctx) {\n#' "${package_dir}/lib/controllers/object.js"
fi

if grep -q 'doc.s3.amazonaws.com/2006-03-01' "${package_dir}"/lib/controllers/*.js; then
  echo "install-s3rver: the XML namespace patch did not apply; s3rver layout changed?" >&2
  exit 1
fi
if ! grep -q 'ecml: conditional PUT' "${package_dir}/lib/controllers/object.js"; then
  echo "install-s3rver: the conditional PUT patch did not apply; s3rver layout changed?" >&2
  exit 1
fi
if ! grep -q "decodeURIComponent(ctx.headers\['x-amz-copy-source'\])" "${package_dir}/lib/controllers/object.js"; then
  echo "install-s3rver: the copy-source patch did not apply; s3rver layout changed?" >&2
  exit 1
fi

echo "install-s3rver: ready: node ${package_dir}/bin/s3rver.js -d DIR -a 127.0.0.1 -p PORT --silent"
