"""Pure checks that yield findings."""
