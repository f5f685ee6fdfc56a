"""The older Python wrappers' API (``pravega_config``, ``pravega_reader``, ``pravega_writer`` of
pravega/flink-connectors) on this connector.

The three examples of the older guide run as written there, except: ``add_source``/``add_sink``
become ``from_source``/``sink_to``, the URI and jar come from the fixtures, the stream is
created first, and the reader example stops at the stream's tail and collects what it reads
(instead of reading forever and printing), so that the test can check it. The state demo as
printed cannot run on any PyFlink (nor did it with the older connector): its MapFunction
returns tuples for a ROW output type, and it gives rows to SimpleStringSchema (a
ClassCastException in Java); here the function returns Rows and the rows become text
(``str``) before the writer. Its Python functions run on this virtual environment's Python.
"""

import importlib.metadata
import sys
import warnings
from collections import Counter
from datetime import timedelta

import pytest
from pyflink.common import Row, Types, WatermarkStrategy
from pyflink.common.serialization import SimpleStringSchema
from pyflink.datastream import CheckpointingMode, StreamExecutionEnvironment
from pyflink.datastream.connectors.base import DeliveryGuarantee
from pyflink.datastream.connectors.number_seq import NumberSequenceSource
from pyflink.datastream.functions import MapFunction, RuntimeContext
from pyflink.datastream.state import ValueStateDescriptor

from pravega_config import DefaultCredentials, PravegaConfig, Stream, StreamCut
from pravega_reader import FlinkPravegaReader
from pravega_writer import FlinkPravegaWriter, PravegaWriterMode
import pravega_reader
import pravega_writer
import pyflink_pravega
from pyflink_pravega import PravegaSink, PravegaSource, StreamPolicy, _java

A_CUT = "H4sIAAAAAAAA/zOwSq0oMNIvyi8vtjLUMdIxsDLQAUIrYxNjMx0wYWhuaAEATaq9sCYAAAA="


def create_stream(config, stream):
    admin = _java.connector_class("config.PravegaAdmin")(config._j_pravega_config)
    try:
        admin.ensureStream(_java.connector_class("config.StreamRef").parse(stream, config.scope),
                           True, None)
    finally:
        admin.close()


def read_back(env, config, stream):
    """Everything in ``stream`` now, with a FlinkPravegaReader that ends at the current tail."""
    reader = FlinkPravegaReader(stream, config, SimpleStringSchema(),
                                end_stream_cut=StreamCut.current_tail(config, stream))
    with env.from_source(reader, WatermarkStrategy.no_watermarks(), "read back") \
            .execute_and_collect("read back") as results:
        return list(results)


class MyMapFunction(MapFunction):
    def open(self, runtime_context: RuntimeContext):
        state_desc = ValueStateDescriptor('cnt', Types.PICKLED_BYTE_ARRAY())
        self.cnt_state = runtime_context.get_state(state_desc)

    def map(self, value):
        cnt = self.cnt_state.value()
        if cnt is None or cnt < 2:
            self.cnt_state.update(1 if cnt is None else cnt + 1)
            return Row(value[0], value[1] + 1)
        else:
            return Row(value[0], value[1])


