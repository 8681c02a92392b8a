"""One module per export target; each defines ``TARGET`` (a ``registry.Target``) and nothing global else."""
