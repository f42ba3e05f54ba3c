"""The console owns no data: no collections, no indexes; sessions live in signed cookies."""
