"""A standalone Flink cluster made of separate processes, from the Flink distribution that the
apache-flink package carries (pyflink/bin, lib, opt, plugins, conf).

The distribution stays untouched: its scripts resolve FLINK_HOME from their own location (even
through symlinks), so instead of a copy they get their own directories by the environment
variables they honour: FLINK_CONF_DIR (a config.yaml written here, with the JVM options of the
distribution's own), FLINK_LOG_DIR, FLINK_PID_DIR and FLINK_OPT_DIR (links to the package's opt
jars plus flink-sql-gateway-<version>.jar, which the package lacks and the Maven build copies).
Every port is a free one on localhost, every address is localhost.

``FlinkCluster.stop`` ends every process it started; a watchdog process kills what is left
when the test process dies without running it.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, TypeVar

T = TypeVar("T")

IDENT = "test"
CLIENT_HEAP = "-Xmx512m"


class ClusterError(AssertionError):
    """A cluster step failed or did not happen in time; the message has the log tails."""


def distribution_home() -> Path:
    """The Flink distribution of the installed apache-flink package (the pyflink package dir)."""
    import pyflink
    home = Path(os.path.dirname(os.path.abspath(pyflink.__file__)))
    if not (home / "bin" / "jobmanager.sh").exists():
        raise ClusterError("%s has no bin/jobmanager.sh: not a full apache-flink install" % home)
    return home


def flink_version(home: Path) -> str:
    """The version of lib/flink-dist-<version>.jar."""
    found = sorted((home / "lib").glob("flink-dist-*.jar"))
    if len(found) != 1:
        raise ClusterError("expected one lib/flink-dist-*.jar in %s, found %s" % (home, found))
    return found[0].name[len("flink-dist-"):-len(".jar")]


def sql_gateway_jar(version: str, build_dir: Path) -> Path:
    """flink-sql-gateway-<version>.jar: from $FLINK_OPT_JARS (the Maven build copies it into
    <build dir>/flink-opt in pre-integration-test), else <build dir>/flink-opt, else the local
    Maven repository."""
    name = "flink-sql-gateway-%s.jar" % version
    places = [Path(p) for p in [os.environ.get("FLINK_OPT_JARS")] if p]
    places.append(build_dir / "flink-opt")
    places.append(Path.home() / ".m2" / "repository" / "org" / "apache" / "flink"
                  / "flink-sql-gateway" / version)
    for place in places:
        if (place / name).exists():
            return place / name
    raise ClusterError(
        "%s not found in %s; the Maven build copies it in pre-integration-test (mvn verify),"
        " or: mvn dependency:copy@flink-sql-gateway-jar -DskipPythonTests=false"
        % (name, ", ".join(map(str, places))))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_flat_yaml(text: str) -> Dict[str, str]:
    """The 'key: value' entries of a Flink config.yaml as flat keys (nested mappings of plain
    scalars, as the distribution ships it; lists and multi-line values are not needed here)."""
    entries: Dict[str, str] = {}
    path: List[tuple] = []  # (indent, key)
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        key, _, value = stripped.partition(":")
        while path and path[-1][0] >= indent:
            path.pop()
        value = value.strip()
        if value:
            entries[".".join([k for _, k in path] + [key.strip()])] = value
        else:
            path.append((indent, key.strip()))
    return entries


def _yaml_scalar(value: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_./=+-][^#]*", value) and ": " not in value:
        return value
    return json.dumps(value)


def tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return "(%s does not exist)" % path
    text = path.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def wait_until(condition: Callable[[], Optional[T]], timeout: float, what: str,
               details: Callable[[], str] = lambda: "", interval: float = 1.0) -> T:
    """Calls condition until it returns something truthy and returns that; fails after timeout
    seconds with what and details()."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            result = condition()
            if result:
                return result
        except ClusterError:
            raise
        except Exception as e:  # REST not up yet, process output not there yet, ...
            last_error = e
        if time.monotonic() > deadline:
            raise ClusterError("%s: not within %d s%s\n%s" % (
                what, timeout, " (last error: %r)" % last_error if last_error else "",
                details()))
        time.sleep(interval)


def _cmdline(pid: int) -> str:
    try:
        return Path("/proc/%d/cmdline" % pid).read_bytes().replace(b"\0", b" ").decode(
            "utf-8", "replace")
    except OSError:
        return ""


