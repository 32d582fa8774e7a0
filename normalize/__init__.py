"""The normalize layer of worklist."""

if __name__ != "worklist.normalize":  # the folder is a layer of `worklist`, never a top-level package of its own
    raise ImportError("normalize/ is installed as worklist.normalize: import worklist.normalize (pip install -e .)")
