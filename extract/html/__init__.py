"""HTML and MHTML: a county site's page, the list chosen by its header (`reader`)."""