def _children(pid: int) -> List[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


# Run in its own process: when the test process dies (its pipe closes), kill -9 every process
# whose pid is listed in the cluster's pid folder or tracking file and whose command line names
# the cluster's folder (so a recycled pid is never hit).
_WATCHDOG = r"""
import os, signal, sys
from pathlib import Path
pid_dir, marker, tracked = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
# A timeout that signals the whole process group must not end the watchdog before its work.
signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)
sys.stdin.read()
pids = set()
for f in list(pid_dir.glob("*.pid")) + [tracked]:
    try:
        pids.update(int(p) for p in f.read_text().split() if p.isdigit())
    except OSError:
        pass
for pid in pids:
    try:
        cmd = Path("/proc/%d/cmdline" % pid).read_bytes().decode("utf-8", "replace")
    except OSError:
        continue
    if marker in cmd:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
"""


class TaskManager:
    def __init__(self, resource_id: str, pid: int, log: Path) -> None:
        self.resource_id = resource_id
        self.pid = pid
        self.log = log

    def __repr__(self) -> str:
        return "TaskManager(%s, pid %d)" % (self.resource_id, self.pid)


class FlinkCluster:
    """A JobManager and TaskManagers (1 slot each) as daemons of the distribution's scripts, with
    their own conf, log and pid folders under root."""

    def __init__(self, root: Path, python: str, gateway_jar: Path) -> None:
        self.home = distribution_home()
        self.version = flink_version(self.home)
        self.root = root
        self.conf_dir = root / "conf"
        self.log_dir = root / "log"
        self.pid_dir = root / "pid"
        self.opt_dir = root / "opt"
        self.work_dir = root / "work"
        self.checkpoint_dir = root / "checkpoints"
        self.python = python
        self.gateway_jar = gateway_jar
        self.rest_port = free_port()
        self.rpc_port = free_port()
        self.gateway_port: Optional[int] = None
        self.taskmanagers: List[TaskManager] = []
        self._tracked = root / "tracked.pids"
        self._watchdog: Optional[subprocess.Popen] = None
        self._clients: List[subprocess.Popen] = []
        self._pids: List[int] = []
        self._resource_ids = 0

    # --- set-up -----------------------------------------------------------------------------

    def _prepare(self) -> None:
        self._kill_leftovers()
        for d in (self.conf_dir, self.log_dir, self.pid_dir, self.opt_dir, self.work_dir,
                  self.checkpoint_dir):
            shutil.rmtree(d, ignore_errors=True)
            d.mkdir(parents=True)
        self._tracked.write_text("")
        shipped = self.home / "conf"
        for f in shipped.iterdir():
            if f.is_file() and f.name not in ("config.yaml", "flink-conf.yaml", "masters",
                                              "workers"):
                (self.conf_dir / f.name).write_bytes(f.read_bytes())
        # The Pravega client logs a line every 20 ms while a reader-group checkpoint waits.
        with open(self.conf_dir / "log4j.properties", "a") as f:
            f.write("\nlogger.pravega-checkpoints.name = dev.flinkpravega.shaded.io.pravega"
                    ".client.stream.impl.ReaderGroupImpl\nlogger.pravega-checkpoints.level"
                    " = WARN\n")
        config = read_flat_yaml((shipped / "config.yaml").read_text())
        config = {k: v for k, v in config.items() if k.startswith("env.java.opts")}
        config.update({
            "jobmanager.rpc.address": "localhost",
            "jobmanager.bind-host": "localhost",
            "jobmanager.rpc.port": str(self.rpc_port),
            "rest.address": "localhost",
            "rest.bind-address": "localhost",
            "rest.port": str(self.rest_port),
            "taskmanager.host": "localhost",
            "taskmanager.bind-host": "localhost",
            "taskmanager.numberOfTaskSlots": "1",
            "parallelism.default": "1",
            "jobmanager.memory.process.size": "1g",
            "taskmanager.memory.process.size": "1g",
            "taskmanager.memory.managed.size": "64m",
            "jobmanager.execution.failover-strategy": "region",
            # A dead TaskManager is found after two missed heartbeat calls (2 x 2 s); a slow one
            # on a busy machine keeps its tasks for 30 s.
            "heartbeat.interval": "2000",
            "heartbeat.timeout": "30000",
            "execution.checkpointing.dir": self.checkpoint_dir.as_uri(),
            "python.executable": self.python,
            "python.client.executable": self.python,
        })
        # Flat keys, plain values: standard YAML that Flink 1.20 and 2.x read alike. (Quoted
        # values reach the scripts with their quotes: 1.20's config.sh takes env.log.max '3'.)
        (self.conf_dir / "config.yaml").write_text("".join(
            "%s: %s\n" % (k, _yaml_scalar(v)) for k, v in sorted(config.items())))
        for jar in sorted((self.home / "opt").glob("*.jar")) + [self.gateway_jar]:
            (self.opt_dir / jar.name).symlink_to(jar)
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, str(self.pid_dir), str(self.root),
             str(self._tracked)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def env(self) -> Dict[str, str]:
        """The environment of every script: the test process's without its FLINK_*/PyFlink
        variables (PyFlink sets FLINK_HOME and others in it), plus the cluster's folders."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("FLINK_", "_FLINK", "PYFLINK_", "JVM_ARGS"))}
        env.update({
            "FLINK_CONF_DIR": str(self.conf_dir),
            "FLINK_LOG_DIR": str(self.log_dir),
            "FLINK_PID_DIR": str(self.pid_dir),
            "FLINK_OPT_DIR": str(self.opt_dir),
            "FLINK_IDENT_STRING": IDENT,
        })
        return env

    def script(self, name: str) -> str:
        return str(self.home / "bin" / name)

    def run(self, script: str, args: Iterable[str], timeout: float = 120,
            env: Optional[Dict[str, str]] = None) -> subprocess.CompletedProcess:
        """Runs bin/<script> with args to its end; output captured."""
        try:
            return subprocess.run([self.script(script)] + list(args), cwd=self.work_dir,
                                  env=env or self.env(), stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  timeout=timeout, text=True)
        except subprocess.TimeoutExpired as e:
            raise ClusterError("bin/%s %s did not end within %d s; output:\n%s\n%s" % (
                script, " ".join(args), timeout, e.output, self.log_tails()))

    def start(self, taskmanagers: int = 2) -> None:
        """Starts the JobManager and the TaskManagers (their scripts side by side: each script
        runs a few JVMs to read the configuration) and waits until all TaskManagers registered."""
        self._prepare()
        scripts = [self._launch("jobmanager.sh", ["start"])]
        ids = []
        for _ in range(taskmanagers):
            ids.append(self._next_resource_id())
            scripts.append(self._launch(
                "taskmanager.sh", ["start", "-D", "taskmanager.resource-id=%s" % ids[-1]]))
        for script in scripts:
            self._finish(script)
        self._find_pid("StandaloneSessionClusterEntrypoint")
        for resource_id in ids:
            self._register(resource_id)

    def start_taskmanager(self) -> TaskManager:
        """Starts one more TaskManager, with resource id tm-<n>, and waits until it registered."""
        resource_id = self._next_resource_id()
        self._finish(self._launch(
            "taskmanager.sh", ["start", "-D", "taskmanager.resource-id=%s" % resource_id]))
        return self._register(resource_id)

    def _next_resource_id(self) -> str:
        self._resource_ids += 1
        return "tm-%d" % self._resource_ids

    def _register(self, resource_id: str) -> TaskManager:
        pid = self._find_pid("TaskManagerRunner", "taskmanager.resource-id=%s " % resource_id)
        log = Path(re.search(r"-Dlog\.file=(\S+)", _cmdline(pid)).group(1))
        tm = TaskManager(resource_id, pid, log)
        self.taskmanagers.append(tm)
        wait_until(lambda: resource_id in self.registered_taskmanagers(), 120,
                   "TaskManager %s registering at the JobManager" % resource_id,
                   self.log_tails)
        return tm

    def _launch(self, script: str, args: List[str],
                env: Optional[Dict[str, str]] = None) -> tuple:
        """Starts bin/<script> with args (a daemon script ends once its JVM is started)."""
        process = subprocess.Popen([self.script(script)] + args, cwd=self.work_dir,
                                   env=env or self.env(), stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return script, args, process

    def _finish(self, launched: tuple, timeout: float = 120) -> str:
        script, args, process = launched
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        if process.returncode != 0 or "Error starting" in output:
            raise ClusterError("bin/%s %s failed (exit %s):\n%s\n%s" % (
                script, " ".join(args), process.returncode, output, self.log_tails()))
        return output

    def _find_pid(self, main_class: str, marker: str = "") -> int:
        """The pid of this cluster's JVM that runs main_class (with marker in its command line);
        stop() and the watchdog end it."""
        def find():
            for proc in Path("/proc").glob("[0-9]*"):
                cmd = _cmdline(int(proc.name)) + " "
                if (main_class in cmd and marker in cmd and str(self.root) in cmd
                        and cmd.split(" ", 1)[0].endswith("java")):
                    return int(proc.name)
            return None
        pid = wait_until(find, 30, "the %s process %s" % (main_class, marker), self.log_tails)
        with open(self._tracked, "a") as f:
            f.write("%d\n" % pid)
        self._pids.append(pid)
        return pid

    def _log_file(self, daemon_and_index: str, suffix: str = ".log") -> Path:
        return self.log_dir / ("flink-%s-%s-%s%s" % (IDENT, daemon_and_index,
                                                    socket.gethostname(), suffix))

    @property
    def jobmanager_log(self) -> Path:
        return self._log_file("standalonesession-0")

    def registered_taskmanagers(self) -> List[str]:
        return [tm["id"] for tm in self.rest("GET", "/taskmanagers")["taskmanagers"]]

    # --- REST API of the JobManager -----------------------------------------------------------

    def rest(self, method: str, path: str, body=None, port: Optional[int] = None):
        """A call to a REST API on localhost (the JobManager's by default); the JSON answer."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            "http://localhost:%d%s" % (port or self.rest_port, path), data=data, method=method,
            headers={"Content-Type": "application/json"})
        # No proxy: only loopback.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=30) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as e:
            raise RuntimeError("%s %s: HTTP %d %s" % (method, path, e.code,
                                                      e.read().decode(errors="replace")))
        return json.loads(text) if text else {}

    def job(self, job_id: str) -> dict:
        return self.rest("GET", "/jobs/%s" % job_id)

    def job_is_running(self, job_id: str) -> bool:
        """The job and every vertex of it RUNNING."""
        job = self.job(job_id)
        return job["state"] == "RUNNING" and all(
            v["status"] == "RUNNING" for v in job["vertices"])

    def taskmanagers_of(self, job_id: str) -> List[str]:
        """Resource ids of the TaskManagers that run a task of the job."""
        ids = set()
        for vertex in self.job(job_id)["vertices"]:
            answer = self.rest("GET", "/jobs/%s/vertices/%s/taskmanagers"
                               % (job_id, vertex["id"]))
            for tm in answer["taskmanagers"]:
                if tm["status"] == "RUNNING":
                    ids.add(tm["taskmanager-id"])
        return sorted(ids)

    def completed_checkpoints(self, job_id: str) -> int:
        return self.rest("GET", "/jobs/%s/checkpoints" % job_id)["counts"]["completed"]

    def cancel(self, job_id: str) -> None:
        self.rest("PATCH", "/jobs/%s?mode=cancel" % job_id)
        wait_until(lambda: self.job(job_id)["state"] == "CANCELED", 60,
                   "job %s cancelled" % job_id, self.log_tails)

    def cancel_running_jobs(self) -> List[str]:
        """Cancels every job that has not ended; their names."""
        names = []
        for job in self.rest("GET", "/jobs/overview")["jobs"]:
            if job["state"] not in ("CANCELED", "FAILED", "FINISHED"):
                self.cancel(job["jid"])
                names.append("%s (%s)" % (job["name"], job["jid"]))
        return names

    # --- clients ------------------------------------------------------------------------------

    def client_env(self) -> Dict[str, str]:
        env = self.env()
        env["JVM_ARGS"] = CLIENT_HEAP
        return env

    def sql_client(self, sql_file: Path, jars: Iterable[Path], timeout: float = 180) -> str:
        """bin/sql-client.sh -j <jar>... -f sql_file; its output. Fails on any [ERROR] in it
        (the client exits with 0 after a failed statement)."""
        args = []
        for jar in jars:
            args += ["-j", str(jar)]
        args += ["-f", str(sql_file)]
        result = self.run("sql-client.sh", args, timeout=timeout, env=self.client_env())
        if result.returncode != 0 or "[ERROR]" in result.stdout:
            raise ClusterError("bin/sql-client.sh %s failed (exit %d):\n%s\nSQL client log:\n%s"
                               % (" ".join(args), result.returncode, result.stdout,
                                  tail(self._log_file("sql-client"), 60)))
        return result.stdout

    def flink_run(self, args: List[str], output: Path) -> subprocess.Popen:
        """bin/flink run <args> in the background (attached: it ends with the job); stdout and
        stderr to output."""
        with open(output, "wb") as out:
            process = subprocess.Popen([self.script("flink"), "run"] + args, cwd=self.work_dir,
                                       env=self.client_env(), stdin=subprocess.DEVNULL,
                                       stdout=out, stderr=subprocess.STDOUT)
        self._clients.append(process)
        with open(self._tracked, "a") as f:
            f.write("%d\n" % process.pid)
        return process

    def start_sql_gateway(self) -> int:
        """bin/sql-gateway.sh start with its REST endpoint on a free localhost port; waits until
        it answers and returns the port."""
        self.gateway_port = free_port()
        env = self.env()
        env["JVM_ARGS"] = CLIENT_HEAP
        self._finish(self._launch("sql-gateway.sh", [
            "start",
            "-Dsql-gateway.endpoint.rest.address=localhost",
            "-Dsql-gateway.endpoint.rest.bind-address=localhost",
            "-Dsql-gateway.endpoint.rest.port=%d" % self.gateway_port,
        ], env))
        self._find_pid("org.apache.flink.table.gateway.SqlGateway")
        wait_until(lambda: self.rest("GET", "/v1/info", port=self.gateway_port), 120,
                   "the SQL Gateway's REST endpoint",
                   lambda: tail(self._log_file("sql-gateway-0")) + "\n" + tail(
                       self._log_file("sql-gateway-0", ".out")))
        return self.gateway_port

    # --- failure and shutdown -----------------------------------------------------------------

    def kill_taskmanager(self, resource_id: str) -> TaskManager:
        """kill -9 of the TaskManager process with that resource id; waits until it is gone."""
        tm = next(t for t in self.taskmanagers if t.resource_id == resource_id)
        cmdline = _cmdline(tm.pid)
        if "TaskManagerRunner" not in cmdline or str(self.root) not in cmdline:
            raise ClusterError("pid %d is not TaskManager %s: %s" % (tm.pid, resource_id,
                                                                     cmdline))
        os.kill(tm.pid, signal.SIGKILL)
        wait_until(lambda: not _alive(tm.pid), 30, "TaskManager %s (pid %d) gone after kill -9"
                   % (resource_id, tm.pid))
        return tm

    def log_tails(self, lines: int = 40) -> str:
        parts = []
        for log in sorted(self.log_dir.glob("*.log")) + sorted(self.log_dir.glob("*.out")):
            text = tail(log, lines)
            if text.strip():
                parts.append("--- %s (last %d lines)\n%s" % (log.name, lines, text))
        return "\n".join(parts)

    def _ours(self, pid: int) -> bool:
        return _alive(pid) and str(self.root) in _cmdline(pid)

    def _known_pids(self) -> List[int]:
        pids = set()
        for f in list(self.pid_dir.glob("*.pid")) + [self._tracked]:
            try:
                pids.update(int(p) for p in f.read_text().split() if p.isdigit())
            except OSError:
                pass
        return sorted(pids)

    def _kill_leftovers(self) -> None:
        """kill -9 of the processes of an earlier run in this folder that are still there."""
        if self.pid_dir.exists():
            for pid in self._known_pids():
                if self._ours(pid):
                    os.kill(pid, signal.SIGKILL)

    def stop(self, grace: float = 20) -> None:
        """Stops every process of the cluster as the scripts' "stop" does (SIGTERM, then kill -9
        of what is still there after grace seconds), all at once and without the scripts' own
        JVMs for reading the configuration; then kills their child processes (Python workers)
        that are left."""
        children = []
        for client in self._clients:
            if client.poll() is None:
                children += _children(client.pid)  # the Python driver of bin/flink run
                client.kill()
                client.wait()
        pids = [p for p in set(self._pids + self._known_pids()) if self._ours(p)]
        children += [c for p in pids for c in _children(p)]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        deadline = time.monotonic() + grace
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        for pid in pids + children:
            if _alive(pid) and (pid in children or self._ours(pid)):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        for pid_file in self.pid_dir.glob("*.pid"):
            pid_file.unlink()
        if self._watchdog is not None:
            self._watchdog.stdin.close()
            self._watchdog.wait(timeout=30)
            self._watchdog = None