def test_guide_state_access_demo_writes_its_counts(stream_env, sql_jar_url, pravega_uri, scope):
    # stream_env: the jar is loaded for create_stream, before the example makes its own env.
    CONTROLLER_URI, SCOPE, STREAM = pravega_uri, scope, 'stream'
    create_stream(PravegaConfig(CONTROLLER_URI, SCOPE), STREAM)

    # The guide's state_access_demo(), with env.add_jars and sink_to.
    env = StreamExecutionEnvironment.get_execution_environment()
    env.add_jars(sql_jar_url)
    env.set_python_executable(sys.executable)  # the map functions' Python: this venv's
    seq_num_source = NumberSequenceSource(1, 10000)
    ds = env.from_source(
        source=seq_num_source,
        watermark_strategy=WatermarkStrategy.for_monotonous_timestamps(),
        source_name='seq_num_source',
        type_info=Types.LONG())
    ds = ds.map(lambda a: Row(a % 4, 1), output_type=Types.ROW([Types.LONG(), Types.LONG()])) \
           .key_by(lambda a: a[0]) \
           .map(MyMapFunction(), output_type=Types.ROW([Types.LONG(), Types.LONG()]))
    pravega_config = PravegaConfig(uri=CONTROLLER_URI, scope=SCOPE)
    pravega_writer = FlinkPravegaWriter(
        stream=STREAM,
        pravega_config=pravega_config,
        serialization_schema=SimpleStringSchema())
    ds.map(str, output_type=Types.STRING()).sink_to(pravega_writer)
    env.execute('state_access_demo')

    # Each of the 4 keys: its first two rows counted up to 2, its other 2498 rows stay at 1.
    written = Counter(read_back(env, pravega_config, STREAM))
    assert written == {**{"<Row(%d, 2)>" % k: 2 for k in range(4)},
                       **{"<Row(%d, 1)>" % k: 2498 for k in range(4)}}


def test_guide_writer_and_reader_examples(stream_env, sql_jar_url, pravega_uri, scope):
    CONTROLLER_URI, SCOPE, STREAM = pravega_uri, scope, 'stream'
    create_stream(PravegaConfig(CONTROLLER_URI, SCOPE), STREAM)

    # The guide's writer example, with sink_to.
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(1)
    env.enable_checkpointing(1000, CheckpointingMode.EXACTLY_ONCE)
    env.add_jars(sql_jar_url)
    pravega_config = PravegaConfig(uri=CONTROLLER_URI, scope=SCOPE)
    pravega_writer = FlinkPravegaWriter(stream=STREAM,
                                        pravega_config=pravega_config,
                                        writer_mode=PravegaWriterMode.ATLEAST_ONCE,
                                        serialization_schema=SimpleStringSchema())
    ds = env.from_collection(collection=['a', 'bb', 'ccc'],
                             type_info=Types.STRING())
    ds.sink_to(pravega_writer)
    env.execute("writer_example")

    # The guide's reader example, with from_source, an end at today's tail and a collect.
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(1)
    env.add_jars(sql_jar_url)
    pravega_config = PravegaConfig(CONTROLLER_URI, SCOPE)
    pravega_reader = FlinkPravegaReader(
        stream=STREAM,
        pravega_config=pravega_config,
        deserialization_schema=SimpleStringSchema(),
        enable_metrics=False,
        end_stream_cut=StreamCut.current_tail(pravega_config, STREAM))
    ds = env.from_source(pravega_reader, WatermarkStrategy.no_watermarks(), "pravega")
    with ds.execute_and_collect("reader_example") as results:
        assert list(results) == ['a', 'bb', 'ccc']


def test_exactly_once_writer_mode_writes_in_transactions(stream_env, pravega_uri, scope):
    stream_env.set_parallelism(1)
    stream_env.enable_checkpointing(500)
    config = PravegaConfig(pravega_uri, scope)
    create_stream(config, "once")
    writer = FlinkPravegaWriter("once", config, SimpleStringSchema(),
                                writer_mode=PravegaWriterMode.EXACTLY_ONCE,
                                txn_lease_renewal_period=timedelta(seconds=30))
    assert writer.get_java_function().config().transactionTimeout().toMillis() == 30000
    stream_env.from_collection(["x%d" % i for i in range(20)], type_info=Types.STRING()) \
        .sink_to(writer)
    stream_env.execute("exactly-once writer")

    assert read_back(stream_env, config, "once") == ["x%d" % i for i in range(20)]


