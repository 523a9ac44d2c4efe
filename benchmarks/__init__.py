"""Benchmarks of the site build (issue #7): run benchmarks/build.py."""
