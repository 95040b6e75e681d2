"""Outside formats: roster workbooks (and later photo folders and zips)."""
