"""Years of generated complaint history for scale and load tests (``generate-data``)."""
