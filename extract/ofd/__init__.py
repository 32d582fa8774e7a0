"""OFD (GB/T 33190-2016): the package's XML as page geometry (`reader`), drawn for `inspect` (`inspect`)."""
