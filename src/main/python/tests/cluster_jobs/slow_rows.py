"""The Python function of write_rows.py, in a module of its own: the job ships it with
``--pyFiles``, and the Python workers in the TaskManagers import it from there."""

import time

from pyflink.common import Row, Types
from pyflink.datastream import MapFunction

ROW_TYPE = Types.ROW_NAMED(["id", "user_name"], [Types.INT(), Types.STRING()])


class SlowRows(MapFunction):
    """Turns the number n into the row (n, 'user-<n % 7>'), at most one row per delay seconds,
    so that the rows reach Pravega over a while instead of all at once."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    def map(self, value):
        time.sleep(self.delay)
        return Row(int(value), "user-%d" % (value % 7))
