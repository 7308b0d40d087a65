#!/usr/bin/env bash
# A real single-node Apache Kafka (KRaft) broker for tests and local runs.
#   kafka.sh fetch              download the broker jars from Maven Central (cached)
#   kafka.sh start [PORT]       format storage if needed, start, wait until it accepts clients
#   kafka.sh stop               stop it cleanly (SIGTERM, then SIGKILL after 60 s)
#   kafka.sh status             exit 0 when it runs
# Environment: KAFKA_RUN_DIR (default infra/kafka/.run/<PORT>), KAFKA_CACHE_DIR (default infra/kafka/.cache),
# KAFKA_HEAP (default -Xmx768m).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")
cache=${KAFKA_CACHE_DIR:-$here/.cache}
libs="$cache/kafka-$version/libs"
port=${2:-${KAFKA_PORT:-19092}}
controller_port=$((port + 1))
run=${KAFKA_RUN_DIR:-$here/.run/$port}

die() { echo "kafka.sh: $*" >&2; exit 1; }

fetch() {
  [ -f "$libs/.complete" ] && return 0
  command -v java >/dev/null || die "java is missing: install a Java 17 runtime"
  command -v mvn >/dev/null || die "mvn is missing: install Apache Maven"
  echo "kafka.sh: fetching Apache Kafka $version from Maven Central into $libs" >&2
  rm -rf "$libs" && mkdir -p "$libs"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$libs" >&2 || die "maven could not fetch the broker (see above)"
  touch "$libs/.complete"
}

running() { [ -f "$run/pid" ] && kill -0 "$(cat "$run/pid")" 2>/dev/null; }

accepting() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

start() {
  fetch
  if running; then echo "127.0.0.1:$port"; return 0; fi
  mkdir -p "$run/logs"
  sed -e "s|@PORT@|$port|g" -e "s|@CONTROLLER_PORT@|$controller_port|g" -e "s|@DATA_DIR@|$run/data|g" \
    "$here/server.properties.template" > "$run/server.properties"
  local cp="$libs/*"
  local jvm=(-cp "$cp" "-Dlog4j2.configurationFile=$here/log4j2.properties" "-Dkafka.logs.dir=$run/logs")
  if [ ! -f "$run/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(java "${jvm[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    java "${jvm[@]}" kafka.tools.StorageTool format --standalone -t "$cluster_id" \
      -c "$run/server.properties" > "$run/logs/format.log" 2>&1 || { cat "$run/logs/format.log" >&2; die "formatting the storage failed"; }
  fi
  # A "Kafka Server started" line of an earlier run must not count for this one: start a fresh log.
  if [ -f "$run/logs/server.log" ]; then mv -f "$run/logs/server.log" "$run/logs/server.log.previous"; fi
  # shellcheck disable=SC2086
  nohup java ${KAFKA_HEAP:--Xmx768m -Xms256m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    "${jvm[@]}" kafka.Kafka "$run/server.properties" > "$run/logs/stdout.log" 2>&1 &
  echo $! > "$run/pid"
  for _ in $(seq 1 240); do
    if ! running; then tail -n 40 "$run/logs/stdout.log" "$run/logs/server.log" >&2 2>/dev/null; die "the broker exited while starting"; fi
    if accepting && grep -q "Kafka Server started" "$run/logs/server.log" 2>/dev/null; then
      echo "127.0.0.1:$port"; return 0
    fi
    sleep 0.5
  done
  die "the broker did not accept clients on 127.0.0.1:$port within 120 s"
}

stop() {
  running || { rm -f "$run/pid"; return 0; }
  local pid; pid=$(cat "$run/pid")
  kill -TERM "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || { rm -f "$run/pid"; return 0; }; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$run/pid"
}

# kill -9, for fault tests: the broker dies without a clean shutdown; `start` recovers its logs.
crash() {
  running || { rm -f "$run/pid"; return 0; }
  local pid; pid=$(cat "$run/pid")
  kill -KILL "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  rm -f "$run/pid"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  crash) crash ;;
  status) running ;;
  *) die "usage: kafka.sh fetch|start [PORT]|stop [PORT]|crash [PORT]|status [PORT]" ;;
esac
