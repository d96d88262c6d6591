"""Package data: fonts, the default policy table, the exchange schema, stylesheets."""
