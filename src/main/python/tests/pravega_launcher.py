"""Starts the in-process Pravega of the Java tests (PravegaLauncher) in its own JVM."""

import os
import queue
import subprocess
import threading
from pathlib import Path
from typing import Dict, List, Optional

LAUNCHER_CLASS = "dev.flinkpravega.connector.python.PravegaLauncher"
URI_PREFIX = "PRAVEGA_CONTROLLER_URI="


def java_executable() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    return "java"


def test_classpath(build_dir: Path) -> str:
    """test-classes, classes and the test-scope dependencies the build listed in build_dir."""
    target = build_dir
    listed = target / "test-classpath.txt"
    if not listed.exists():
        raise RuntimeError(
            "%s is missing: run the Maven build first (mvn verify writes it; or"
            " mvn dependency:build-classpath -Dmdep.includeScope=test"
            " -Dmdep.outputFile=target/test-classpath.txt)" % listed)
    entries: List[str] = [str(target / "test-classes"), str(target / "classes")]
    entries.append(listed.read_text().strip())
    return os.pathsep.join(entries)


class PravegaProcess:
    """One in-process Pravega; ``uri`` is its controller URI once ``start`` returned."""

    def __init__(self, build_dir: Path, log_file: Path, secured: bool = False) -> None:
        self._build_dir = build_dir
        self._log_file = log_file
        self._secured = secured
        self._process: Optional[subprocess.Popen] = None
        self.uri: Optional[str] = None
        # With secured=True: PRAVEGA_TRUST_STORE, PRAVEGA_USERNAME, PRAVEGA_PASSWORD.
        self.settings: Dict[str, str] = {}

    def start(self, timeout_seconds: float = 120) -> str:
        self._log_file.parent.mkdir(parents=True, exist_ok=True)
        log = open(self._log_file, "wb")
        self._process = subprocess.Popen(
            [java_executable(), "-Xmx1g", "-XX:+UseParallelGC",
             "-Dlog4j.configurationFile=log4j2-launcher.properties",
             "-cp", test_classpath(self._build_dir), LAUNCHER_CLASS]
            + (["--secured"] if self._secured else []),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
        log.close()
        lines: "queue.Queue[Optional[str]]" = queue.Queue()
        threading.Thread(target=self._read_stdout, args=(lines,), daemon=True).start()
        while True:
            try:
                line = lines.get(timeout=timeout_seconds)
            except queue.Empty:
                self.stop()
                raise RuntimeError("Pravega did not start within %s s; see %s"
                                   % (timeout_seconds, self._log_file))
            if line is None:
                raise RuntimeError("the Pravega launcher exited (code %s); see %s"
                                   % (self._process.wait(), self._log_file))
            if line.startswith("PRAVEGA_") and not line.startswith(URI_PREFIX):
                key, _, value = line.partition("=")
                self.settings[key] = value.strip()
                continue
            if line.startswith(URI_PREFIX):
                self.uri = line[len(URI_PREFIX):].strip()
                return self.uri

    def _read_stdout(self, lines: "queue.Queue[Optional[str]]") -> None:
        for raw in self._process.stdout:
            lines.put(raw.decode("utf-8", "replace"))
        lines.put(None)

    def stop(self) -> None:
        """Closes the launcher's standard input, which stops it; kills it after 40 s."""
        if self._process is None:
            return
        process, self._process = self._process, None
        try:
            process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
