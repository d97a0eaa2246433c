"""One function per action on a candidature, one module per stage of the path.

Each function checks, writes through `engine.perform` (state, log, notifications after commit) and the stage's
models, all in one transaction. Periodic jobs live next to the data they watch.
"""
