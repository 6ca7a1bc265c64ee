"""The front pages on top of the domain apps: each role's dashboard and the public statements."""
