"""The province app's data layer."""
