"""Metrics, summaries, plots and HTML reports."""
