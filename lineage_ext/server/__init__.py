"""Jupyter server extension: configuration, REST handlers under ``/lineage/``, wire schema.

Never imports IPython or the kernel tracer, and never unpickles anything.
"""
