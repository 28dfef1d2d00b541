"""Importing this registers every feature's periodic jobs with bot.scheduler (one line a feature)."""
import bot.reminders  # noqa: F401
import bot.accompaniment_jobs  # noqa: F401
import bot.reports  # noqa: F401  (the observatorio: monthly reports)
import bot.instancias_hooks  # noqa: F401  (keeps the ids of the polls that carry votes)
import bot.retention  # noqa: F401  (cases, reflections, inbox and audit entries past their period, daily)
