"""The code location: every asset, check, job, schedule and sensor."""

from dagster import Definitions, load_assets_from_modules

from assets import dbt_assets, python_assets
from assets.quality_checks import gx_checks
from orchestration.jobs import build_warehouse_job
from orchestration.resources import build_resources
from orchestration.schedules import daily_build_schedule
from orchestration.sensors import landing_folder_sensor

all_assets = load_assets_from_modules([python_assets, dbt_assets])

defs = Definitions(
    assets=all_assets,
    asset_checks=gx_checks,
    jobs=[build_warehouse_job],
    schedules=[daily_build_schedule],
    sensors=[landing_folder_sensor],
    resources=build_resources(),
)
