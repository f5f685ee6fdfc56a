"""How to reach Pravega: :class:`PravegaConfig`, :class:`PravegaCredentials` and :class:`Stream`;
:class:`StreamPolicy` of the streams the connector creates."""

from datetime import timedelta
from typing import Optional, Union

from pyflink_pravega import _java


class PravegaCredentials:
    """Credentials for the Pravega controller: basic (user name and password) or a custom
    authentication type with its token. Secrets are never shown by ``repr``."""

    def __init__(self, username: Optional[str] = None, password: Optional[str] = None,
                 auth_type: Optional[str] = None, auth_token: Optional[str] = None) -> None:
        basic = username is not None or password is not None
        custom = auth_type is not None or auth_token is not None
        if basic == custom:
            raise ValueError("give either username and password, or auth_type and auth_token")
        if basic and (username is None or password is None):
            raise ValueError("basic credentials need both username and password")
        if custom and (auth_type is None or auth_token is None):
            raise ValueError("custom credentials need both auth_type and auth_token")
        self._username = username
        self._password = password
        self._auth_type = auth_type
        self._auth_token = auth_token

    @classmethod
    def basic(cls, username: str, password: str) -> 'PravegaCredentials':
        """User name and password, for Pravega's basic authentication."""
        return cls(username=username, password=password)

    @classmethod
    def custom(cls, auth_type: str, auth_token: str) -> 'PravegaCredentials':
        """A custom authentication type of the controller's auth plugin, and its token."""
        return cls(auth_type=auth_type, auth_token=auth_token)

    def _to_java(self):
        j_credentials = _java.connector_class("config.PravegaCredentials")
        if self._username is not None:
            return j_credentials.basic(self._username, self._password)
        return j_credentials.custom(self._auth_type, self._auth_token)

    def __repr__(self) -> str:
        if self._username is not None:
            return "PravegaCredentials.basic(username=%r, password='******')" % self._username
        return "PravegaCredentials.custom(auth_type=%r, auth_token='******')" % self._auth_type


class DefaultCredentials(PravegaCredentials):
    """Basic credentials under the name the older Python wrappers used."""

    def __init__(self, username: str, password: str) -> None:
        super().__init__(username=username, password=password)


class Stream:
    """A stream in a scope, for the places that take ``'scope/stream'`` text."""

    def __init__(self, scope: str, stream: str) -> None:
        self.scope = scope
        self.stream = stream

    def __str__(self) -> str:
        return "%s/%s" % (self.scope, self.stream)

    def __repr__(self) -> str:
        return "Stream(%r, %r)" % (self.scope, self.stream)


def stream_name(stream: Union[str, Stream]) -> str:
    """``stream`` or ``scope/stream`` text of a stream given as text or :class:`Stream`."""
    if isinstance(stream, Stream):
        return str(stream)
    if isinstance(stream, str):
        return stream
    raise TypeError("a stream is 'stream', 'scope/stream' or a Stream, not %r" % (stream,))


class PravegaConfig:
    """The Pravega controller to talk to, the default scope of stream names, credentials and
    TLS settings. Wraps the Java ``dev.flinkpravega.connector.config.PravegaConfig``.

    :param uri: the controller URI, ``tcp://host:port`` or ``tls://host:port``.
    :param scope: the scope of stream names given without one, and of reader groups.
    :param default_scope: the same as ``scope`` (the older wrappers' name); give one of the two.
    :param credentials: a :class:`PravegaCredentials`; none by default.
    :param trust_store: path of the trust store (CA certificate) for ``tls://`` URIs.
    :param validate_hostname: whether TLS checks that the certificate names the host.
    :param controller_timeout: how long one call to the controller may take (30 s by default).
    """

    def __init__(self, uri: str, scope: Optional[str] = None, *,
                 default_scope: Optional[str] = None,
                 credentials: Optional[PravegaCredentials] = None,
                 trust_store: Optional[str] = None,
                 validate_hostname: bool = True,
                 controller_timeout: Optional[timedelta] = None) -> None:
        if scope is not None and default_scope is not None and scope != default_scope:
            raise ValueError("scope %r and default_scope %r differ: give one of them"
                             % (scope, default_scope))
        self.uri = uri
        self.scope = scope if scope is not None else default_scope
        self.credentials = credentials
        self.trust_store = trust_store
        self.validate_hostname = validate_hostname
        self.controller_timeout = controller_timeout
        self._j_pravega_config = _java.call(self._build)

    def _build(self):
        builder = _java.connector_class("config.PravegaConfig").builder()
        builder.controllerUri(self.uri)
        if self.scope is not None:
            builder.defaultScope(self.scope)
        if self.credentials is not None:
            builder.credentials(self.credentials._to_java())
        if self.trust_store is not None:
            builder.trustStore(self.trust_store)
        builder.validateHostname(self.validate_hostname)
        if self.controller_timeout is not None:
            builder.controllerTimeout(
                _java.duration(self.controller_timeout, "controller_timeout"))
        return builder.build()

    def __repr__(self) -> str:
        return "PravegaConfig(%s)" % self._j_pravega_config.toString()


