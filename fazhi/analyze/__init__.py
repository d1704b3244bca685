"""The corpus stage: tokens, themes, clusters and shared text across documents."""
