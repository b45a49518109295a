"""Speed and scale benchmarks (`make bench`); never run as tests."""
