"""Running calls at the same moment in threads, each on its own database connection, for concurrency tests."""

import threading

from django.db import connections


def race(work: list) -> list:
    """Start every call together (behind a barrier) and return each one's result, or the exception it raised."""
    barrier = threading.Barrier(len(work))
    results: list = [None] * len(work)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001  (each thread's outcome is what the test examines)
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
