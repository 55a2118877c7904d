#!/usr/bin/env bash
# A real single-node Elasticsearch for tests and local runs: the integ-test-zip distribution from
# Maven Central (fetched with Maven into ~/.m2, unpacked under ~/.cache/bidlab), security off,
# loopback only. Nothing of it lives in the repository.
#
#   scripts/services/elasticsearch.sh start|stop|status|url
#
# Environment (defaults in brackets):
#   BIDLAB_ES_VERSION        distribution version [9.4.3]; the major must match @elastic/elasticsearch
#   BIDLAB_ES_PORT           HTTP port on 127.0.0.1 [9250]
#   BIDLAB_ES_TRANSPORT_PORT transport port on 127.0.0.1 [9350]
#   BIDLAB_ES_HEAP           JVM heap [1g]
#   BIDLAB_ES_RUN_DIR        config, data, logs and pid file [~/.cache/bidlab/es-run]
#   BIDLAB_ES_JAVA_HOME      JDK [/usr/lib/jvm/temurin-25-jdk-amd64]
#   BIDLAB_ES_START_TIMEOUT  seconds to wait for a green/yellow cluster [180]
#
# `start` is idempotent and safe to call from several processes at once (flock); `stop` stops only
# the node this script started (its pid file), never another Elasticsearch on the machine.
set -euo pipefail

VERSION="${BIDLAB_ES_VERSION:-9.4.3}"
PORT="${BIDLAB_ES_PORT:-9250}"
TRANSPORT_PORT="${BIDLAB_ES_TRANSPORT_PORT:-9350}"
HEAP="${BIDLAB_ES_HEAP:-1g}"
CACHE="${HOME}/.cache/bidlab"
RUN_DIR="${BIDLAB_ES_RUN_DIR:-${CACHE}/es-run}"
JAVA_HOME_ES="${BIDLAB_ES_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
START_TIMEOUT="${BIDLAB_ES_START_TIMEOUT:-180}"
ES_HOME="${CACHE}/elasticsearch-${VERSION}"
URL="http://127.0.0.1:${PORT}"
PID_FILE="${RUN_DIR}/elasticsearch.pid"
LAUNCH_LOG="${RUN_DIR}/launch.log"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${VERSION}:zip"
ZIP="${HOME}/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/${VERSION}/elasticsearch-${VERSION}.zip"

say() { printf 'elasticsearch.sh: %s\n' "$*" >&2; }

healthy() {
  local body
  body="$(curl -fsS --max-time 5 "${URL}/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null)" || return 1
  [[ "$body" == *'"status":"green"'* || "$body" == *'"status":"yellow"'* ]]
}

# The pid in the pid file, if that process is still an Elasticsearch node (a pid can be reused).
our_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -q 'org.elasticsearch' || return 1
  echo "$pid"
}

log_tail() {
  say "last lines of the node's logs (in ${RUN_DIR}):"
  local f
  for f in "$LAUNCH_LOG" "${RUN_DIR}/logs/bidlab-test.log"; do
    [[ -s "$f" ]] && { echo "==> ${f}" >&2; tail -n 40 "$f" >&2; }
  done
  return 0
}

install_distribution() {
  [[ -x "${ES_HOME}/bin/elasticsearch" ]] && return 0
  if [[ ! -f "$ZIP" ]]; then
    say "fetching ${ARTIFACT} from Maven Central"
    mvn -q dependency:get -Dartifact="$ARTIFACT" -Dtransitive=false >&2 || {
      say "Maven could not fetch ${ARTIFACT}"; exit 1; }
  fi
  local tmp
  tmp="$(mktemp -d "${CACHE}/.unpack.XXXXXX")"
  unzip -q "$ZIP" -d "$tmp"
  # Rename into place only when complete, so an interrupted unpack is never mistaken for an install.
  mv "${tmp}/elasticsearch-${VERSION}" "$ES_HOME"
  rm -rf "$tmp"
}

write_config() {
  mkdir -p "${RUN_DIR}/config" "${RUN_DIR}/data" "${RUN_DIR}/logs"
  cp "${ES_HOME}/config/jvm.options" "${ES_HOME}/config/log4j2.properties" "${RUN_DIR}/config/"
  mkdir -p "${RUN_DIR}/config/jvm.options.d"
  cat >"${RUN_DIR}/config/elasticsearch.yml" <<EOF
cluster.name: bidlab-test
node.name: bidlab-test-node
discovery.type: single-node
network.host: 127.0.0.1
http.port: ${PORT}
transport.port: ${TRANSPORT_PORT}
path.data: ${RUN_DIR}/data
path.logs: ${RUN_DIR}/logs
xpack.security.enabled: false
# A nearly full test disk must not turn indices read-only or leave shards unassigned.
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
}

start() {
  mkdir -p "$RUN_DIR"
  exec 9>"${RUN_DIR}/.lock"
  flock 9
  if healthy; then echo "$URL"; say "already running at ${URL}"; return 0; fi
  if ! our_pid >/dev/null; then
    if curl -s --max-time 2 -o /dev/null "${URL}/"; then
      say "port ${PORT} answers but is not a healthy node of this script; set BIDLAB_ES_PORT to another port"; exit 1
    fi
    [[ -x "${JAVA_HOME_ES}/bin/java" ]] || { say "no JDK at ${JAVA_HOME_ES} (set BIDLAB_ES_JAVA_HOME)"; exit 1; }
    install_distribution
    write_config
    rm -f "$PID_FILE"
    say "starting Elasticsearch ${VERSION} at ${URL} (data and logs in ${RUN_DIR})"
    # Elasticsearch refuses to run as root; a user namespace gives it a non-root uid that still
    # owns the same files, without a system user or changed permissions. The node must not inherit
    # the lock (fd 9), or every later start would wait for it to exit.
    local runner=()
    [[ "$(id -u)" == 0 ]] && runner=(unshare --user --map-user=1000 --map-group=1000)
    ES_JAVA_HOME="$JAVA_HOME_ES" ES_PATH_CONF="${RUN_DIR}/config" ES_JAVA_OPTS="-Xms${HEAP} -Xmx${HEAP}" \
      "${runner[@]}" "${ES_HOME}/bin/elasticsearch" -d -p "$PID_FILE" >"$LAUNCH_LOG" 2>&1 9>&- || {
        say "the node did not start"; log_tail; exit 1; }
  fi
  local waited=0
  until healthy; do
    if ! our_pid >/dev/null && (( waited > 5 )); then say "the node exited while starting"; log_tail; exit 1; fi
    if (( waited >= START_TIMEOUT )); then
      say "no green/yellow cluster after ${START_TIMEOUT}s"; log_tail; stop_locked; exit 1
    fi
    sleep 1; waited=$((waited + 1))
  done
  echo "$URL"
  say "running at ${URL} (pid $(our_pid))"
}

# stop_locked and stop
source "$(dirname "${BASH_SOURCE[0]}")/stop-service.sh"

status() {
  local pid=''
  pid="$(our_pid)" || true
  if healthy; then echo "running ${URL}${pid:+ pid ${pid}}"; return 0; fi
  if [[ -n "$pid" ]]; then echo "starting or unhealthy ${URL} pid ${pid}"; return 1; fi
  echo "not running"; return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
