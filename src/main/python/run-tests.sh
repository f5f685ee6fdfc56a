#!/usr/bin/env bash
# Runs the PyFlink tests (src/main/python/tests) against the connector's shaded SQL jar and an
# in-process Pravega started from the Java test classpath.
#
# Needs: python3.11 (or $PYTHON, 3.8 to 3.11), Java, PyPI, and a build that made
# <build dir>/*-sql.jar, test-classes and test-classpath.txt (mvn verify runs this script in its
# integration-test phase; after `mvn -DskipTests package` it also runs by hand).
#
# FLINK_LINE (1.20, the default, or 2.3) picks requirements-test-<line>.txt, i.e. the apache-flink
# release the tests run on; BUILD_DIR is the Maven build directory (target, or target/flink-2 for
# -Pflink-2). The virtual environment with apache-flink (~700 MB) is made once per line and reused
# while its requirements file and the Python version stay the same: $PYFLINK_VENV, by default
# ~/.cache/flink-connector-pravega/pyflink-venv-<line>. Arguments go to pytest.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
line="${FLINK_LINE:-1.20}"
target="${BUILD_DIR:-$root/target}"
export BUILD_DIR="$target"
requirements="$here/requirements-test-$line.txt"
if [[ ! -f "$requirements" ]]; then
  echo "run-tests.sh: no $requirements for FLINK_LINE=$line" >&2
  exit 1
fi
python="${PYTHON:-python3.11}"
venv="${PYFLINK_VENV:-${XDG_CACHE_HOME:-${HOME:-$target}/.cache}/flink-connector-pravega/pyflink-venv-$line}"

if ! command -v "$python" >/dev/null 2>&1; then
  echo "run-tests.sh: $python not found; set PYTHON to a Python 3.8-3.11 interpreter" >&2
  exit 1
fi

mkdir -p "$(dirname "$venv")" "$target/python-tests"
# One build at a time uses (and may rebuild) the shared environment.
exec 9>"$venv.lock"
flock 9

stamp="$("$python" --version 2>&1) $(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ ! -f "$venv/.stamp" || "$(cat "$venv/.stamp")" != "$stamp" ]]; then
  echo "run-tests.sh: creating $venv"
  start=$SECONDS
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$requirements"
  echo "$stamp" > "$venv/.stamp"
  echo "run-tests.sh: environment ready in $((SECONDS - start)) s"
fi

# Install this package as users get it: built from pyproject.toml, outside the source tree.
build="$target/python-tests/package"
rm -rf "$build"
mkdir -p "$build"
cp -r "$here/pyproject.toml" "$here/README.md" "$here/pyflink_pravega" "$here/pravega_config.py" \
  "$here/pravega_reader.py" "$here/pravega_writer.py" "$build/"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps \
  --no-build-isolation --force-reinstall "$build"

cd "$here"
# PyFlink's own Flink logs (by default inside the environment's site-packages).
export FLINK_LOG_DIR="$target/python-tests/flink-logs"
mkdir -p "$FLINK_LOG_DIR"
start=$SECONDS
set +e
# A hung job must not hang the build; the Pravega launcher ends with its parent's pipe.
timeout --kill-after=30s "${PYTHON_TESTS_TIMEOUT:-20m}" \
  "$venv/bin/python" -m pytest -p no:cacheprovider -W ignore::DeprecationWarning \
  --junitxml="$target/python-tests/TEST-pytest.xml" "$@"
code=$?
set -e
if [[ $code -eq 124 || $code -eq 137 ]]; then
  echo "run-tests.sh: pytest did not finish within ${PYTHON_TESTS_TIMEOUT:-20m}" >&2
fi
echo "run-tests.sh: pytest took $((SECONDS - start)) s"
exit $code
