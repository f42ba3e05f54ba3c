"""The register's model and rules: categories, valuation, the asset aggregate, access. Pure."""
