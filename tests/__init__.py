"""Tests for the ocn_dotphone integration, its client and its simulator."""
