#!/usr/bin/env bash
# Runs sql-examples/quickstart.sql, then sql-examples/catalog.sql, against an embedded Pravega
# and a local Flink.
# Usage: ./quickstart.sh [--flink 1.20|2.3] [sql-file...]   (default: Flink 1.20)
set -euo pipefail
cd "$(dirname "$0")"
profile=()
if [[ "${1:-}" == "--flink" ]]; then
  case "${2:-}" in
    1.20) ;;
    2.3) profile=(-Pflink-2) ;;
    *) echo "quickstart.sh: --flink takes 1.20 or 2.3, not '${2:-}'" >&2; exit 2 ;;
  esac
  shift 2
fi
mvn -B -q "${profile[@]}" -DskipTests -Dspotless.skip=true test-compile
exec mvn -B -q "${profile[@]}" exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-Xmx2g -Dlog4j.configurationFile=src/test/resources/log4j2-quickstart.properties -cp %classpath dev.flinkpravega.connector.examples.QuickstartRunner $*"
