"""Language data: one package per language, each holding its vocabulary as tables (no code paths per word)."""
