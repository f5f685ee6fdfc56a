"""Fixtures: the connector's SQL jar, an in-process Pravega, fresh scopes, Flink environments."""

import itertools
import os
from pathlib import Path

import pytest

from pravega_launcher import PravegaProcess

PROJECT_ROOT = Path(__file__).resolve().parents[4]
# The Maven build directory: target, or target/flink-2 for the Flink 2 build (run-tests.sh sets it).
BUILD_DIR = Path(os.environ.get("BUILD_DIR", PROJECT_ROOT / "target"))
_scope_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def sql_jar() -> Path:
    """The shaded SQL jar: $SQL_JAR, or the one in the build directory."""
    given = os.environ.get("SQL_JAR")
    if given:
        jar = Path(given)
    else:
        found = sorted(BUILD_DIR.glob("flink-connector-pravega-*-sql.jar"))
        if not found:
            pytest.fail("no %s/flink-connector-pravega-*-sql.jar: run mvn package first"
                        % BUILD_DIR)
        jar = found[-1]
    if not jar.exists():
        pytest.fail("SQL jar %s does not exist" % jar)
    return jar


@pytest.fixture(scope="session")
def sql_jar_url(sql_jar: Path) -> str:
    return sql_jar.resolve().as_uri()


@pytest.fixture(scope="session")
def pravega_uri() -> str:
    """Controller URI of an in-process Pravega that lives for the whole session."""
    pravega = PravegaProcess(BUILD_DIR, BUILD_DIR / "python-tests" / "pravega.log")
    pravega.start()
    yield pravega.uri
    pravega.stop()


@pytest.fixture(scope="session")
def secured_pravega():
    """A Pravega with TLS and password authentication: its URI, trust store, user, password."""
    pravega = PravegaProcess(BUILD_DIR, BUILD_DIR / "python-tests" / "pravega-secured.log",
                             secured=True)
    pravega.start()
    yield dict(pravega.settings, PRAVEGA_CONTROLLER_URI=pravega.uri)
    pravega.stop()


@pytest.fixture
def scope() -> str:
    """A new scope name for one test (the connector creates it with create-if-missing)."""
    return "py-%d-%d" % (os.getpid(), next(_scope_numbers))


@pytest.fixture
def stream_env(sql_jar_url: str):
    """A StreamExecutionEnvironment with the connector's jar."""
    from pyflink.datastream import StreamExecutionEnvironment
    env = StreamExecutionEnvironment.get_execution_environment()
    env.add_jars(sql_jar_url)
    env.set_parallelism(2)
    return env


@pytest.fixture
def table_env(sql_jar_url: str):
    """A streaming TableEnvironment with the connector's jar in pipeline.jars."""
    from pyflink.table import EnvironmentSettings, TableEnvironment
    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    t_env.get_config().set("pipeline.jars", sql_jar_url)
    t_env.get_config().set("parallelism.default", "2")
    return t_env
