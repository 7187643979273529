"""Remedies (处理方案) and the authority to grant them."""
