"""Text exports: tab-separated rows, merges implicit (`reader`)."""
