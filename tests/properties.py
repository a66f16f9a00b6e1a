"""Settings shared by the property tests (hypothesis) that work on the database."""

from hypothesis import HealthCheck, settings

# Each example builds its users and posts in the database (and rolls them back): fewer and slower
# examples than a pure test, and function-scoped fixtures (such as one patching a module's limit)
# hold for every example.
DATABASE_EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
