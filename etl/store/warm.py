"""Imported by the build's forkserver (etl/build.py `_worker_context`): loads what a first parse loads
(readers, region and sector tables, word segmenter, problem model, MinHash), so every worker forked
from it starts warm and a file's time limit measures the file, not the worker's start-up."""

import contextlib

from etl.store.shards import warm_up

with contextlib.suppress(Exception):  # a parser that cannot start shows up file by file instead
    warm_up()
