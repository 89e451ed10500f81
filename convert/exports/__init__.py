"""Exports: the edition and the release in, the data where its users work out — QuickStatements for
Wikidata, a spreadsheet and CSV on the Web metadata, and what changed between two editions."""
