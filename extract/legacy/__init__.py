"""Legacy Office/WPS formats (.doc .wps .rtf .xls .et) through headless LibreOffice (`office`)."""
