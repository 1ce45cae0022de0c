"""Training the extractor's learned parts (needs the `train` extra: scikit-learn)."""
