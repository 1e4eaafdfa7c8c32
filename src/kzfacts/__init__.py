"""kzfacts: cited facts whose quoted source spans are verified, and an audit that re-checks them."""

__version__ = "0.1.0"
