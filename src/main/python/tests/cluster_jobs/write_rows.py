"""A PyFlink DataStream job for the cluster test, submitted as users of the older connector
submitted theirs:

    bin/flink run --python write_rows.py --pyFiles slow_rows.py --jarfile <connector sql jar> \
        <controller uri> <scope> <stream> <first id> <rows> <milliseconds per row>

Writes the rows with ids first..first+rows-1 as JSON to the Pravega stream, exactly once (one
transaction per checkpoint), slowly (slow_rows.SlowRows). pyflink_pravega comes from the Python
environment the cluster runs (python.client.executable, python.executable).
"""

import sys

from pyflink.common import Configuration, Types, WatermarkStrategy
from pyflink.datastream import StreamExecutionEnvironment
from pyflink.datastream.connectors.base import DeliveryGuarantee
from pyflink.datastream.connectors.number_seq import NumberSequenceSource
from pyflink.datastream.formats.json import JsonRowSerializationSchema

from pyflink_pravega import PravegaConfig, PravegaSink
from slow_rows import ROW_TYPE, SlowRows


def main(controller_uri: str, scope: str, stream: str, first: int, rows: int,
         millis_per_row: int) -> None:
    # Small bundles: the source waits for the slow Python function instead of queueing up
    # thousands of rows in front of it, which a checkpoint would then have to wait for.
    env = StreamExecutionEnvironment.get_execution_environment(
        Configuration()
        .set_string("python.fn-execution.bundle.size", "10")
        .set_string("python.fn-execution.bundle.time", "100"))
    env.set_parallelism(1)
    env.enable_checkpointing(1000)
    sink = PravegaSink(
        stream, PravegaConfig(controller_uri, scope),
        JsonRowSerializationSchema.builder().with_type_info(ROW_TYPE).build(),
        delivery_guarantee=DeliveryGuarantee.EXACTLY_ONCE,
        routing_key_fields=["user_name"], create_stream_if_missing=True)
    (env.from_source(NumberSequenceSource(first, first + rows - 1),
                     WatermarkStrategy.no_watermarks(), "ids", Types.LONG())
        .map(SlowRows(millis_per_row / 1000.0), output_type=ROW_TYPE)
        .sink_to(sink))
    env.execute("write rows %d..%d to %s/%s" % (first, first + rows - 1, scope, stream))


if __name__ == "__main__":
    uri, scope_name, stream_name, first_id, count, millis = sys.argv[1:7]
    main(uri, scope_name, stream_name, int(first_id), int(count), int(millis))
