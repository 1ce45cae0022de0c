"""The layout's rules, checked on the source tree: imports run one way
(orchestration -> assets -> quote_warehouse), the library knows nothing of
Dagster, settings are read in one place, modules stay small enough to hold
in one's head, and dbt staging models read one source each."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("quote_warehouse", "assets", "orchestration")
MAX_LINES = 900


def _modules(*packages: str) -> list[Path]:
    return sorted(p for pkg in packages for p in (ROOT / pkg).rglob("*.py"))


def _imported(path: Path) -> set[str]:
    """Top-level names of every module `path` imports (at any depth)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _environ_uses(path: Path) -> list[int]:
    """Lines that touch the process environment (os.environ, os.getenv, putenv)."""
    hits = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os" \
                and node.attr in ("environ", "getenv", "putenv", "unsetenv"):
            hits.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os" \
                and any(a.name in ("environ", "getenv", "putenv") for a in node.names):
            hits.append(node.lineno)
    return hits


def test_the_library_imports_no_dagster_and_no_upper_layer():
    offenders = {str(p.relative_to(ROOT)): sorted(_imported(p) & {"dagster", "dagster_dbt", "assets", "orchestration"})
                 for p in _modules("quote_warehouse")}
    assert not {k: v for k, v in offenders.items() if v}


def test_assets_never_import_orchestration():
    offenders = [str(p.relative_to(ROOT)) for p in _modules("assets") if "orchestration" in _imported(p)]
    assert not offenders


def test_the_environment_is_read_only_in_the_settings_home():
    home = ROOT / "quote_warehouse" / "settings.py"
    offenders = {str(p.relative_to(ROOT)): _environ_uses(p) for p in _modules(*PACKAGES) if p != home}
    assert not {k: v for k, v in offenders.items() if v}
    assert _environ_uses(home), "settings.py is where the environment is read"


def test_no_module_outside_tests_is_over_the_line_limit():
    long = {str(p.relative_to(ROOT)): n for p in [*_modules(*PACKAGES), *sorted((ROOT / "bench").glob("*.py"))]
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_every_setting_is_documented_in_the_readme():
    from quote_warehouse.settings import SETTINGS, Settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert {s.field for s in SETTINGS} == set(Settings.__dataclass_fields__)
    missing = [s.env for s in SETTINGS if f"`{s.env}`" not in readme]
    assert not missing


def test_settings_come_from_the_environment_given():
    from quote_warehouse.settings import DEFAULT_EXTRACT_BATCH_SIZE, Settings

    s = Settings.from_env({"EXTRACT_BATCH_SIZE": "7", "WAREHOUSE_LOCK_WAIT_SECONDS": "0.5",
                           "RAW_DIR": "landing", "QW_CRASH_AT": ""})
    assert (s.extract_batch_size, s.lock_wait_seconds, s.crash_at) == (7, 0.5, None)
    assert s.raw_dir == Path("landing").resolve()
    assert Settings.from_env({}).extract_batch_size == DEFAULT_EXTRACT_BATCH_SIZE
    try:
        Settings.from_env({"EXTRACT_WORKERS": "two"})
    except ValueError as exc:
        assert "EXTRACT_WORKERS" in str(exc)
    else:
        raise AssertionError("a malformed setting must be refused, naming the variable")


def test_no_dbt_staging_model_joins():
    joins = [p.name for p in sorted((ROOT / "dbt_project" / "models" / "staging").glob("*.sql"))
             if re.search(r"\bjoin\b", p.read_text(encoding="utf-8"), re.IGNORECASE)]
    assert not joins
