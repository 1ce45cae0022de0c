"""`make app`: the analysts' page (Streamlit) on 127.0.0.1:APP_PORT over the published marts.

    python -m quote_warehouse.analysis.serve [--port N] [--published PATH]

The settings come from the environment (APP_PORT, PUBLISHED_PATH or
WAREHOUSE_PATH); the app gets the published file's path as an argument.
Streamlit's own file watcher and usage statistics are off: the app reloads
on a new published file, not on a source edit, and the machine may be offline.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from quote_warehouse.settings import Settings

APP = Path(__file__).resolve().parent / "app.py"


def command(port: int, published: Path) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(APP),
            "--server.address", "127.0.0.1", "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none", "--global.developmentMode", "false",
            "--client.toolbarMode", "minimal", "--theme.base", "light",
            "--", "--published", str(published)]


def main(argv: list[str] | None = None) -> None:
    settings = Settings.from_env()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=settings.app_port)
    parser.add_argument("--published", type=Path, default=settings.publish_path)
    args = parser.parse_args(argv)
    cmd = command(args.port, args.published.resolve())
    print(f"analysts' app on http://127.0.0.1:{args.port} reading {args.published}", flush=True)
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main()
