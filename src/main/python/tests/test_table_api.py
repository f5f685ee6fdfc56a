"""The connector from the PyFlink Table API, with the shaded SQL jar in pipeline.jars."""

from typing import Dict

import pytest
from py4j.protocol import Py4JJavaError
from pyflink.table import DataTypes

ROWS = 300


def create_table(t_env, name: str, options: Dict[str, str]) -> None:
    with_clause = ",\n  ".join("'%s' = '%s'" % item for item in options.items())
    t_env.execute_sql("""CREATE TABLE %s (
  id INT,
  user_name STRING,
  origin STRING METADATA FROM 'stream' VIRTUAL
) WITH (
  'connector' = 'pravega',
  'format' = 'json',
  %s
)""" % (name, with_clause))


def test_insert_then_bounded_select_round_trip(table_env, pravega_uri, scope):
    create_table(table_env, "users", {
        "controller-uri": pravega_uri,
        "scope": scope,
        "sink.stream": "users",
        "sink.routing-key.fields": "user_name",
        "scan.streams": "users",
        "scan.bounded.mode": "latest",
        "stream.create-if-missing": "true",
    })
    written = [(i, "user-%d" % (i % 7)) for i in range(ROWS)]
    rows = table_env.from_elements(
        written, DataTypes.ROW([DataTypes.FIELD("id", DataTypes.INT()),
                                DataTypes.FIELD("user_name", DataTypes.STRING())]))
    rows.execute_insert("users").wait()

    with table_env.execute_sql("SELECT id, user_name, origin FROM users").collect() as results:
        read = [tuple(row) for row in results]

    assert sorted(read) == sorted((i, name, scope + "/users") for i, name in written)


@pytest.mark.parametrize("options, message", [
    ({"controller-uri": "http://localhost:9090"},
     "Invalid value 'http://localhost:9090' for option 'controller-uri': the scheme must be one"
     " of 'tcp', 'tls', as in 'tcp://host:9090'."),
    ({"scan.startup.stream-cuts": "AAAA"},
     "Option 'scan.startup.stream-cuts' is only used with 'scan.startup.mode' = 'stream-cut';"
     " set that mode or remove the option."),
], ids=["controller-uri", "stream-cuts-without-mode"])
def test_wrong_option_fails_with_the_connectors_message(table_env, pravega_uri, scope,
                                                        options, message):
    create_table(table_env, "wrong", {
        "controller-uri": pravega_uri, "scope": scope, "scan.streams": "s", **options})

    with pytest.raises(Py4JJavaError) as failure:
        table_env.execute_sql("SELECT * FROM wrong")

    assert "org.apache.flink.table.api.ValidationException: " + message in str(failure.value)
