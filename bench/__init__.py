"""Benchmarks (not tests): they print timings and ratios, see docs/performance.md."""