def test_add_source_and_add_sink_say_the_one_line_change(stream_env, pravega_uri):
    config = PravegaConfig(pravega_uri, "web")
    reader = FlinkPravegaReader("clicks", config, SimpleStringSchema())
    writer = FlinkPravegaWriter("clicks", config, SimpleStringSchema())
    ds = stream_env.from_collection(["a"], type_info=Types.STRING())

    with pytest.raises(TypeError) as failure:
        stream_env.add_source(reader)
    assert str(failure.value) == (
        "FlinkPravegaReader is a FLIP-27 source, not a SourceFunction: use env.from_source(reader,"
        " WatermarkStrategy.no_watermarks(), 'pravega') instead of env.add_source(reader)")
    with pytest.raises(TypeError) as failure:
        ds.add_sink(writer)
    assert str(failure.value) == (
        "FlinkPravegaWriter is a Sink V2 sink, not a SinkFunction: use ds.sink_to(writer)"
        " instead of ds.add_sink(writer)")
    with pytest.raises(TypeError, match=r"use ds.sink_to\(writer\) instead of ds.add_sink"):
        ds.key_by(lambda s: s).add_sink(writer)
    with pytest.raises(TypeError, match=r"PravegaSource is a FLIP-27 source.*env.from_source"
                                        r"\(source, WatermarkStrategy"):
        stream_env.add_source(PravegaSource("clicks", config, SimpleStringSchema()))
    with pytest.raises(TypeError, match=r"PravegaSink is a Sink V2 sink.*ds.sink_to\(sink\)"):
        ds.add_sink(PravegaSink("clicks", config, SimpleStringSchema()))
    # The same objects still go to from_source and sink_to.
    stream_env.from_source(reader, WatermarkStrategy.no_watermarks(), "pravega")
    ds.sink_to(writer)


def test_pravega_config_takes_the_older_positional_order(pravega_uri):
    config = PravegaConfig(pravega_uri, "web", "/etc/pravega/ca.pem", None,
                           DefaultCredentials("flink", "secret"), False)
    text = repr(config)
    assert "defaultScope=web" in text
    assert "trustStore=/etc/pravega/ca.pem" in text
    assert "credentials=basic(user=flink, password=******)" in text
    assert "validateHostname=false" in text
    assert "secret" not in text
    assert "defaultScope=other" in repr(PravegaConfig(pravega_uri, None, None, "other"))
    assert "validateHostname=true" in repr(PravegaConfig(pravega_uri, "web"))
    assert isinstance(config, pyflink_pravega.PravegaConfig)
    assert str(Stream("web", "clicks")) == "web/clicks"
    # The older modules' other names: StreamCut was in pravega_reader, Stream in all three.
    assert pravega_reader.StreamCut is StreamCut is pyflink_pravega.StreamCut
    assert pravega_reader.Stream is pravega_writer.Stream is Stream is pyflink_pravega.Stream
    with pytest.raises(ValueError, match="differ: give one of them"):
        PravegaConfig(pravega_uri, "web", None, "other")
    with pytest.raises(ValueError, match="schema_registry_uri: this connector does not"):
        PravegaConfig(pravega_uri, "web", schema_registry_uri="http://registry:9092")


def test_reader_parameters_reach_the_java_source(pravega_uri):
    config = PravegaConfig(pravega_uri, "web")
    # All the older parameters, positionally in their older order.
    source = FlinkPravegaReader(
        "clicks", config, SimpleStringSchema(), StreamCut.from_base64(A_CUT),
        StreamCut.from_base64(A_CUT), False, "clicks-source", "groups", "readers",
        timedelta(seconds=7), timedelta(seconds=40), timedelta(milliseconds=250), 4,
    ).get_java_function().config()

    assert source.startupMode().toString() == "stream-cut"
    assert {k.toString(): v for k, v in source.startStreamCuts().items()} == {"web/clicks": A_CUT}
    assert source.boundedMode().toString() == "stream-cut"
    assert {k.toString(): v for k, v in source.endStreamCuts().items()} == {"web/clicks": A_CUT}
    assert source.pravegaMetrics() is False
    assert (source.readerGroupScope(), source.readerGroupName()) == ("groups", "readers")
    assert source.readerGroupRefreshInterval().toMillis() == 7000
    assert source.checkpointTimeout().toMillis() == 40000
    assert source.eventReadTimeout().toMillis() == 250
    assert source.maxOutstandingCheckpointRequests() == 4

    defaults = FlinkPravegaReader(Stream("logs", "views"), config, SimpleStringSchema()) \
        .get_java_function().config()
    assert [s.toString() for s in defaults.streams()] == ["logs/views"]
    assert defaults.startupMode().toString() == "earliest"
    assert defaults.boundedMode().toString() == "unbounded"
    assert defaults.pravegaMetrics() is True
    assert defaults.maxOutstandingCheckpointRequests() == 10
    with pytest.raises(ValueError, match="max outstanding checkpoint requests must be at least 2"):
        FlinkPravegaReader("clicks", config, SimpleStringSchema(),
                           max_outstanding_checkpoint_request=1)


