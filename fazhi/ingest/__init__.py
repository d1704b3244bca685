"""Reading what a researcher brings: the manifest, the corrections file and the raw bytes."""
