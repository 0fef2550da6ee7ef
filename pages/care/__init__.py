"""Care-team screens: panel, flag queue, a patient's plan, patient logins."""
