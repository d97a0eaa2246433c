"""Benchmarks of the search (make bench). Figures are ratios measured in one run, never timed tests."""
