"""The connector on a real standalone Flink cluster: the distribution inside the apache-flink
package (a JobManager and two TaskManager processes, see flink_cluster.py), jobs submitted as
users submit them: SQL with bin/sql-client.sh -j <sql jar>, a PyFlink job with bin/flink run
--python ... --pyFiles ... --jarfile ..., statements through the SQL Gateway's REST endpoint.
It runs once per Flink line (FLINK_LINE), on the distribution of that line's apache-flink."""

import os
import re
import string
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Dict, List

import pytest

from flink_cluster import (ClusterError, FlinkCluster, distribution_home, flink_version,
                           sql_gateway_jar, tail, wait_until)

BUILD_DIR = Path(os.environ.get("BUILD_DIR", Path(__file__).resolve().parents[4] / "target"))
JOBS = Path(__file__).resolve().parent / "cluster_jobs"
# The PyFlink job writes ROWS rows, one per MILLIS_PER_ROW ms (at least 45 s), so that the
# TaskManager is killed while rows still arrive and transactions are open.
ROWS = 3000
MILLIS_PER_ROW = 15
# Committed rows in dst before the kill.
ROWS_BEFORE_KILL = 200
# Longest wait for any one step; the reference machine is a busy 2-core one.
WAIT = 180


@pytest.fixture(scope="module")
def cluster():
    line = os.environ.get("FLINK_LINE", "1.20")
    version = flink_version(distribution_home())
    if not version.startswith(line + "."):
        pytest.fail("FLINK_LINE=%s but the installed apache-flink carries Flink %s"
                    % (line, version))
    # sys.executable: this virtual environment's python (not resolved, so that its
    # site-packages with pyflink and pyflink_pravega come along), for the client and workers.
    flink = FlinkCluster(BUILD_DIR / "flink-cluster", sys.executable,
                         sql_gateway_jar(version, BUILD_DIR))
    try:
        started = time.monotonic()
        flink.start(taskmanagers=2)
        print("\nFlink %s cluster (JobManager, 2 TaskManagers) up in %.0f s at %s"
              % (version, time.monotonic() - started, flink.root), flush=True)
        yield flink
    finally:
        flink.stop()


class Steps:
    """Prints each step with the seconds since the start (pytest shows it for a failed test)."""

    def __init__(self) -> None:
        self.start = time.monotonic()

    def __call__(self, what: str) -> None:
        print("[%6.1f s] %s" % (time.monotonic() - self.start, what), flush=True)


def read_ids(table_env, table: str) -> List[int]:
    """The ids of the rows committed to the table's stream so far (a bounded read, in this
    process's local Flink)."""
    with table_env.execute_sql("SELECT id FROM %s" % table).collect() as results:
        return [row[0] for row in results]


def duplicates_and_missing(ids: List[int], expected: int) -> str:
    counts = Counter(ids)
    duplicates = sorted(i for i, n in counts.items() if n > 1)
    missing = sorted(set(range(expected)) - set(counts))
    return "%d rows, %d distinct ids; duplicated: %s; missing: %s" % (
        len(ids), len(counts), duplicates[:20], missing[:20])


