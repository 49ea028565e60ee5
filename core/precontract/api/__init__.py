"""The two business APIs: the profile (paths and fields) and one thin client per API area."""
