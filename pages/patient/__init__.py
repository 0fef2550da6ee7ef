"""Patient screens: today, learn, progress, onboarding, questionnaires, help."""
