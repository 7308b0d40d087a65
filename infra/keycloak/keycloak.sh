#!/usr/bin/env bash
# A real Keycloak for tests and the production topology, on loopback, with the realm generated from the code.
#   keycloak.sh fetch            download Keycloak's distribution from Maven Central (cached)
#   keycloak.sh start [PORT]     start it (dev-file storage), import the realm, wait until it answers
#   keycloak.sh stop [PORT]      stop it (SIGTERM, then SIGKILL after 60 s)
#   keycloak.sh status [PORT]    exit 0 when it runs
# Keycloak 26 needs a newer Java than 17: KEYCLOAK_JAVA_HOME, else the first Temurin 21+ under /usr/lib/jvm.
# Environment: KEYCLOAK_RUN_DIR (default infra/keycloak/.run/<PORT>), KEYCLOAK_CACHE_DIR (default
# infra/keycloak/.cache), CHUNGTAY_CONSOLE_URL and CHUNGTAY_CLI_SECRET (the realm's placeholders),
# KEYCLOAK_ADMIN_PASSWORD (the bootstrap admin's, default made at random and kept in the run folder).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$here/pom.xml")
cache=${KEYCLOAK_CACHE_DIR:-$here/.cache}
home="$cache/keycloak-$version"
port=${2:-${KEYCLOAK_PORT:-18080}}
management_port=$((port + 1))
run=${KEYCLOAK_RUN_DIR:-$here/.run/$port}

die() { echo "keycloak.sh: $*" >&2; exit 1; }

java_home() {
  if [ -n "${KEYCLOAK_JAVA_HOME:-}" ]; then echo "$KEYCLOAK_JAVA_HOME"; return 0; fi
  local candidate
  for candidate in /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/java-2[1-9]-*; do
    [ -x "$candidate/bin/java" ] && { echo "$candidate"; return 0; }
  done
  die "Keycloak $version needs Java 21 or newer: set KEYCLOAK_JAVA_HOME"
}

fetch() {
  [ -f "$home/.complete" ] && return 0
  command -v mvn >/dev/null || die "mvn is missing: install Apache Maven"
  command -v unzip >/dev/null || die "unzip is missing: apt-get install unzip"
  echo "keycloak.sh: fetching Keycloak $version from Maven Central into $cache" >&2
  mkdir -p "$cache"
  mvn -q -B -f "$here/pom.xml" dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" \
    -DoutputDirectory="$cache" >&2 || die "maven could not fetch Keycloak (see above)"
  rm -rf "$home"
  unzip -q -o "$cache/keycloak-quarkus-dist-$version.zip" -d "$cache"
  rm -f "$cache/keycloak-quarkus-dist-$version.zip"
  touch "$home/.complete"
}

running() { [ -f "$run/pid" ] && kill -0 "$(cat "$run/pid")" 2>/dev/null; }

ready() { curl -fsS "http://127.0.0.1:$management_port/health/ready" >/dev/null 2>&1; }

start() {
  fetch
  if running; then echo "http://127.0.0.1:$port"; return 0; fi
  # The run folder is a Keycloak home of its own: its own data (the realm to import, the dev-file
  # database), the distribution's code shared from the cache. kc.sh finds its home from its own path.
  mkdir -p "$run/data/import"
  [ -d "$run/bin" ] || cp -r "$home/bin" "$run/bin"
  local part
  for part in lib providers themes conf; do [ -e "$run/$part" ] || ln -s "$home/$part" "$run/$part"; done
  cp "$here/chungtay-realm.json" "$run/data/import/chungtay-realm.json"
  [ -f "$run/admin-password" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$run/admin-password"
  local jh; jh=$(java_home)
  # The realm's placeholders: the console's exact address, the CLI's secret (made once per run folder).
  [ -f "$run/cli-secret" ] || head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$run/cli-secret"
  export CHUNGTAY_CONSOLE_URL=${CHUNGTAY_CONSOLE_URL:-http://127.0.0.1:4000}
  export CHUNGTAY_CLI_SECRET=${CHUNGTAY_CLI_SECRET:-$(cat "$run/cli-secret")}
  export KC_BOOTSTRAP_ADMIN_USERNAME=admin
  export KC_BOOTSTRAP_ADMIN_PASSWORD=${KEYCLOAK_ADMIN_PASSWORD:-$(cat "$run/admin-password")}
  export JAVA_HOME="$jh" PATH="$jh/bin:$PATH"
  export JAVA_OPTS_KC_HEAP="${KEYCLOAK_HEAP:--Xms128m -Xmx768m}"
  if [ -f "$run/stdout.log" ]; then mv -f "$run/stdout.log" "$run/stdout.log.previous"; fi
  nohup "$run/bin/kc.sh" start-dev \
    --http-host=127.0.0.1 --http-port="$port" --http-management-port="$management_port" \
    --health-enabled=true --hostname-strict=false --import-realm \
    > "$run/stdout.log" 2>&1 &
  echo $! > "$run/pid"
  for _ in $(seq 1 360); do
    if ! running; then tail -n 60 "$run/stdout.log" >&2; die "Keycloak exited while starting"; fi
    if ready; then echo "http://127.0.0.1:$port"; return 0; fi
    sleep 0.5
  done
  tail -n 60 "$run/stdout.log" >&2
  die "Keycloak did not answer on 127.0.0.1:$port within 180 s"
}

stop() {
  running || { rm -f "$run/pid"; return 0; }
  local pid; pid=$(cat "$run/pid")
  # kc.sh execs java, so the pid is the server's own.
  kill -TERM "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || { rm -f "$run/pid"; return 0; }; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$run/pid"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) running ;;
  *) die "usage: keycloak.sh fetch|start [PORT]|stop [PORT]|status [PORT]" ;;
esac
