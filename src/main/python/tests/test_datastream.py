"""PravegaSource and PravegaSink from the PyFlink DataStream API."""

from collections import defaultdict
from datetime import timedelta

import pytest
from pyflink.common import Row, Types, WatermarkStrategy
from pyflink.common.serialization import SimpleStringSchema
from pyflink.datastream.connectors.base import DeliveryGuarantee
from pyflink.datastream.formats.json import (JsonRowDeserializationSchema,
                                             JsonRowSerializationSchema)

from pyflink_pravega import (PravegaConfig, PravegaCredentials, PravegaSink, PravegaSource,
                             Stream, StreamCut, StreamPolicy)

# A real stream cut's text (Java's StreamCut#asText()), for tests that only build sources.
A_CUT = "H4sIAAAAAAAA/zOwSq0oMNIvyi8vtjLUMdIxsDLQAUIrYxNjMx0wYWhuaAEATaq9sCYAAAA="
ROW_TYPE = Types.ROW_NAMED(["user", "n"], [Types.STRING(), Types.INT()])


def read_all(env, source):
    return list(env.from_source(source, WatermarkStrategy.no_watermarks(), "pravega")
                .execute_and_collect("read"))


def write_rows(env, config, stream, rows, **sink_options):
    env.from_collection(rows, type_info=ROW_TYPE).sink_to(PravegaSink(
        stream, config, JsonRowSerializationSchema.builder().with_type_info(ROW_TYPE).build(),
        routing_key_fields=["user"], **sink_options))
    env.execute("write")


def rows(first, count):
    return [Row("user-%d" % (i % 5), i) for i in range(first, first + count)]


def test_rows_between_two_stream_cuts_in_the_order_of_each_routing_key(stream_env, pravega_uri,
                                                                        scope):
    # One writer and one reader: the events of each routing key stay in the written order.
    stream_env.set_parallelism(1)
    config = PravegaConfig(pravega_uri, scope)
    write_rows(stream_env, config, "rows", rows(0, 50),
               delivery_guarantee=DeliveryGuarantee.AT_LEAST_ONCE,
               create_stream_if_missing=True, min_segments=3)
    start = StreamCut.current_tail(config, "rows")
    write_rows(stream_env, config, "rows", rows(50, 200))
    end = StreamCut.from_base64(StreamCut.current_tail(config, "%s/rows" % scope).to_base64())
    write_rows(stream_env, config, "rows", rows(250, 50))

    read = read_all(stream_env, PravegaSource(
        "rows", config, JsonRowDeserializationSchema.builder().type_info(ROW_TYPE).build(),
        start_stream_cut=start, end_stream_cut=end))

    assert sorted(row.n for row in read) == list(range(50, 250))
    by_user = defaultdict(list)
    for row in read:
        by_user[row.user].append(row.n)
    assert sorted(by_user) == ["user-%d" % i for i in range(5)]
    for user, numbers in by_user.items():
        assert all(int(user[5:]) == n % 5 for n in numbers)
        assert numbers == sorted(numbers), "events of routing key %s out of order" % user


def test_unknown_routing_key_field_is_named_when_the_job_is_built(stream_env, pravega_uri,
                                                                  scope):
    config = PravegaConfig(pravega_uri, scope)
    sink = PravegaSink(
        "rows", config, JsonRowSerializationSchema.builder().with_type_info(ROW_TYPE).build(),
        routing_key_fields=["customer"])

    with pytest.raises(Exception) as failure:
        stream_env.from_collection([Row("a", 1)], type_info=ROW_TYPE).sink_to(sink)
        stream_env.execute("never runs")

    assert ("routing key field 'customer' is not a field of the stream's rows; fields:"
            " [user, n]") in str(failure.value)


