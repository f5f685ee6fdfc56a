"""Positions in a stream: :class:`StreamCut`."""

from typing import Optional, Union

from pyflink_pravega import _java
from pyflink_pravega.config import PravegaConfig, Stream, stream_name


class StreamCut:
    """A position in a stream, where a :class:`~pyflink_pravega.PravegaSource` starts or ends.

    - ``StreamCut.head()``: the oldest retained event (a start only).
    - ``StreamCut.tail()``: the end of the stream when the job starts. As a start the source reads
      only newer events; as an end the source is bounded and stops there.
    - ``StreamCut.UNBOUNDED()``: the older wrappers' default: from the head as a start, never
      stopping as an end.
    - ``StreamCut.from_base64(text)``: a concrete cut, the text of Java's ``StreamCut#asText()``;
      ``StreamCut.current_tail(config, stream)`` takes one now.
    """

    _HEAD = "head"
    _TAIL = "tail"
    _UNBOUNDED = "unbounded"
    _CUT = "cut"

    def __init__(self, kind: str, base64: Optional[str] = None) -> None:
        self._kind = kind
        self._base64 = base64

    @classmethod
    def head(cls) -> 'StreamCut':
        return cls(cls._HEAD)

    @classmethod
    def tail(cls) -> 'StreamCut':
        return cls(cls._TAIL)

    @classmethod
    def UNBOUNDED(cls) -> 'StreamCut':  # noqa: N802 - the older wrappers' name
        return cls(cls._UNBOUNDED)

    @classmethod
    def from_base64(cls, base64: str) -> 'StreamCut':
        """A cut from its base64 text; ``ValueError`` if the text is not a stream cut."""
        if not isinstance(base64, str):
            raise TypeError("a stream cut's base64 text must be a str, not %r" % (base64,))
        j_stream_cuts = _java.connector_class("config.StreamCuts")
        _java.call(lambda: j_stream_cuts.parse(base64))
        return cls(cls._CUT, base64.strip())

    @classmethod
    def current_tail(cls, pravega_config: PravegaConfig,
                     stream: Union[str, Stream]) -> 'StreamCut':
        """The concrete cut at the tail of ``stream`` now (asks the controller)."""
        j_stream_cuts = _java.connector_class("config.StreamCuts")
        return cls(cls._CUT, _java.call(lambda: j_stream_cuts.currentTail(
            pravega_config._j_pravega_config, stream_name(stream))))

    @classmethod
    def current_head(cls, pravega_config: PravegaConfig,
                     stream: Union[str, Stream]) -> 'StreamCut':
        """The concrete cut at the head of ``stream`` now (asks the controller)."""
        j_stream_cuts = _java.connector_class("config.StreamCuts")
        return cls(cls._CUT, _java.call(lambda: j_stream_cuts.currentHead(
            pravega_config._j_pravega_config, stream_name(stream))))

    def to_base64(self) -> str:
        """The base64 text of a concrete cut, as the SQL options ``scan.*.stream-cuts`` take it."""
        if self._kind != self._CUT:
            raise ValueError("%r has no base64 text: only concrete cuts have one" % self)
        return self._base64

    @property
    def is_concrete(self) -> bool:
        return self._kind == self._CUT

    def __eq__(self, other) -> bool:
        return (isinstance(other, StreamCut) and self._kind == other._kind
                and self._base64 == other._base64)

    def __hash__(self) -> int:
        return hash((self._kind, self._base64))

    def __repr__(self) -> str:
        if self._kind == self._CUT:
            return "StreamCut.from_base64(%r)" % self._base64
        if self._kind == self._UNBOUNDED:
            return "StreamCut.UNBOUNDED()"
        return "StreamCut.%s()" % self._kind
