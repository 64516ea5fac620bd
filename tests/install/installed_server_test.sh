#!/usr/bin/env bash
# Installs the build into BUILD_DIR/install-test (cmake --install), then serves from that tree,
# started from an empty folder with neither TEMPLATES_DIR nor STATIC_DIR set, and fetches a
# static file and a page: an installed tree must find its own templates and static files.
#   installed_server_test.sh CMAKE BUILD_DIR SOURCE_DIR
set -euo pipefail
cmake=$1
build_dir=$2
source_dir=$3

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

prefix=$build_dir/install-test
rm -rf "$prefix"
"$cmake" --install "$build_dir" --prefix "$prefix" >/dev/null
for path in bin/microblog share/microblog/templates/base.tpl share/microblog/locale/es/LC_MESSAGES/microblog.mo share/microblog/static/css/app.css \
  share/microblog/static/vendor/bootstrap/css/bootstrap.min.css; do
  [[ -e $prefix/$path ]] || fail "the install has no $path"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/microblog-install-test.XXXXXX")
server_pid=""
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

# Only what the program needs: the defaults of TEMPLATES_DIR and STATIC_DIR are what is tested.
# The sanitizer options pass through for the build-asan/ run.
microblog=(env -i PATH="$PATH" HOME="$work" LOG_LEVEL=warn DATABASE_URL=sqlite:///test.db
  ${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} ${UBSAN_OPTIONS:+UBSAN_OPTIONS="$UBSAN_OPTIONS"}
  "$prefix/bin/microblog")

timeout 60 "${microblog[@]}" db upgrade >db.out 2>&1 || { cat db.out >&2; fail "microblog db upgrade failed"; }

# env execs the program: $! is the server's pid.
"${microblog[@]}" serve --listen 127.0.0.1:0 >serve.out 2>serve.err &
server_pid=$!
port=""
for _ in $(seq 1 200); do
  port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' serve.out)
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[[ -n $port ]] || { cat serve.err >&2; fail "the installed server did not start listening"; }
base=http://127.0.0.1:$port

fetch() { # PATH OUTPUT -> prints the HTTP status
  curl --silent --max-time 5 --output "$2" --write-out '%{http_code}' "$base$1" || echo "no answer"
}

status=$(fetch /static/css/app.css app.css)
[[ $status == 200 ]] || fail "GET /static/css/app.css: $status"
cmp -s app.css "$source_dir/static/css/app.css" || fail "GET /static/css/app.css: not our app.css"

status=$(fetch /static/vendor/bootstrap/css/bootstrap.min.css bootstrap.css)
[[ $status == 200 && -s bootstrap.css ]] || fail "GET /static/vendor/bootstrap/css/bootstrap.min.css: $status"

# The API's document and Swagger UI come from the installed static folder too.
status=$(fetch /api/openapi.json openapi.json)
[[ $status == 200 ]] || fail "GET /api/openapi.json: $status"
cmp -s openapi.json "$source_dir/static/api/openapi.json" || fail "GET /api/openapi.json: not our document"
status=$(fetch /static/vendor/swagger-ui/swagger-ui-bundle.js swagger.js)
[[ $status == 200 && -s swagger.js ]] || fail "GET /static/vendor/swagger-ui/swagger-ui-bundle.js: $status"

status=$(fetch /auth/login login.html)
[[ $status == 200 ]] || { cat serve.err >&2; fail "GET /auth/login: $status"; }
grep -q 'name="password"' login.html || fail "GET /auth/login: no password field in the page"
grep -q '/static/css/app.css' login.html || fail "GET /auth/login: the page is not base.tpl's"

kill -TERM "$server_pid"
code=0
timeout 30 tail --pid="$server_pid" -f /dev/null || fail "the server did not stop within 30 s of SIGTERM"
wait "$server_pid" || code=$?
server_pid=""
((code == 0)) || { cat serve.err >&2; fail "the server exited with $code after SIGTERM"; }
echo "the installed tree serves its templates and static files"