def test_source_settings_reach_the_java_source(pravega_uri):
    config = PravegaConfig(pravega_uri, "web")
    source = PravegaSource(
        ["clicks", Stream("logs", "views")], config, SimpleStringSchema(),
        start_stream_cut=StreamCut.tail(),
        end_stream_cut={"clicks": StreamCut.from_base64(A_CUT), "logs/views": StreamCut.from_base64(A_CUT)},
        reader_group_scope="groups", reader_group_name="my-readers",
        reader_group_refresh_time=timedelta(seconds=7), event_read_timeout=timedelta(milliseconds=250),
        checkpoint_timeout=timedelta(minutes=2), tolerable_checkpoint_timeouts=3).get_java_function()

    assert [s.toString() for s in source.config().streams()] == ["web/clicks", "logs/views"]
    assert source.config().startupMode().toString() == "latest"
    assert source.config().boundedMode().toString() == "stream-cut"
    assert {k.toString(): v for k, v in source.config().endStreamCuts().items()} == {
        "web/clicks": A_CUT, "logs/views": A_CUT}
    assert (source.config().readerGroupScope(), source.config().readerGroupName()) == ("groups", "my-readers")
    assert source.config().readerGroupRefreshInterval().toMillis() == 7000
    assert source.config().eventReadTimeout().toMillis() == 250
    assert source.config().checkpointTimeout().toMillis() == 120000
    assert source.config().tolerableCheckpointTimeouts() == 3
    with pytest.raises(ValueError, match="tolerable_checkpoint_timeouts must be an int of 0 or more"):
        PravegaSource("clicks", config, SimpleStringSchema(), tolerable_checkpoint_timeouts=-1)


def test_sink_settings_reach_the_java_sink(pravega_uri):
    config = PravegaConfig(pravega_uri, "web", credentials=PravegaCredentials.basic("u", "secret"))
    sink = PravegaSink(
        "logs/views", config, SimpleStringSchema(),
        delivery_guarantee=DeliveryGuarantee.EXACTLY_ONCE,
        transaction_timeout=timedelta(minutes=3), on_lost_transaction="fail",
        routing_key="k").get_java_function()

    assert sink.config().stream().toString() == "logs/views"
    assert sink.config().deliveryGuarantee().toString() == "exactly-once"
    assert sink.config().transactionTimeout().toMillis() == 180000
    assert sink.config().onLostTransaction().toString() == "fail"
    assert sink.eventRouter().getRoutingKey("anything") == "k"
    assert "secret" not in repr(config) and "secret" not in sink.config().connection().toString()
    assert sink.config().batchSize().getBytes() == 64 * 1024


def test_stream_policy_reaches_the_java_source_and_sink(pravega_uri):
    config = PravegaConfig(pravega_uri, "web")
    by_events = StreamPolicy.by_event_rate(100, scale_factor=3, min_segments=2) \
        .with_retention_time(timedelta(days=1))
    sink = PravegaSink("clicks", config, SimpleStringSchema(), create_stream_if_missing=True,
                       stream_policy=by_events).get_java_function()
    source = PravegaSource("clicks", config, SimpleStringSchema(), create_streams_if_missing=True,
                           stream_policy=StreamPolicy.by_data_rate(512)
                           .with_retention_size(1 << 30)).get_java_function()
    fixed = PravegaSink("clicks", config, SimpleStringSchema(), create_stream_if_missing=True,
                        min_segments=3).get_java_function()

    assert sink.config().createStreamIfMissing()
    assert sink.config().requestedStreamPolicy().toString() == (
        "by-event-rate (target rate 100 events/s per segment, scale factor 3, at least 2"
        " segments), retention time (1 d)")
    assert source.config().requestedStreamPolicy().toString() == (
        "by-data-rate (target rate 512 KiB/s per segment, scale factor 2, at least 1 segments),"
        " retention size (1 gb)")
    assert fixed.config().requestedStreamPolicy().toString() == "fixed (3 segments), retention none"
    assert repr(StreamPolicy.fixed(3)) == "StreamPolicy.fixed(3)"
    with pytest.raises(ValueError, match="the scale factor must be at least 2"):
        PravegaSink("clicks", config, SimpleStringSchema(), create_stream_if_missing=True,
                    stream_policy=StreamPolicy.by_event_rate(100, scale_factor=1))
    with pytest.raises(TypeError, match="stream_policy must be a pyflink_pravega.StreamPolicy"):
        PravegaSource("clicks", config, SimpleStringSchema(), stream_policy="fixed")


