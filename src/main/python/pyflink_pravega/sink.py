"""Writing to a Pravega stream: :class:`PravegaSink`, for ``ds.sink_to(...)``."""

from datetime import timedelta
from typing import Optional, Sequence, Union

from pyflink.common.serialization import SerializationSchema
from pyflink.datastream.connectors import Sink
from pyflink.datastream.connectors.base import DeliveryGuarantee

from pyflink_pravega import _java
from pyflink_pravega.config import PravegaConfig, Stream, stream_name


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
    :param transaction_timeout: with exactly-once, how long a transaction may stay open; it must
        exceed the checkpoint interval plus the time a restore takes (just under 10 min).
    :param routing_key_fields: for a stream of rows (``Types.ROW_NAMED``): the fields whose
        values, joined with ``','``, form each event's routing key. Events with equal keys stay
        in order. Without it (and without ``routing_key``) events spread over the segments.
    :param routing_key: one routing key for every event: all events in one segment, in order.
    :param create_stream_if_missing: create a missing scope and stream, with ``min_segments``
        segments, instead of failing.
    """

    def __init__(self,
                 stream: Union[str, Stream],
                 pravega_config: PravegaConfig,
                 serialization_schema: SerializationSchema,
                 *,
                 delivery_guarantee: DeliveryGuarantee = DeliveryGuarantee.AT_LEAST_ONCE,
                 transaction_timeout: Optional[timedelta] = None,
                 routing_key_fields: Optional[Sequence[str]] = None,
                 routing_key: Optional[str] = None,
                 create_stream_if_missing: bool = False,
                 min_segments: int = 1) -> None:
        if routing_key_fields is not None and routing_key is not None:
            raise ValueError("give routing_key_fields or routing_key, not both")
        if isinstance(routing_key_fields, str):
            routing_key_fields = [routing_key_fields]
        if not isinstance(delivery_guarantee, DeliveryGuarantee):
            raise TypeError(
                "delivery_guarantee must be a pyflink.datastream.connectors.base."
                "DeliveryGuarantee, not %r" % (delivery_guarantee,))
        name = stream_name(stream)
        builder = _java.connector_class("sink.PravegaSink").builder()
        routers = _java.connector_class("sink.EventRouters")

        def build():
            builder.withPravegaConfig(pravega_config._j_pravega_config)
            builder.forStream(name)
            builder.withSerializationSchema(serialization_schema._j_serialization_schema)
            builder.withDeliveryGuarantee(delivery_guarantee._to_j_delivery_guarantee())
            if transaction_timeout is not None:
                builder.withTransactionTimeout(
                    _java.duration(transaction_timeout, "transaction_timeout"))
            if routing_key_fields is not None:
                builder.withEventRouter(
                    routers.rowFields(_java.string_array(list(routing_key_fields))))
            if routing_key is not None:
                builder.withEventRouter(routers.fixed(routing_key))
            if create_stream_if_missing:
                builder.withCreateStreamIfMissing(True, min_segments)
            return builder.build()

        super().__init__(_java.call(build))
