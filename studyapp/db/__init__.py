"""Database layer: models, connection, embedded server, migrations."""