def test_reader_uid_is_the_source_operators_uid(stream_env, pravega_uri):
    config = PravegaConfig(pravega_uri, "web")
    reader = FlinkPravegaReader("clicks", config, SimpleStringSchema(), uid="clicks-source")

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = reader.add_to(stream_env)
    assert ds._j_data_stream.getTransformation().getUid() == "clicks-source"
    assert ds._j_data_stream.getTransformation().getName() == "FlinkPravegaReader"

    with pytest.warns(UserWarning, match=r"uid 'clicks-source' is not set by env.from_source:"
                                         r" call .uid\('clicks-source'\)"):
        stream_env.from_source(reader, WatermarkStrategy.no_watermarks(), "pravega")
    without_uid = FlinkPravegaReader("clicks", config, SimpleStringSchema()).add_to(stream_env)
    assert without_uid._j_data_stream.getTransformation().getUid() is None


def test_writer_parameters_reach_the_java_sink(pravega_uri):
    config = PravegaConfig(pravega_uri, "web")
    guarantees = {mode: FlinkPravegaWriter("clicks", config, SimpleStringSchema(),
                                           writer_mode=mode).get_java_function().config()
                  .deliveryGuarantee().toString() for mode in PravegaWriterMode}
    assert guarantees == {PravegaWriterMode.BEST_EFFORT: "none",
                          PravegaWriterMode.ATLEAST_ONCE: "at-least-once",
                          PravegaWriterMode.EXACTLY_ONCE: "exactly-once"}

    # All the older parameters, positionally in their older order.
    sink = FlinkPravegaWriter("logs/views", config, SimpleStringSchema(), False,
                              PravegaWriterMode.EXACTLY_ONCE, True, timedelta(seconds=45),
                              ).get_java_function().config()
    assert sink.stream().toString() == "logs/views"
    assert sink.pravegaMetrics() is False
    assert sink.deliveryGuarantee().toString() == "exactly-once"
    assert sink.watermarkPropagation() is True
    assert sink.transactionTimeout().toMillis() == 45000

    defaults = FlinkPravegaWriter("clicks", config, SimpleStringSchema()) \
        .get_java_function().config()
    assert defaults.deliveryGuarantee().toString() == "at-least-once"
    assert defaults.pravegaMetrics() is True
    assert defaults.watermarkPropagation() is False
    with pytest.raises(ValueError, match="at least 10 s"):
        FlinkPravegaWriter("clicks", config, SimpleStringSchema(),
                           writer_mode=PravegaWriterMode.EXACTLY_ONCE,
                           txn_lease_renewal_period=timedelta(seconds=5))
    with pytest.raises(TypeError, match="writer_mode must be a pravega_writer.PravegaWriterMode"):
        FlinkPravegaWriter("clicks", config, SimpleStringSchema(),
                           writer_mode=DeliveryGuarantee.EXACTLY_ONCE)

    # The older pravega_writer.PravegaSink (a Sink V2 there already) takes the same parameters.
    older_sink = pravega_writer.PravegaSink("clicks", config, SimpleStringSchema(), False,
                                            PravegaWriterMode.BEST_EFFORT, True)
    assert older_sink.get_java_function().config().deliveryGuarantee().toString() == "none"
    assert older_sink.get_java_function().config().watermarkPropagation() is True


