"""The load benchmark (`make bench-load`, issue 21): a big team on PostgreSQL, served by
gunicorn, every daily page driven by wrk. See bench/README.md."""
