"""Article text: reading articles (HTML or plain), splitting sentences and clauses, resolving time expressions."""
