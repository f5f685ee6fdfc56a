"""The older Python wrappers' ``pravega_reader`` module, over :mod:`pyflink_pravega`.

``FlinkPravegaReader`` takes the older parameters and is a FLIP-27 source: use it with
``env.from_source(reader, WatermarkStrategy.no_watermarks(), 'pravega')`` (or
``reader.add_to(env)``, which also sets ``uid``); ``env.add_source(reader)`` raises a
``TypeError`` that says so.
"""

import warnings
from datetime import timedelta
from typing import Optional, Union

from pyflink.common import WatermarkStrategy
from pyflink.common.serialization import DeserializationSchema

from pyflink_pravega import PravegaSource, Stream, StreamCut
from pyflink_pravega import _java
from pravega_config import PravegaConfig

__all__ = ["FlinkPravegaReader", "Stream", "StreamCut"]


class FlinkPravegaReader(PravegaSource):
    """:class:`pyflink_pravega.PravegaSource` under the older name and parameters, in their
    older positional order.

    :param stream: ``'stream'``, ``'scope/stream'`` or a :class:`Stream`.
    :param pravega_config: the :class:`PravegaConfig`.
    :param deserialization_schema: e.g. ``SimpleStringSchema()``.
    :param start_stream_cut: ``StreamCut.UNBOUNDED()`` (the default: the head) or a concrete
        ``StreamCut.from_base64(...)``; ``StreamCut.head()`` and ``tail()`` work too.
    :param end_stream_cut: ``StreamCut.UNBOUNDED()`` (the default: never stop) or a concrete cut,
        which makes the source bounded.
    :param enable_metrics: the Pravega reader metrics (``pravega_metrics``; on by default).
    :param uid: the uid of the source operator, which identifies its state in savepoints. Set
        by :meth:`add_to`; with ``env.from_source`` call ``.uid(uid)`` on the returned stream.
    :param reader_group_scope: scope of the reader group; the config's scope by default.
    :param reader_group_name: name of the reader group; a new random one by default.
    :param reader_group_refresh_time: how often readers refresh the group's state (3 s).
    :param checkpoint_initiate_timeout: ``checkpoint_timeout``: how long the reader-group
        checkpoint behind a Flink checkpoint may take (5 min; the older connector's 5 s bounded
        only its start).
    :param event_read_timeout: how long one read waits for an event on an idle stream (1 s).
    :param max_outstanding_checkpoint_request: ``max_outstanding_checkpoint_requests``: how many
        reader-group checkpoints may be outstanding at once (10 by default; at least 2).
    """

    _example_name = "reader"

    def __init__(self,
                 stream: Union[str, Stream],
                 pravega_config: PravegaConfig,
                 deserialization_schema: DeserializationSchema,
                 start_stream_cut: StreamCut = StreamCut.UNBOUNDED(),
                 end_stream_cut: StreamCut = StreamCut.UNBOUNDED(),
                 enable_metrics: bool = True,
                 uid: Optional[str] = None,
                 reader_group_scope: Optional[str] = None,
                 reader_group_name: Optional[str] = None,
                 reader_group_refresh_time: Optional[timedelta] = None,
                 checkpoint_initiate_timeout: Optional[timedelta] = None,
                 event_read_timeout: Optional[timedelta] = None,
                 max_outstanding_checkpoint_request: Optional[int] = None) -> None:
        if uid is not None and not isinstance(uid, str):
            raise TypeError("uid must be a str, not %r" % (uid,))
        super().__init__(stream, pravega_config, deserialization_schema,
                         start_stream_cut, end_stream_cut,
                         reader_group_scope=reader_group_scope,
                         reader_group_name=reader_group_name,
                         reader_group_refresh_time=reader_group_refresh_time,
                         event_read_timeout=event_read_timeout,
                         checkpoint_timeout=checkpoint_initiate_timeout,
                         max_outstanding_checkpoint_requests=max_outstanding_checkpoint_request,
                         pravega_metrics=enable_metrics)
        self.uid = uid
        self._adding = False

    def add_to(self, env, watermark_strategy: Optional[WatermarkStrategy] = None,
               source_name: str = "FlinkPravegaReader"):
        """``env.from_source(self, watermark_strategy, source_name)`` with this reader's ``uid``
        set on the source operator; no watermarks unless a strategy is given. Returns the
        ``DataStream``."""
        if watermark_strategy is None:
            watermark_strategy = WatermarkStrategy.no_watermarks()
        self._adding = True
        try:
            ds = env.from_source(self, watermark_strategy, source_name)
        finally:
            self._adding = False
        return ds if self.uid is None else ds.uid(self.uid)

    def get_java_function(self):
        # env.from_source cannot set the operator uid: say so instead of dropping it.
        if self.uid is not None and not self._adding and _java.called_by_pyflink("from_source"):
            warnings.warn(
                "FlinkPravegaReader uid %r is not set by env.from_source: call .uid(%r) on the"
                " stream it returns, or use reader.add_to(env)" % (self.uid, self.uid),
                stacklevel=3)
        return super().get_java_function()
