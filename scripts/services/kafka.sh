#!/usr/bin/env bash
# A real single-node Kafka (KRaft: one process is broker and controller) for tests and local runs,
# built from the Kafka jars on Maven Central: Maven copies the runtime classpath of kafka_2.13 and
# kafka-tools into ~/.cache/bidlab/kafka-<version>/libs (artefacts cached in ~/.m2), and the node
# runs from there on loopback. Nothing of it lives in the repository.
#
#   scripts/services/kafka.sh start|stop|status|bootstrap|classpath
#   scripts/services/kafka.sh run-class <main class> [args...]   e.g. org.apache.kafka.tools.ConsumerPerformance
#
# Environment (defaults in brackets):
#   BIDLAB_KAFKA_VERSION        Kafka version [4.4.0]
#   BIDLAB_KAFKA_PORT           client (PLAINTEXT) port on 127.0.0.1 [9192]
#   BIDLAB_KAFKA_CONTROLLER_PORT  KRaft controller port on 127.0.0.1 [9193]
#   BIDLAB_KAFKA_HEAP           JVM heap [512m]
#   BIDLAB_KAFKA_RUN_DIR        config, data, logs and pid file [~/.cache/bidlab/kafka-run]
#   BIDLAB_KAFKA_JAVA_HOME      JDK, 17 or later [the `java` on PATH]
#   BIDLAB_KAFKA_START_TIMEOUT  seconds to wait for the node to answer a metadata request [120]
#
# `start` is idempotent and safe to call from several processes at once (flock); `stop` stops only
# the node this script started (its pid file), never another Kafka on the machine.
set -euo pipefail

VERSION="${BIDLAB_KAFKA_VERSION:-4.4.0}"
PORT="${BIDLAB_KAFKA_PORT:-9192}"
CONTROLLER_PORT="${BIDLAB_KAFKA_CONTROLLER_PORT:-9193}"
HEAP="${BIDLAB_KAFKA_HEAP:-512m}"
CACHE="${HOME}/.cache/bidlab"
RUN_DIR="${BIDLAB_KAFKA_RUN_DIR:-${CACHE}/kafka-run}"
START_TIMEOUT="${BIDLAB_KAFKA_START_TIMEOUT:-120}"
KAFKA_HOME="${CACHE}/kafka-${VERSION}"
LIBS="${KAFKA_HOME}/libs"
BOOTSTRAP="127.0.0.1:${PORT}"
PID_FILE="${RUN_DIR}/kafka.pid"
CONFIG="${RUN_DIR}/server.properties"
LAUNCH_LOG="${RUN_DIR}/launch.log"

if [[ -n "${BIDLAB_KAFKA_JAVA_HOME:-}" ]]; then JAVA="${BIDLAB_KAFKA_JAVA_HOME}/bin/java"; else JAVA="$(command -v java || true)"; fi

say() { printf 'kafka.sh: %s\n' "$*" >&2; }

# The runtime classpath of one Kafka version. Maven resolves the transitive dependencies; the
# directory is renamed into place only when complete, so an interrupted download is never used.
install_jars() {
  [[ -f "${LIBS}/kafka_2.13-${VERSION}.jar" && -f "${KAFKA_HOME}/.complete" ]] && return 0
  command -v mvn >/dev/null || { say "Maven (mvn) is needed to fetch the Kafka jars"; exit 1; }
  mkdir -p "$CACHE"
  local tmp
  tmp="$(mktemp -d "${CACHE}/.kafka-${VERSION}.XXXXXX")"
  cat >"${tmp}/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bidlab.local</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>${VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${VERSION}</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>${VERSION}</version></dependency>
  </dependencies>
</project>
EOF
  say "fetching the Kafka ${VERSION} jars from Maven Central into ${KAFKA_HOME}"
  mvn -q -B -Dstyle.color=never -f "${tmp}/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="${tmp}/libs" >&2 || {
    say "Maven could not fetch org.apache.kafka:kafka_2.13:${VERSION}"; rm -rf "$tmp"; exit 1; }
  # Kafka logs through SLF4J 1.x; its distribution ships the Log4j 2 binding, which no artefact
  # depends on, so it is fetched at the Log4j version Kafka itself resolved.
  local core log4j
  core="$(ls "${tmp}/libs" | grep -E '^log4j-core-[0-9.]+\.jar$' | head -n 1)"
  [[ -n "$core" ]] || { say "no log4j-core among Kafka's dependencies"; rm -rf "$tmp"; exit 1; }
  log4j="${core#log4j-core-}"; log4j="${log4j%.jar}"
  mvn -q -B -Dstyle.color=never -f "${tmp}/pom.xml" dependency:copy -Dartifact="org.apache.logging.log4j:log4j-slf4j-impl:${log4j}" \
    -DoutputDirectory="${tmp}/libs" >&2 || { say "Maven could not fetch log4j-slf4j-impl ${log4j}"; rm -rf "$tmp"; exit 1; }
  touch "${tmp}/.complete"
  rm -rf "$KAFKA_HOME"
  mv "$tmp" "$KAFKA_HOME"
}

classpath() { printf '%s/*' "$LIBS"; }

run_class() {
  install_jars
  exec "$JAVA" -Xmx256m -Dlog4j2.configurationFile="${RUN_DIR}/log4j2-tools.properties" -cp "$(classpath)" "$@"
}

# The pid in the pid file, if that process is still this script's node (a pid can be reused).
our_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -qF "kafka.Kafka ${CONFIG}" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/${PORT}") 2>/dev/null; }

# A metadata request through Kafka's own admin client: the node is ready when it lists topics.
answers_metadata() {
  timeout 30 "$JAVA" -Xmx128m -Dlog4j2.configurationFile="${RUN_DIR}/log4j2-tools.properties" -cp "$(classpath)" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>>"${RUN_DIR}/readiness.log"
}

