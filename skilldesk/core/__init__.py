"""The domain: models, store, rules. No Qt, no file formats, no network."""
