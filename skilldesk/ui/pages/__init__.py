"""Window pages."""
