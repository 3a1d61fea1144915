"""Pure functions over frames: timeline bucketing and rolling means, escalation episodes, network layout.

Nothing here opens the database or reads the clock: every parameter is passed explicitly.
"""