def test_exactly_once_insert_survives_kill_9_of_its_taskmanager(cluster, sql_jar, pravega_uri,
                                                                scope, table_env):
    step = Steps()
    # The PyFlink job that writes ids 0..ROWS-1 to src, slowly, exactly once; started first, as
    # its Python client and workers take a while to start.
    writer_output = cluster.work_dir / ("write-rows-%s.out" % scope)
    writer = cluster.flink_run(
        ["--python", str(JOBS / "write_rows.py"), "--pyFiles", str(JOBS / "slow_rows.py"),
         "--jarfile", str(sql_jar),
         pravega_uri, scope, "src", "0", str(ROWS), str(MILLIS_PER_ROW)], writer_output)

    def writer_details() -> str:
        return "bin/flink run output:\n%s\n%s" % (tail(writer_output, 60), cluster.log_tails())

    def committed(at_least: int):
        if writer.poll() not in (None, 0):
            raise ClusterError("the PyFlink job failed (exit %d)\n%s"
                               % (writer.returncode, writer_details()))
        ids = read_ids(table_env, "dst_read")
        return ids if len(ids) >= at_least else None

    try:
        # The streaming INSERT src -> dst (exactly-once, checkpoints every second, fixed-delay
        # restarts), submitted with the SQL Client; it runs until cancelled. Each of the two
        # jobs gets one of the two TaskManagers (one slot each).
        sql = cluster.work_dir / ("copy-%s.sql" % scope)
        sql.write_text(string.Template((JOBS / "copy_exactly_once.sql").read_text())
                       .substitute(controller_uri=pravega_uri, scope=scope))
        output = cluster.sql_client(sql, [sql_jar])
        submitted = re.search(r"Job ID: ([0-9a-f]{32})", output)
        assert submitted, "no Job ID in the SQL Client's output:\n" + output
        job_id = submitted.group(1)
        step("bin/sql-client.sh submitted the copy job %s" % job_id)
        wait_until(lambda: cluster.job_is_running(job_id), WAIT,
                   "the copy job %s running" % job_id, cluster.log_tails)
        step("the copy job runs on %s" % cluster.taskmanagers_of(job_id))

        table_env.execute_sql("""CREATE TABLE dst_read (id INT, user_name STRING) WITH (
          'connector' = 'pravega', 'controller-uri' = '%s', 'scope' = '%s',
          'scan.streams' = 'dst', 'scan.bounded.mode' = 'latest', 'format' = 'json')"""
                              % (pravega_uri, scope))
        before_kill = wait_until(lambda: committed(ROWS_BEFORE_KILL), WAIT,
                                 "%d rows committed to dst" % ROWS_BEFORE_KILL,
                                 writer_details, interval=2)
        step("%d rows committed to dst" % len(before_kill))

        # kill -9 of the TaskManager that runs the copy job's task, while rows still arrive;
        # a new TaskManager replaces it.
        victims = cluster.taskmanagers_of(job_id)
        assert len(victims) == 1, "the copy job runs on %s" % victims
        assert writer.poll() is None, (
            "the PyFlink job ended before %d rows were copied: the kill would not hit a copy"
            " under way\n%s" % (ROWS_BEFORE_KILL, writer_details()))
        victim = cluster.kill_taskmanager(victims[0])
        step("killed %s with kill -9" % victim)
        step("started %s" % cluster.start_taskmanager())

        try:
            code = writer.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            raise ClusterError("the PyFlink job did not end within %d s\n%s"
                               % (WAIT, writer_details()))
        assert code == 0, "the PyFlink job failed (exit %d)\n%s" % (code, writer_details())
        step("the PyFlink job finished")

        # Every row exactly once in dst.
        ids = wait_until(lambda: committed(ROWS), WAIT, "all %d rows committed to dst" % ROWS,
                         lambda: "read so far: %s\n%s" % (
                             duplicates_and_missing(read_ids(table_env, "dst_read"), ROWS),
                             cluster.log_tails()), interval=2)
        assert sorted(ids) == list(range(ROWS)), duplicates_and_missing(ids, ROWS)
        step("all %d rows in dst, each once" % ROWS)

        # The copy job failed over: its task on the killed TaskManager failed, and it runs
        # again, elsewhere.
        assert cluster.job(job_id)["state"] == "RUNNING"
        now_on = cluster.taskmanagers_of(job_id)
        assert now_on and victim.resource_id not in now_on, now_on
        log = cluster.jobmanager_log.read_text(errors="replace")
        name = re.escape("copy src to dst exactly once (%s)" % job_id)
        for expected in (
                # the JobManager noticed the loss (two failed heartbeat calls)
                r"TaskManager with id %s is no longer reachable" % victim.resource_id,
                r"Source: src\[1\] -> dst\[2\].* switched from RUNNING to FAILED on %s "
                % victim.resource_id,
                r"Job %s switched from state RUNNING to RESTARTING" % name,
                r"Job %s switched from state RESTARTING to RUNNING" % name):
            assert re.search(expected, log), (
                "no /%s/ in the JobManager log %s; its end:\n%s"
                % (expected, cluster.jobmanager_log, tail(cluster.jobmanager_log, 80)))
        step("the copy job runs on %s; the JobManager log shows the failover" % now_on)
    finally:
        for cancelled in cluster.cancel_running_jobs():
            step("cancelled %s" % cancelled)


class Gateway:
    """A session of the SQL Gateway's REST API (v1, which both Flink lines serve)."""

    def __init__(self, cluster: FlinkCluster, port: int, properties: Dict[str, str]) -> None:
        self.cluster = cluster
        self.port = port
        self.session = cluster.rest("POST", "/v1/sessions", {"properties": properties},
                                    port=port)["sessionHandle"]

    def execute(self, statement: str) -> List[list]:
        """Runs one statement and returns the fields of its result rows."""
        base = "/v1/sessions/%s" % self.session
        operation = self.cluster.rest("POST", base + "/statements", {"statement": statement},
                                      port=self.port)["operationHandle"]
        rows: List[list] = []
        uri = "%s/operations/%s/result/0" % (base, operation)
        deadline = time.monotonic() + WAIT
        while uri:
            if time.monotonic() > deadline:
                raise ClusterError("no result of %r within %d s\n%s"
                                   % (statement, WAIT, self.cluster.log_tails()))
            try:
                answer = self.cluster.rest("GET", uri, port=self.port)
            except RuntimeError as e:
                raise ClusterError("%r failed: %s\n%s" % (statement, e,
                                                          self.cluster.log_tails()))
            if answer["resultType"] == "NOT_READY":
                time.sleep(0.5)
                continue
            rows += [row["fields"] for row in answer["results"]["data"]]
            uri = answer.get("nextResultUri") if answer["resultType"] != "EOS" else None
        return rows

    def close(self) -> None:
        self.cluster.rest("DELETE", "/v1/sessions/%s" % self.session, port=self.port)


def test_sql_gateway_runs_statements_on_the_cluster(cluster, sql_jar, pravega_uri, scope):
    port = cluster.start_sql_gateway()
    gateway = Gateway(cluster, port, {"execution.runtime-mode": "batch",
                                      "table.dml-sync": "true"})
    try:
        gateway.execute("ADD JAR '%s'" % sql_jar)
        gateway.execute("""CREATE TABLE users (id INT, user_name STRING) WITH (
          'connector' = 'pravega', 'controller-uri' = '%s', 'scope' = '%s',
          'scan.streams' = 'users', 'scan.bounded.mode' = 'latest', 'sink.stream' = 'users',
          'stream.create-if-missing' = 'true', 'format' = 'json')""" % (pravega_uri, scope))
        jobs_before = {j["jid"] for j in cluster.rest("GET", "/jobs/overview")["jobs"]}

        gateway.execute("INSERT INTO users VALUES (1, 'alice'), (2, 'bob'), (3, 'carol')")
        rows = gateway.execute("SELECT id, user_name FROM users")

        assert sorted(map(tuple, rows)) == [(1, "alice"), (2, "bob"), (3, "carol")]
        # Both ran as jobs of the cluster, not in the gateway's process.
        jobs = [j for j in cluster.rest("GET", "/jobs/overview")["jobs"]
                if j["jid"] not in jobs_before]
        assert sorted(j["state"] for j in jobs) == ["FINISHED", "FINISHED"], jobs
    finally:
        gateway.close()
