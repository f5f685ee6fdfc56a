#!/usr/bin/env bash
# Runs sql-examples/quickstart.sql, then sql-examples/catalog.sql, against an embedded Pravega
# and a local Flink.
# Usage: ./quickstart.sh [sql-file...]
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests -Dspotless.skip=true test-compile
exec mvn -B -q exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-Xmx2g -Dlog4j.configurationFile=src/test/resources/log4j2-quickstart.properties -cp %classpath dev.flinkpravega.connector.examples.QuickstartRunner $*"
