"""A real `dagster-webserver` for the UI tests, and a recorded CLI build for it.

`Webserver` starts the project's code location (`-m orchestration.definitions`)
on a free loopback port with its own DAGSTER_HOME, waits until the GraphQL
endpoint answers and the code location has loaded, and stops the whole process
group (the webserver and the code server it spawns) at the end.
`start_build` runs `quote-warehouse build` as a subprocess, which records its
run in the same DAGSTER_HOME, as `make warehouse` does for `make ui`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE_CONFIG = ROOT / "orchestration" / "dagster.yaml"
CODE_LOCATION = "orchestration.definitions"
# Debian's chromium, driven by Playwright (no browser download); the flags
# keep it off the closed network and working as root in a container.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def venv_script(name: str) -> str:
    """A console script of the environment running the tests (the project's venv)."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed beside {sys.executable} nor on PATH")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ui_environment(raw_dir: Path, warehouse_path: Path, dagster_home: Path) -> dict[str, str]:
    """The environment of the webserver and the build: this process's, with the
    warehouse settings and the instance pointed at the test's folders."""
    env = {k: v for k, v in os.environ.items() if k != "QW_CRASH_AT"}
    env.update({
        "RAW_DIR": str(raw_dir),
        "WAREHOUSE_PATH": str(warehouse_path),
        "DAGSTER_HOME": str(dagster_home),
        "GX_ANALYTICS_ENABLED": "False",
        "DO_NOT_TRACK": "1",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def prepare_home(dagster_home: Path) -> None:
    """DAGSTER_HOME as `make ui` makes it: the project's instance config, and
    the instance's storage created once here so that the webserver and the
    build, started together, never race to create it."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(INSTANCE_CONFIG, dagster_home / "dagster.yaml")
    from dagster import DagsterInstance

    instance = DagsterInstance.from_config(str(dagster_home))
    try:
        instance.get_runs_count()  # runs.db
        instance.all_instigator_state()  # schedules.db
        instance.all_asset_keys()  # the event log's index.db
    finally:
        instance.dispose()


def start_build(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """`quote-warehouse build` in the background, its output in `log_path`."""
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 (closed by the process's end)
    try:
        return subprocess.Popen([venv_script("quote-warehouse"), "build"], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    finally:
        log.close()


def stop_process_group(proc: subprocess.Popen, grace: float = 20.0) -> None:
    """SIGTERM the group this test started (its own session), SIGKILL after `grace`."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=grace)


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class GraphQLError(AssertionError):
    pass


class Webserver:
    """`dagster-webserver -m orchestration.definitions` on 127.0.0.1:<free port>."""

    def __init__(self, env: dict[str, str], log_path: Path, port: int | None = None):
        self.env = env
        self.log_path = log_path
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Webserver:
        log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(
                [venv_script("dagster-webserver"), "-m", CODE_LOCATION,
                 "-h", "127.0.0.1", "-p", str(self.port)],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        finally:
            log.close()
        return self

    def stop(self) -> None:
        if self.proc is not None:
            stop_process_group(self.proc)

    def _failed(self, why: str) -> AssertionError:
        return AssertionError(f"dagster-webserver {why}; its log ({self.log_path}):\n{tail(self.log_path)}")

    def graphql(self, query: str, variables: dict | None = None, timeout: float = 120.0) -> dict:
        """POST /graphql; the `data`, or GraphQLError when the answer has `errors`."""
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(f"{self.url}/graphql", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.load(response)
        if answer.get("errors"):
            raise GraphQLError(json.dumps(answer["errors"], indent=1)[:4000])
        return answer["data"]

    def wait_ready(self, timeout: float = 300.0) -> None:
        """Until /server_info answers and the code location is LOADED (a load
        error fails at once with its message)."""
        deadline = time.monotonic() + timeout
        query = """{ workspaceOrError { __typename
            ... on Workspace { locationEntries { name loadStatus
                locationOrLoadError { __typename ... on PythonError { message } } } }
            ... on PythonError { message } } }"""
        last = "no answer yet"
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                raise self._failed(f"exited with {None if self.proc is None else self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/server_info", timeout=10) as response:
                    json.load(response)
                workspace = self.graphql(query, timeout=30)["workspaceOrError"]
            except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError) as exc:
                last = repr(exc)
            else:
                entries = workspace.get("locationEntries") or []
                for entry in entries:
                    location = entry.get("locationOrLoadError") or {}
                    if location.get("__typename") == "PythonError":
                        raise self._failed(f"could not load {entry['name']}: {location.get('message')}")
                if entries and all(e["loadStatus"] == "LOADED" and e["locationOrLoadError"]
                                   for e in entries):
                    return
                last = json.dumps(workspace)[:500]
            time.sleep(1.0)
        raise self._failed(f"not ready after {timeout:.0f} s (last: {last})")