def test_sink_creates_its_stream_with_the_stream_policy(stream_env, pravega_uri, scope):
    config = PravegaConfig(pravega_uri, scope)
    write_rows(stream_env, config, "scaling", rows(0, 10), create_stream_if_missing=True,
               stream_policy=StreamPolicy.by_event_rate(50).with_retention_time(timedelta(hours=2)))

    from pyflink_pravega import _java
    admin = _java.connector_class("config.PravegaAdmin")(config._j_pravega_config)
    try:
        configuration = admin.configuration(_java.connector_class("config.StreamRef").of(
            scope, "scaling"))
        described = _java.connector_class("config.StreamPolicy").describe(configuration)
    finally:
        admin.close()
    assert described == ("by-event-rate (target rate 50 events/s per segment, scale factor 2,"
                         " at least 1 segments), retention time (2 h)")


def test_batching_settings_reach_the_java_sink(pravega_uri):
    config = PravegaConfig(pravega_uri, "web")
    sink = PravegaSink("clicks", config, SimpleStringSchema(),
                       batch_size=1024 * 1024, batch_linger=timedelta(milliseconds=20))
    java = sink.get_java_function()
    assert java.config().batchSize().getBytes() == 1024 * 1024
    assert java.config().batchLinger().toMillis() == 20

    only_linger = PravegaSink("clicks", config, SimpleStringSchema(),
                              batch_linger=timedelta(0)).get_java_function()
    assert only_linger.config().batchLinger().isZero()
    assert only_linger.config().batchSize().getBytes() == 64 * 1024

    with pytest.raises(ValueError, match="between 1 byte and 8 MiB"):
        PravegaSink("clicks", config, SimpleStringSchema(), batch_size=0)
    with pytest.raises(ValueError, match="batch_linger must be a timedelta of zero or more"):
        PravegaSink("clicks", config, SimpleStringSchema(), batch_linger=timedelta(seconds=-1))
    with pytest.raises(ValueError, match="applies only to NONE and AT_LEAST_ONCE"):
        PravegaSink("clicks", config, SimpleStringSchema(), batch_size=1024,
                    delivery_guarantee=DeliveryGuarantee.EXACTLY_ONCE)
    with pytest.raises(ValueError, match="on_lost_transaction must be one of 'continue', 'fail'"):
        PravegaSink("clicks", config, SimpleStringSchema(), on_lost_transaction="ignore",
                    delivery_guarantee=DeliveryGuarantee.EXACTLY_ONCE)
    with pytest.raises(ValueError, match="at least 10 s"):
        PravegaSink("clicks", config, SimpleStringSchema(), transaction_timeout=timedelta(seconds=5),
                    delivery_guarantee=DeliveryGuarantee.EXACTLY_ONCE)


def test_wrappers_turn_java_argument_errors_into_value_errors(pravega_uri):
    config = PravegaConfig(pravega_uri, "web")
    with pytest.raises(ValueError, match="'not a cut' is not a base64 Pravega StreamCut"):
        StreamCut.from_base64("not a cut")
    with pytest.raises(ValueError, match="'bad scope!' is not a valid Pravega scope name"):
        PravegaConfig(pravega_uri, "bad scope!")
    with pytest.raises(ValueError, match="a read cannot end at the head"):
        PravegaSource("clicks", config, SimpleStringSchema(), end_stream_cut=StreamCut.head())
    with pytest.raises(ValueError, match="needs exactly one stream"):
        PravegaSource(["a", "b"], config, SimpleStringSchema(),
                      start_stream_cut=StreamCut.from_base64(A_CUT))
    with pytest.raises(ValueError, match="no start stream cut for stream 'web/b'"):
        PravegaSource(["a", "b"], config, SimpleStringSchema(),
                      start_stream_cut={"a": StreamCut.from_base64(A_CUT)})
    with pytest.raises(ValueError, match="give routing_key_fields or routing_key, not both"):
        PravegaSink("clicks", config, SimpleStringSchema(), routing_key="k",
                    routing_key_fields=["k"])
