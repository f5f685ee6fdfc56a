"""Writing to a Pravega stream: :class:`PravegaSink`, for ``ds.sink_to(...)``."""

from datetime import timedelta
from typing import Optional, Sequence, Union

from pyflink.common.serialization import SerializationSchema
from pyflink.java_gateway import get_gateway
from pyflink.datastream.connectors import Sink
from pyflink.datastream.connectors.base import DeliveryGuarantee

from pyflink_pravega import _java
from pyflink_pravega.config import PravegaConfig, Stream, StreamPolicy, stream_name


class PravegaSink(Sink):
    """A Flink sink (Sink V2) that writes every record as one event to a Pravega stream; use it
    with ``ds.sink_to(sink)``. Wraps the Java ``dev.flinkpravega.connector.sink.PravegaSink``.

    :param stream: the stream to write, ``'stream'`` (in the config's scope), ``'scope/stream'``
        or a :class:`Stream`.
    :param pravega_config: the :class:`PravegaConfig`.
    :param serialization_schema: turns a record into the event's bytes, e.g.
        ``SimpleStringSchema()`` or ``JsonRowSerializationSchema``.
    :param delivery_guarantee: ``DeliveryGuarantee.AT_LEAST_ONCE`` (the default),
        ``EXACTLY_ONCE`` (one Pravega transaction per checkpoint; needs checkpointing) or
        ``NONE``.
    :param transaction_timeout: with exactly-once, the transactions' lease (at least 10 s,
        default just under 10 min): how long Pravega keeps a transaction open that nobody
        renews. The running sink renews its transactions, so it does not limit the checkpoint
        interval; it must exceed the restart delay plus the time a restore takes.
    :param on_lost_transaction: with exactly-once, what a restored job does with a transaction
        of a completed checkpoint whose lease ran out before its commit: ``'continue'`` (the
        default: ERROR log, ``numLostTransactions`` metric, the job goes on) or ``'fail'`` (the
        job fails without restarts).
    :param batch_size: without exactly-once: the most bytes of events written to Pravega with one
        call while it is behind (default 64 KiB, at most 8 MiB); readers still see single events.
    :param batch_linger: without exactly-once: the longest an event waits for its batch (default
        5 ms); ``timedelta(0)`` turns batching off.
    :param routing_key_fields: for a stream of rows (``Types.ROW_NAMED``): the fields whose
        values, joined with ``','``, form each event's routing key. Events with equal keys stay
        in order. Without it (and without ``routing_key``) events spread over the segments.
    :param routing_key: one routing key for every event: all events in one segment, in order.
    :param watermark_propagation: note Flink's current watermark in Pravega as the writer's
        time, so that readers of the stream get Pravega time windows (``False`` by default).
    :param pravega_metrics: whether the sink registers its Pravega metrics (transactions, events
        pending; ``True`` by default). Flink's own sink metrics stay either way.
    :param create_stream_if_missing: create a missing scope and stream, with ``min_segments``
        segments, instead of failing.
    :param min_segments: the segments of a created stream (1 by default); only with
        ``create_stream_if_missing=True`` and without ``stream_policy``.
    :param stream_policy: the :class:`StreamPolicy` (scaling and retention) of a created
        stream, instead of ``min_segments`` fixed segments; only with
        ``create_stream_if_missing=True``. An existing stream is never changed; one with another
        policy is reported in the job's log.
    """

    def __init__(self,
                 stream: Union[str, Stream],
                 pravega_config: PravegaConfig,
                 serialization_schema: SerializationSchema,
                 *,
                 delivery_guarantee: DeliveryGuarantee = DeliveryGuarantee.AT_LEAST_ONCE,
                 transaction_timeout: Optional[timedelta] = None,
                 on_lost_transaction: Optional[str] = None,
                 batch_size: Optional[int] = None,
                 batch_linger: Optional[timedelta] = None,
                 routing_key_fields: Optional[Sequence[str]] = None,
                 routing_key: Optional[str] = None,
                 watermark_propagation: bool = False,
                 pravega_metrics: bool = True,
                 create_stream_if_missing: bool = False,
                 min_segments: Optional[int] = None,
                 stream_policy: Optional[StreamPolicy] = None) -> None:
        if routing_key_fields is not None and routing_key is not None:
            raise ValueError("give routing_key_fields or routing_key, not both")
        if isinstance(routing_key_fields, str):
            routing_key_fields = [routing_key_fields]
        if not isinstance(delivery_guarantee, DeliveryGuarantee):
            raise TypeError(
                "delivery_guarantee must be a pyflink.datastream.connectors.base."
                "DeliveryGuarantee, not %r" % (delivery_guarantee,))
        if on_lost_transaction is not None and on_lost_transaction not in _ON_LOST_TRANSACTION:
            raise ValueError("on_lost_transaction must be one of %s, not %r"
                             % (", ".join(repr(v) for v in _ON_LOST_TRANSACTION),
                                on_lost_transaction))
        name = stream_name(stream)
        builder = _java.connector_class("sink.PravegaSink").builder()
        routers = _java.connector_class("sink.EventRouters")

        _java.check_stream_creation("create_stream_if_missing", create_stream_if_missing,
                                    min_segments, stream_policy)
        _java.check_bool("watermark_propagation", watermark_propagation)
        _java.check_bool("pravega_metrics", pravega_metrics)

        def build():
            builder.withPravegaConfig(pravega_config._j_pravega_config)
            builder.forStream(name)
            builder.withSerializationSchema(serialization_schema._j_serialization_schema)
            builder.withDeliveryGuarantee(delivery_guarantee._to_j_delivery_guarantee())
            if transaction_timeout is not None:
                builder.withTransactionTimeout(
                    _java.duration(transaction_timeout, "transaction_timeout"))
            if on_lost_transaction is not None:
                builder.withOnLostTransaction(
                    _java.connector_class("sink.OnLostTransaction")
                    .valueOf(on_lost_transaction.upper()))
            if batch_size is not None or batch_linger is not None:
                builder.withBatching(*_batching(batch_size, batch_linger))
            if routing_key_fields is not None:
                builder.withEventRouter(
                    routers.rowFields(_java.string_array(list(routing_key_fields))))
            if routing_key is not None:
                builder.withEventRouter(routers.fixed(routing_key))
            builder.withWatermarkPropagation(watermark_propagation)
            builder.withPravegaMetrics(pravega_metrics)
            if stream_policy is not None:
                builder.withCreateStreamIfMissing(
                    create_stream_if_missing, stream_policy._to_java())
            elif create_stream_if_missing:
                builder.withCreateStreamIfMissing(
                    True, 1 if min_segments is None else min_segments)
            return builder.build()

        super().__init__(_java.call(build))

    # The variable name in the TypeError of add_sink.
    _example_name = "sink"

    def get_java_function(self):
        """The Java sink, for ``ds.sink_to``; refuses PyFlink's ``ds.add_sink``, which takes
        only the removed ``SinkFunction``."""
        # PyFlink's add_sink and sink_to both call this method: tell them apart by the caller.
        if _java.called_by_pyflink("add_sink"):
            raise TypeError(
                "{1} is a Sink V2 sink, not a SinkFunction: use ds.sink_to({0}) instead of"
                " ds.add_sink({0})".format(self._example_name, type(self).__name__))
        return super().get_java_function()


_ON_LOST_TRANSACTION = ("continue", "fail")


def _batching(size: Optional[int], linger: Optional[timedelta]):
    """The Java batch size and linger; the sink default for the one not given."""
    defaults = _java.connector_class("sink.PravegaSinkConfig")
    if size is None:
        j_size = defaults.DEFAULT_BATCH_SIZE
    elif isinstance(size, int) and not isinstance(size, bool):
        j_size = get_gateway().jvm.org.apache.flink.configuration.MemorySize(size)
    else:
        raise TypeError("batch_size must be a number of bytes (int), not %r" % (size,))
    if linger is None:
        j_linger = defaults.DEFAULT_BATCH_LINGER
    else:
        j_linger = _java.duration(linger, "batch_linger", allow_zero=True)
    return j_size, j_linger