class StreamPolicy:
    """Scaling and retention of the streams a :class:`~pyflink_pravega.PravegaSource` or
    :class:`~pyflink_pravega.PravegaSink` creates (``create_stream(s)_if_missing=True``). Wraps
    the Java ``dev.flinkpravega.connector.config.StreamPolicy``; the Java checks run when the
    source or sink is built and fail with ``ValueError``.

    Start with :meth:`fixed`, :meth:`by_event_rate` or :meth:`by_data_rate`, then add retention
    with :meth:`with_retention_time` or :meth:`with_retention_size`. An existing stream is never
    changed; when its policy differs, the job logs a warning.
    """

    def __init__(self, scaling: str, args: tuple, retention: Optional[tuple] = None) -> None:
        self._scaling = scaling
        self._args = args
        self._retention = retention

    @classmethod
    def fixed(cls, segments: int = 1) -> 'StreamPolicy':
        """Exactly ``segments`` segments, never scaled."""
        return cls("fixed", (segments,))

    @classmethod
    def by_event_rate(cls, events_per_second: int, scale_factor: int = 2,
                      min_segments: int = 1) -> 'StreamPolicy':
        """Pravega splits a segment into ``scale_factor`` when it receives more than
        ``events_per_second``, and merges quiet ones down to ``min_segments``."""
        return cls("byEventRate", (events_per_second, scale_factor, min_segments))

    @classmethod
    def by_data_rate(cls, kib_per_second: int, scale_factor: int = 2,
                     min_segments: int = 1) -> 'StreamPolicy':
        """As :meth:`by_event_rate`, with the target rate in KiB per second per segment."""
        return cls("byDataRate", (kib_per_second, scale_factor, min_segments))

    def with_retention_time(self, time: timedelta) -> 'StreamPolicy':
        """This scaling; events older than ``time`` are removed."""
        if not isinstance(time, timedelta):
            raise TypeError("the retention time must be a datetime.timedelta, not %r" % (time,))
        return StreamPolicy(self._scaling, self._args, ("time", time))

    def with_retention_size(self, size_bytes: int) -> 'StreamPolicy':
        """This scaling; the oldest events are removed while the stream holds more than
        ``size_bytes``."""
        if not isinstance(size_bytes, int) or isinstance(size_bytes, bool):
            raise TypeError("the retention size must be a number of bytes (int), not %r"
                            % (size_bytes,))
        return StreamPolicy(self._scaling, self._args, ("size", size_bytes))

    def _to_java(self):
        policy = getattr(_java.connector_class("config.StreamPolicy"), self._scaling)(*self._args)
        if self._retention is None:
            return policy
        kind, value = self._retention
        if kind == "time":
            return policy.withRetentionTime(_java.duration(value, "the retention time"))
        from pyflink.java_gateway import get_gateway
        return policy.withRetentionSize(
            get_gateway().jvm.org.apache.flink.configuration.MemorySize(value))

    def __repr__(self) -> str:
        text = "StreamPolicy.%s%r" % (
            {"fixed": "fixed", "byEventRate": "by_event_rate", "byDataRate": "by_data_rate"}[
                self._scaling], self._args)
        if self._retention is not None:
            text += ".with_retention_%s(%r)" % self._retention
        return text.replace(",)", ")")
