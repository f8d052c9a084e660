#!/usr/bin/env bash
# Copies the pinned front-end dist/ files (see package.json) into crates/web/static/vendor/.
# Only needed when a version changes: the copies are committed, so cargo builds never need npm.
# usage: bash scripts/vendor-assets.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DEST="$ROOT/crates/web/static/vendor"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cp "$ROOT/package.json" "$TMP/"
[ -f "$ROOT/package-lock.json" ] && cp "$ROOT/package-lock.json" "$TMP/"
(cd "$TMP" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error)
# keep the lock file in the repo so the next run resolves the same tree
cp "$TMP/package-lock.json" "$ROOT/package-lock.json"

M="$TMP/node_modules"
mkdir -p "$DEST/element-plus/locale"
install -m 644 "$M/vue/dist/vue.global.prod.js"                       "$DEST/vue.global.prod.js"
install -m 644 "$M/vue-router/dist/vue-router.global.prod.js"         "$DEST/vue-router.global.prod.js"
install -m 644 "$M/vue-i18n/dist/vue-i18n.global.prod.js"             "$DEST/vue-i18n.global.prod.js"
install -m 644 "$M/pinia/dist/pinia.iife.prod.js"                     "$DEST/pinia.iife.prod.js"
install -m 644 "$M/element-plus/dist/index.full.min.js"               "$DEST/element-plus/index.full.min.js"
install -m 644 "$M/element-plus/dist/index.css"                       "$DEST/element-plus/index.css"
install -m 644 "$M/element-plus/dist/locale/zh-cn.min.js"             "$DEST/element-plus/locale/zh-cn.min.js"
install -m 644 "$M/element-plus/dist/locale/en.min.js"                "$DEST/element-plus/locale/en.min.js"
install -m 644 "$M/@element-plus/icons-vue/dist/index.iife.min.js"    "$DEST/element-plus/icons-vue.iife.min.js"
install -m 644 "$M/echarts/dist/echarts.min.js"                       "$DEST/echarts.min.js"
# licences travel with the files
install -m 644 "$M/vue/LICENSE"                      "$DEST/LICENSE.vue"
install -m 644 "$M/vue-router/LICENSE"               "$DEST/LICENSE.vue-router"
install -m 644 "$M/vue-i18n/LICENSE"                 "$DEST/LICENSE.vue-i18n"
install -m 644 "$M/pinia/LICENSE"                    "$DEST/LICENSE.pinia"
install -m 644 "$M/element-plus/LICENSE"             "$DEST/LICENSE.element-plus"
install -m 644 "$M/@element-plus/icons-vue/LICENSE"  "$DEST/LICENSE.icons-vue" 2>/dev/null || true
install -m 644 "$M/echarts/LICENSE"                  "$DEST/LICENSE.echarts"
install -m 644 "$M/echarts/NOTICE"                   "$DEST/NOTICE.echarts" 2>/dev/null || true

echo "versions:"
for p in vue vue-router vue-i18n pinia element-plus @element-plus/icons-vue echarts; do
  printf '  %-26s %s\n' "$p" "$(node -p "require('$M/$p/package.json').version")"
done
du -sh "$DEST"
