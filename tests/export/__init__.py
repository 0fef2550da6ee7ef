"""Tests of the records that leave the app (export/)."""
