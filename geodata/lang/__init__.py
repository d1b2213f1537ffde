"""Language data: one package per language, each holding its vocabulary as data files (no code paths per word)."""
