from dagster import DefaultScheduleStatus, ScheduleDefinition

from orchestration.jobs import build_warehouse_job

daily_build_schedule = ScheduleDefinition(
    name="daily_warehouse_build",
    job=build_warehouse_job,
    cron_schedule="0 5 * * *",
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.STOPPED,
)
