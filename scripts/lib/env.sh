# Shared environment for the launcher, benchmarks and the local cluster. Sourced, not executed.
# Why each setting: the comments below, docs/deploy.md §2 (executor environment, --add-opens) and §11.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# libnd4j's OpenMP threads spin-wait without PASSIVE: a training step becomes 50-100x slower.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# Spark runs one task per core; one OpenMP thread per task avoids oversubscription.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# Bind driver, master and workers to loopback unless told otherwise.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# local-cluster and standalone workers need a SPARK_HOME with a jars/ folder, and the Scala version.
export SPARK_HOME="${SPARK_HOME:-$ROOT/target/spark-home}"
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}"
mkdir -p "$SPARK_HOME/jars"

JAVACPP_CACHE="${JAVACPP_CACHE:-$ROOT/.javacpp-cache}"
HARNESS_HEAP="${HARNESS_HEAP:-6g}"
JAVA_FLAGS=(
  "-Xmx$HARNESS_HEAP"
  "-Dorg.bytedeco.javacpp.cachedir=$JAVACPP_CACHE"
  "-Dharness.root=$ROOT"
  -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
)

# Builds the driver and its modules when sources changed since the last build, then sets CP: the application's
# class path, or with the argument "bench" the benchmarks' (src/bench/java of driver, optimizers and data-pipeline,
# compiled with the tests: the driver's test classes and its test class path, which holds the other two modules'
# tests jars).
harness_classpath() {
  local which="${1:-app}"
  local stamp="$ROOT/driver/target/classpath.txt" bench="$ROOT/driver/target/bench-classpath.txt"
  local log="$ROOT/target/harness-build.log"
  if [[ ! -f "$stamp" || ! -f "$bench" ]] || [[ -n "$(find "$ROOT/pom.xml" "$ROOT"/*/pom.xml "$ROOT"/*/src/main \
      "$ROOT"/*/src/bench -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
    echo "building spark-harness (mvn package, tests skipped; log in target/harness-build.log)..." >&2
    mkdir -p "$ROOT/target"
    if ! (cd "$ROOT" && mvn -q -DskipTests package -pl driver -am) >"$log" 2>&1; then
      cat "$log" >&2
      echo "build failed (log: $log)" >&2
      exit 1
    fi
    touch "$stamp" # the plugin leaves an unchanged classpath file alone; the stamp marks this build
  fi
  case "$which" in
    app) CP="$ROOT/driver/target/classes:$(cat "$stamp")" ;;
    bench) CP="$ROOT/driver/target/test-classes:$ROOT/driver/target/classes:$(cat "$bench")" ;;
    *) echo "harness_classpath: app or bench, not '$which'" >&2; exit 2 ;;
  esac
}
