"""Admin screens: users, sessions, audit log."""
