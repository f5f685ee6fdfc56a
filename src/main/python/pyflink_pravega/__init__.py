"""PyFlink DataStream API for the Pravega connector.

Add the connector's SQL jar to the job before creating any of these objects, e.g.
``env.add_jars("file:///path/to/flink-connector-pravega-<version>-sql.jar")``.
"""

from pyflink_pravega.config import (DefaultCredentials, PravegaConfig, PravegaCredentials, Stream,
                                    StreamPolicy)
from pyflink_pravega.sink import PravegaSink
from pyflink_pravega.source import PravegaSource
from pyflink_pravega.stream_cut import StreamCut

__all__ = [
    "DefaultCredentials",
    "PravegaConfig",
    "PravegaCredentials",
    "PravegaSink",
    "PravegaSource",
    "Stream",
    "StreamCut",
    "StreamPolicy",
]
