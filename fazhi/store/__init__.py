"""How the build stores and runs things: the keyed cache, raw index, shards, table publishing, workers."""
