"""Access to the connector's Java classes through PyFlink's gateway.

Only classes of our own package ``dev.flinkpravega.connector`` (and Flink's and the JDK's) are
named here: the SQL jar relocates the Pravega client, so its original class names do not exist.
"""

import sys
from datetime import timedelta
from typing import Any, Callable, Optional, TypeVar

from py4j.java_gateway import JavaClass
from py4j.protocol import Py4JJavaError
from pyflink.java_gateway import get_gateway

CONNECTOR_PACKAGE = "dev.flinkpravega.connector"

# Java exceptions that mean "a wrong argument": raised as ValueError with the Java message.
_ARGUMENT_ERRORS = (
    "java.lang.IllegalArgumentException",
    "java.lang.IllegalStateException",
    "java.lang.NullPointerException",
    CONNECTOR_PACKAGE + ".config.MissingStreamException",
)

T = TypeVar("T")


def connector_class(name: str) -> JavaClass:
    """The Java class ``dev.flinkpravega.connector.<name>``, e.g. ``config.PravegaConfig``."""
    node: Any = get_gateway().jvm
    for part in (CONNECTOR_PACKAGE + "." + name).split("."):
        node = getattr(node, part)
    if not isinstance(node, JavaClass):
        raise RuntimeError(
            "Java class %s.%s not found: add the connector's SQL jar before using"
            " pyflink_pravega, e.g. env.add_jars('file:///path/to/"
            "flink-connector-pravega-<version>-sql.jar') or the 'pipeline.jars' option"
            % (CONNECTOR_PACKAGE, name))
    return node


def call(action: Callable[[], T]) -> T:
    """Runs a call into Java; argument errors come back as ``ValueError`` with Java's message."""
    try:
        return action()
    except Py4JJavaError as e:
        java_exception = e.java_exception
        if java_exception.getClass().getName() in _ARGUMENT_ERRORS:
            raise ValueError(java_exception.getMessage()) from None
        raise


def duration(value: Optional[timedelta], what: str, allow_zero: bool = False) -> Any:
    """A ``java.time.Duration`` of a ``timedelta``: positive, or zero or more with ``allow_zero``."""
    if not isinstance(value, timedelta):
        raise TypeError("%s must be a datetime.timedelta, not %r" % (what, value))
    millis = value // timedelta(milliseconds=1)
    if allow_zero and millis < 0:
        raise ValueError("%s must be a timedelta of zero or more, not %s" % (what, value))
    if not allow_zero and millis <= 0:
        raise ValueError("%s must be positive, not %s" % (what, value))
    return get_gateway().jvm.java.time.Duration.ofMillis(millis)


def string_array(values) -> Any:
    """A Java ``String[]``."""
    gateway = get_gateway()
    array = gateway.new_array(gateway.jvm.String, len(values))
    for i, value in enumerate(values):
        array[i] = value
    return array


def called_by_pyflink(method_name: str) -> bool:
    """Whether the ``get_java_function`` calling this (through any overrides) was called by
    PyFlink's method ``method_name``, e.g. ``add_source``."""
    frame = sys._getframe(1)
    while frame.f_code.co_name == "get_java_function" and frame.f_back is not None:
        frame = frame.f_back
    return (frame.f_code.co_name == method_name
            and frame.f_globals.get("__name__", "").startswith("pyflink."))


def check_bool(what: str, value) -> None:
    if not isinstance(value, bool):
        raise TypeError("%s must be a bool, not %r" % (what, value))


def check_int(what: str, value) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("%s must be an int, not %r" % (what, value))


def check_stream_creation(create_option: str, create: bool, min_segments, stream_policy) -> None:
    """``min_segments`` and ``stream_policy`` only with ``create_option``, and not both: a
    setting that would have no effect is an error, not silently dropped."""
    # Imported here: config imports this module.
    from pyflink_pravega.config import StreamPolicy
    check_bool(create_option, create)
    if stream_policy is not None and not isinstance(stream_policy, StreamPolicy):
        raise TypeError("stream_policy must be a pyflink_pravega.StreamPolicy, not %r"
                        % (stream_policy,))
    if min_segments is not None:
        check_int("min_segments", min_segments)
    if not create and (min_segments is not None or stream_policy is not None):
        raise ValueError("%s applies only with %s=True: without it no stream is created"
                         % ("min_segments" if min_segments is not None else "stream_policy",
                            create_option))
    if min_segments is not None and stream_policy is not None:
        raise ValueError("give min_segments or stream_policy, not both: a stream_policy sets"
                         " the segments itself, e.g. StreamPolicy.fixed(%d)" % min_segments)
