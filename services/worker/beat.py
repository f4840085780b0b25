"""Run the beat scheduler alone: ``python -m services.worker.beat`` (one replica in the chart). It only sends
the scheduled tasks of services/worker/schedule.py; the workers run them, each under its singleton lock."""

from __future__ import annotations

from services.common.logs import configure_logging
from services.worker.app import make_app
from services.worker.settings import WorkerSettings


def main() -> None:
    settings = WorkerSettings(drain_in_worker=False)
    configure_logging(settings.service_name + "-beat", settings.log_level, settings.log_json)
    app = make_app(settings)
    app.start(["beat", f"--loglevel={settings.log_level}", f"--schedule={settings.beat_schedule_file}"])


if __name__ == "__main__":
    main()
