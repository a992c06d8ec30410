"""Tools for CBP staff testing the assistant (the `try` command, the /staff page)."""
