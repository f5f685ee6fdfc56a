"""The older Python wrappers' ``pravega_writer`` module, over :mod:`pyflink_pravega`.

``FlinkPravegaWriter`` takes the older parameters and is a Sink V2 sink: use it with
``ds.sink_to(writer)``; ``ds.add_sink(writer)`` raises a ``TypeError`` that says so.
"""

import warnings
from datetime import timedelta
from enum import Enum
from typing import Optional, Union

from pyflink.common.serialization import SerializationSchema
from pyflink.datastream.connectors.base import DeliveryGuarantee

from pyflink_pravega import PravegaSink as _PravegaSink
from pyflink_pravega import Stream
from pravega_config import PravegaConfig

__all__ = ["FlinkPravegaWriter", "PravegaSink", "PravegaWriterMode", "Stream"]


class PravegaWriterMode(Enum):
    """The older writer modes; each is one of Flink's delivery guarantees."""

    BEST_EFFORT = 0
    """Write failures may lose events: ``DeliveryGuarantee.NONE``."""
    ATLEAST_ONCE = 1
    """Every event is in Pravega after the checkpoint, maybe twice after a failure:
    ``DeliveryGuarantee.AT_LEAST_ONCE``."""
    EXACTLY_ONCE = 2
    """One Pravega transaction per checkpoint; needs checkpointing:
    ``DeliveryGuarantee.EXACTLY_ONCE``."""

    def to_delivery_guarantee(self) -> DeliveryGuarantee:
        return {PravegaWriterMode.BEST_EFFORT: DeliveryGuarantee.NONE,
                PravegaWriterMode.ATLEAST_ONCE: DeliveryGuarantee.AT_LEAST_ONCE,
                PravegaWriterMode.EXACTLY_ONCE: DeliveryGuarantee.EXACTLY_ONCE}[self]


class FlinkPravegaWriter(_PravegaSink):
    """:class:`pyflink_pravega.PravegaSink` under the older name and parameters, in their older
    positional order.

    :param stream: ``'stream'``, ``'scope/stream'`` or a :class:`Stream`.
    :param pravega_config: the :class:`PravegaConfig`.
    :param serialization_schema: e.g. ``SimpleStringSchema()``.
    :param enable_metrics: the Pravega writer metrics (``pravega_metrics``; on by default).
    :param writer_mode: a :class:`PravegaWriterMode` (``delivery_guarantee``;
        ``ATLEAST_ONCE`` by default).
    :param enable_watermark: note Flink's watermark in Pravega as the writer's time
        (``watermark_propagation``; off by default).
    :param txn_lease_renewal_period: with ``EXACTLY_ONCE``: ``transaction_timeout``, the lease
        of the writer's Pravega transactions, as the older connector passed it to Pravega (at
        least 10 s; just under 10 min by default, the older connector's was 30 s). With another
        writer mode it has no effect, and a warning says so.
    """

    _example_name = "writer"

    def __init__(self,
                 stream: Union[str, Stream],
                 pravega_config: PravegaConfig,
                 serialization_schema: SerializationSchema,
                 enable_metrics: bool = True,
                 writer_mode: PravegaWriterMode = PravegaWriterMode.ATLEAST_ONCE,
                 enable_watermark: bool = False,
                 txn_lease_renewal_period: Optional[timedelta] = None) -> None:
        if not isinstance(writer_mode, PravegaWriterMode):
            raise TypeError("writer_mode must be a pravega_writer.PravegaWriterMode, not %r"
                            % (writer_mode,))
        if (txn_lease_renewal_period is not None
                and writer_mode is not PravegaWriterMode.EXACTLY_ONCE):
            warnings.warn(
                "txn_lease_renewal_period applies only to PravegaWriterMode.EXACTLY_ONCE (the"
                " lease of its transactions); with %s it has no effect" % writer_mode.name,
                stacklevel=2)
        super().__init__(stream, pravega_config, serialization_schema,
                         delivery_guarantee=writer_mode.to_delivery_guarantee(),
                         transaction_timeout=(
                             txn_lease_renewal_period
                             if writer_mode is PravegaWriterMode.EXACTLY_ONCE else None),
                         watermark_propagation=enable_watermark,
                         pravega_metrics=enable_metrics)
        self.writer_mode = writer_mode


class PravegaSink(FlinkPravegaWriter):
    """The older ``pravega_writer.PravegaSink``: the same as :class:`FlinkPravegaWriter`."""

    _example_name = "sink"
