"""The connector from PyFlink against a Pravega with TLS and password authentication."""

import pytest
from py4j.protocol import Py4JJavaError

from test_table_api import create_table


def secured_options(pravega, scope, password):
    return {
        "controller-uri": pravega["PRAVEGA_CONTROLLER_URI"],
        "scope": scope,
        "sink.stream": "events",
        "scan.streams": "events",
        "scan.bounded.mode": "latest",
        "stream.create-if-missing": "true",
        "security.trust-store": pravega["PRAVEGA_TRUST_STORE"],
        "security.username": pravega["PRAVEGA_USERNAME"],
        "security.password": password,
    }


def test_round_trip_over_tls_with_a_password(table_env, secured_pravega, scope):
    assert secured_pravega["PRAVEGA_CONTROLLER_URI"].startswith("tls://")
    create_table(table_env, "events",
                 secured_options(secured_pravega, scope, secured_pravega["PRAVEGA_PASSWORD"]))
    table_env.execute_sql(
        "INSERT INTO events VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')").wait()

    with table_env.execute_sql("SELECT id, user_name, origin FROM events").collect() as results:
        read = sorted(tuple(row) for row in results)

    assert read == [(1, "ann", scope + "/events"), (2, "bob", scope + "/events"),
                    (3, "cy", scope + "/events")]


def test_a_wrong_password_fails_with_the_connectors_message(table_env, secured_pravega, scope):
    wrong = "Wrong-Py-Pw-3e1c"
    create_table(table_env, "events", secured_options(secured_pravega, scope, wrong))
    with pytest.raises(Py4JJavaError) as failure:
        table_env.execute_sql("INSERT INTO events VALUES (1, 'ann')").wait()
    text = str(failure.value)
    assert "Authentication failed: Pravega at " + secured_pravega["PRAVEGA_CONTROLLER_URI"] in text
    assert "refused the configured credentials" in text
    assert wrong not in text
