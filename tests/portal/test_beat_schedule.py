"""The beat schedule: every entry names a registered task, runs on its cron (overridable) and expires in time."""

import datetime as dt

from whitelist_portal import celery
from whitelist_portal.celery import app


def test_every_scheduled_job_names_a_registered_task():
    app.loader.import_default_modules()  # what a worker does at start: autodiscovery imports every tasks.py
    schedule = app.conf.beat_schedule
    assert {entry["task"] for entry in schedule.values()} >= {
        "applications.remind_closing_windows", "reviews.remind_overdue"}
    for name, entry in schedule.items():
        assert entry["task"] in app.tasks, f"{name}: {entry['task']} is not a registered task"


def test_each_run_expires_just_under_its_period():
    for name, entry in app.conf.beat_schedule.items():
        period = celery._period(entry["schedule"])
        expires = dt.timedelta(seconds=entry["options"]["expires"])
        assert period - dt.timedelta(minutes=10) <= expires < period, name


def test_the_reminders_run_daily_in_the_morning_by_default():
    for name in ("remind-closing-windows", "remind-overdue-reviews"):
        schedule = app.conf.beat_schedule[name]["schedule"]
        assert schedule.hour == {8} and len(schedule.day_of_week) == 7, name
        assert celery._period(schedule) == dt.timedelta(days=1)


def test_an_environment_variable_overrides_a_cron_string(monkeypatch):
    monkeypatch.setenv("CRON_WINDOW_CLOSING_REMINDERS", "15 6 * * 1-5")
    entry = celery._job("applications.remind_closing_windows", "CRON_WINDOW_CLOSING_REMINDERS", "0 8 * * *")
    assert entry["schedule"].minute == {15} and entry["schedule"].hour == {6}
    assert entry["schedule"].day_of_week == {1, 2, 3, 4, 5}
    assert entry["options"]["expires"] == (24 * 60 - 10) * 60  # weekdays: the shortest gap is still a day

    monkeypatch.setenv("CRON_WINDOW_CLOSING_REMINDERS", "*/30 * * * *")
    entry = celery._job("applications.remind_closing_windows", "CRON_WINDOW_CLOSING_REMINDERS", "0 8 * * *")
    assert entry["options"]["expires"] == 27 * 60
