"""The schemas layer of worklist."""

if __name__ != "worklist.schemas":  # the folder is a layer of `worklist`, never a top-level package of its own
    raise ImportError("schemas/ is installed as worklist.schemas: import worklist.schemas (pip install -e .)")
