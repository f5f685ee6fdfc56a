"""The older Python wrappers' ``pravega_config`` module, over :mod:`pyflink_pravega`.

``from pravega_config import PravegaConfig, DefaultCredentials, Stream, StreamCut`` keeps
working for programs written for ``pravega/flink-connectors``; new programs import from
``pyflink_pravega``.
"""

from datetime import timedelta
from typing import Optional

import pyflink_pravega
from pyflink_pravega import DefaultCredentials, PravegaCredentials, Stream, StreamCut

__all__ = ["DefaultCredentials", "PravegaConfig", "Stream", "StreamCut"]


class PravegaConfig(pyflink_pravega.PravegaConfig):
    """:class:`pyflink_pravega.PravegaConfig` with the older wrappers' positional order:
    ``PravegaConfig(uri, scope, trust_store, default_scope, credentials, validate_hostname)``.

    ``scope`` and ``default_scope`` both name the default scope (of stream names given without
    one, and of reader groups): give one, or the same value twice. ``credentials`` is a
    :class:`DefaultCredentials` (or any :class:`PravegaCredentials`). The schema registry is not
    supported: ``schema_registry_uri`` fails rather than being dropped.
    """

    def __init__(self, uri: str, scope: Optional[str] = None,
                 trust_store: Optional[str] = None,
                 default_scope: Optional[str] = None,
                 credentials: Optional[PravegaCredentials] = None,
                 validate_hostname: bool = True, *,
                 controller_timeout: Optional[timedelta] = None,
                 schema_registry_uri: Optional[str] = None) -> None:
        if schema_registry_uri is not None:
            raise ValueError("schema_registry_uri: this connector does not read or write"
                             " through the Pravega schema registry; use a Flink"
                             " (de)serialization schema such as JsonRowSerializationSchema")
        super().__init__(uri, scope, default_scope=default_scope, credentials=credentials,
                         trust_store=trust_store, validate_hostname=validate_hostname,
                         controller_timeout=controller_timeout)
