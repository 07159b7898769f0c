"""Hostile inputs for the page layer and the CLI, built at test time (see cases.py)."""
