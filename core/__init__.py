"""Infrastructure that is not the database: settings, clock, passwords, mail."""
