"""Run callables at the same instant, each in its own thread and database connection."""

import threading

from django.db import connection

from tdu.utils.errors import DomainError


def concurrently(*calls):
    """Each call receives nothing; returns "ok" or the French error message, in call order."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            prepared = call()  # read phase: returns the action to fire once everyone is ready
            barrier.wait(timeout=10)
            prepared()
            outcomes[index] = "ok"
        except DomainError as error:
            outcomes[index] = error.message
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
