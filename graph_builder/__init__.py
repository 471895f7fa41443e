"""Builds the knowledge graph of the First Nagorno-Karabakh War from its source article."""
