"""Test helpers shared by the test levels (fake servers standing in for outside services)."""