log_tail() {
  say "last lines of the node's logs (${RUN_DIR}):"
  tail -n 40 "$LAUNCH_LOG" "${RUN_DIR}/logs/server.log" "${RUN_DIR}/readiness.log" 2>/dev/null >&2 || true
}

write_config() {
  mkdir -p "${RUN_DIR}/data" "${RUN_DIR}/logs"
  cat >"$CONFIG" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:${CONTROLLER_PORT}
listeners=PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${RUN_DIR}/data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# A test consumer group should start at once, not wait for more members.
group.initial.rebalance.delay.ms=0
# Recorded logs carry their auction times as message timestamps, which may lie far in the past
# (time-based retention would delete them at once) or in the future (a synthetic scenario's dates).
log.retention.ms=-1
log.message.timestamp.after.max.ms=9223372036854775807
auto.create.topics.enable=false
EOF
  cat >"${RUN_DIR}/log4j2.properties" <<EOF
rootLogger.level=INFO
rootLogger.appenderRef.file.ref=file
appender.file.type=RollingFile
appender.file.name=file
appender.file.fileName=${RUN_DIR}/logs/server.log
appender.file.filePattern=${RUN_DIR}/logs/server.log.%i
appender.file.layout.type=PatternLayout
appender.file.layout.pattern=[%d] %p %m (%c)%n
appender.file.policies.type=Policies
appender.file.policies.size.type=SizeBasedTriggeringPolicy
appender.file.policies.size.size=20MB
appender.file.strategy.type=DefaultRolloverStrategy
appender.file.strategy.max=2
EOF
  cat >"${RUN_DIR}/log4j2-tools.properties" <<EOF
rootLogger.level=WARN
rootLogger.appenderRef.err.ref=err
appender.err.type=Console
appender.err.name=err
appender.err.target=SYSTEM_ERR
appender.err.layout.type=PatternLayout
appender.err.layout.pattern=%p %m%n
EOF
}

# Storage is formatted once per run directory, with a cluster id of its own.
format_storage() {
  [[ -f "${RUN_DIR}/data/meta.properties" ]] && return 0
  local cluster_id
  cluster_id="$("$JAVA" -Xmx128m -cp "$(classpath)" kafka.tools.StorageTool random-uuid 2>>"$LAUNCH_LOG")"
  "$JAVA" -Xmx128m -Dlog4j2.configurationFile="${RUN_DIR}/log4j2-tools.properties" -cp "$(classpath)" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$CONFIG" --standalone >>"$LAUNCH_LOG" 2>&1 || {
      say "formatting the storage failed"; log_tail; exit 1; }
}

start() {
  mkdir -p "$RUN_DIR"
  exec 9>"${RUN_DIR}/.lock"
  flock 9
  [[ -n "$JAVA" && -x "$JAVA" ]] || { say "no java found (set BIDLAB_KAFKA_JAVA_HOME to a JDK 17 or later)"; exit 1; }
  install_jars
  write_config
  if our_pid >/dev/null && answers_metadata; then echo "$BOOTSTRAP"; say "already running at ${BOOTSTRAP}"; return 0; fi
  if ! our_pid >/dev/null; then
    if port_open; then
      say "port ${PORT} answers but no node of this script runs; set BIDLAB_KAFKA_PORT to another port"; exit 1
    fi
    : >"$LAUNCH_LOG"
    : >"${RUN_DIR}/readiness.log"
    format_storage
    say "starting Kafka ${VERSION} at ${BOOTSTRAP} (data and logs in ${RUN_DIR})"
    # setsid: the node outlives the shell that started it; 9>&-: it must not inherit the lock, or
    # every later start would wait for it to exit.
    setsid "$JAVA" -Xms"${HEAP}" -Xmx"${HEAP}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="${RUN_DIR}/log4j2.properties" -Dkafka.logs.dir="${RUN_DIR}/logs" \
      -cp "$(classpath)" kafka.Kafka "$CONFIG" </dev/null >>"$LAUNCH_LOG" 2>&1 9>&- &
    echo $! >"$PID_FILE"
  fi
  local started=$SECONDS
  until port_open && answers_metadata; do
    if ! our_pid >/dev/null; then say "the node exited while starting"; log_tail; rm -f "$PID_FILE"; exit 1; fi
    if (( SECONDS - started >= START_TIMEOUT )); then
      say "no answer to a metadata request after ${START_TIMEOUT}s"; log_tail; stop_locked; exit 1
    fi
    sleep 0.5
  done
  echo "$BOOTSTRAP"
  say "running at ${BOOTSTRAP} (pid $(our_pid), ready after $((SECONDS - started))s)"
}

# stop_locked and stop
source "$(dirname "${BASH_SOURCE[0]}")/stop-service.sh"

status() {
  local pid=''
  pid="$(our_pid)" || true
  if [[ -n "$pid" ]] && port_open && answers_metadata; then echo "running ${BOOTSTRAP} pid ${pid}"; return 0; fi
  if [[ -n "$pid" ]]; then echo "starting or unhealthy ${BOOTSTRAP} pid ${pid}"; return 1; fi
  echo "not running"; return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  bootstrap) echo "$BOOTSTRAP" ;;
  classpath) install_jars; classpath; echo ;;
  run-class) shift; mkdir -p "$RUN_DIR"; [[ -f "${RUN_DIR}/log4j2-tools.properties" ]] || write_config; run_class "$@" ;;
  *) echo "usage: $0 start|stop|status|bootstrap|classpath|run-class <main class> [args...]" >&2; exit 2 ;;
esac
