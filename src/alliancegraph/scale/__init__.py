"""Scale-out: the same workflow with NLP and extraction as Dask tasks, and synthetic corpora."""
