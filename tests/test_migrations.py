"""The migrations in the repository describe the models exactly."""

from django.core.management import call_command


def test_no_model_change_lacks_a_migration(db, capsys):
    call_command("makemigrations", "--check", "--dry-run", verbosity=1)
    assert "No changes detected" in capsys.readouterr().out
