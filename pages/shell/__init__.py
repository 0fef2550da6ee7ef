"""What every role shares: login and session watch, password forms, account, small widgets."""
