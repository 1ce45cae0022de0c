"""The code location: the one Definitions of every asset, check, job,
schedule and sensor, used unchanged by `dagster dev`, the CLI and the tests.

Steps run in one process (`in_process_executor`): a process per step costs
10-27 s of Python start-up each here, more than the work of a small build,
and DuckDB allows one writer at a time anyway.
"""

from dagster import Definitions, in_process_executor, load_assets_from_modules

from assets import dbt_assets, publish, python_assets
from assets.audit_checks import audit_checks
from assets.publish import publish_checks
from assets.quality_checks import gx_checks
from assets.resources import build_resources
from orchestration.jobs import build_warehouse_job, extract_partitions_job
from orchestration.schedules import daily_build_schedule
from orchestration.sensors import landing_folder_sensor

all_assets = load_assets_from_modules([python_assets, dbt_assets, publish])

defs = Definitions(
    assets=all_assets,
    asset_checks=[*gx_checks, *audit_checks, *publish_checks],
    jobs=[build_warehouse_job, extract_partitions_job],
    schedules=[daily_build_schedule],
    sensors=[landing_folder_sensor],
    resources=build_resources(),
    executor=in_process_executor,
)