def test_txn_lease_renewal_period_without_exactly_once_warns(pravega_uri):
    config = PravegaConfig(pravega_uri, "web")
    default_timeout = FlinkPravegaWriter("clicks", config, SimpleStringSchema()) \
        .get_java_function().config().transactionTimeout().toMillis()
    for mode in (PravegaWriterMode.ATLEAST_ONCE, PravegaWriterMode.BEST_EFFORT):
        with pytest.warns(UserWarning) as warned:
            writer = FlinkPravegaWriter("clicks", config, SimpleStringSchema(), writer_mode=mode,
                                        txn_lease_renewal_period=timedelta(seconds=30))
        assert [str(w.message) for w in warned] == [
            "txn_lease_renewal_period applies only to PravegaWriterMode.EXACTLY_ONCE (the lease"
            " of its transactions); with %s it has no effect" % mode.name]
        assert writer.get_java_function().config().transactionTimeout().toMillis() \
            == default_timeout
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        FlinkPravegaWriter("clicks", config, SimpleStringSchema(),
                           writer_mode=PravegaWriterMode.EXACTLY_ONCE,
                           txn_lease_renewal_period=timedelta(seconds=30))


def test_new_java_backed_parameters_of_source_and_sink(pravega_uri):
    config = PravegaConfig(pravega_uri, "web")
    source = PravegaSource("clicks", config, SimpleStringSchema(),
                           max_outstanding_checkpoint_requests=2, pravega_metrics=False) \
        .get_java_function().config()
    assert source.maxOutstandingCheckpointRequests() == 2
    assert source.pravegaMetrics() is False
    sink = PravegaSink("clicks", config, SimpleStringSchema(), watermark_propagation=True,
                       pravega_metrics=False).get_java_function().config()
    assert sink.watermarkPropagation() is True
    assert sink.pravegaMetrics() is False
    with pytest.raises(TypeError, match="pravega_metrics must be a bool, not 'no'"):
        PravegaSource("clicks", config, SimpleStringSchema(), pravega_metrics="no")
    with pytest.raises(TypeError, match="watermark_propagation must be a bool, not 1"):
        PravegaSink("clicks", config, SimpleStringSchema(), watermark_propagation=1)
    with pytest.raises(TypeError, match="max_outstanding_checkpoint_requests must be an int"):
        PravegaSource("clicks", config, SimpleStringSchema(),
                      max_outstanding_checkpoint_requests=2.5)


def test_stream_creation_settings_without_creation_are_refused(pravega_uri):
    config = PravegaConfig(pravega_uri, "web")
    with pytest.raises(ValueError, match="min_segments applies only with"
                                         " create_streams_if_missing=True"):
        PravegaSource("clicks", config, SimpleStringSchema(), min_segments=3)
    with pytest.raises(ValueError, match="min_segments applies only with"
                                         " create_stream_if_missing=True"):
        PravegaSink("clicks", config, SimpleStringSchema(), min_segments=1)
    with pytest.raises(ValueError, match="stream_policy applies only with"
                                         " create_stream_if_missing=True"):
        PravegaSink("clicks", config, SimpleStringSchema(), stream_policy=StreamPolicy.fixed(2))
    with pytest.raises(ValueError, match=r"give min_segments or stream_policy, not both"):
        PravegaSource("clicks", config, SimpleStringSchema(), create_streams_if_missing=True,
                      min_segments=2, stream_policy=StreamPolicy.fixed(2))
    created = PravegaSink("clicks", config, SimpleStringSchema(), create_stream_if_missing=True,
                          min_segments=3).get_java_function().config()
    assert created.requestedStreamPolicy().toString() == "fixed (3 segments), retention none"
    default = PravegaSource("clicks", config, SimpleStringSchema(),
                            create_streams_if_missing=True).get_java_function().config()
    assert default.createStreamsIfMissing()


def test_the_older_modules_are_in_the_installed_package():
    files = {str(f) for f in importlib.metadata.files("pyflink-pravega")}
    assert {"pravega_config.py", "pravega_reader.py", "pravega_writer.py"} <= files
