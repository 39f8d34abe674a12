"""Large collections: batch extraction on a Ray cluster, and Parquet files of documents with their facts.

Ray and pyarrow are the optional `scale` extra; nothing here imports them until a batch runs.
"""

__all__: list[str] = []
