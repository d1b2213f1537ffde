"""Language data: one subpackage per language, tables only, no logic."""
