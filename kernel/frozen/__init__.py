"""Logic that migrations run, frozen as it was when they were written.

A migration must do the same thing forever, whatever the live code becomes: its
data steps live here, copied, never imported from the live modules. Never edit a
module here; a later migration that needs other logic gets a module of its own.
"""
