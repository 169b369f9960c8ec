"""Tests of metadata extraction and of the test-document generator (tests/docgen)."""
