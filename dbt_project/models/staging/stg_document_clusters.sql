-- Near-duplicate clusters as the extract stage keeps them
-- (quote_warehouse/store/dedup.py).
select
    document_id,
    canonical_document_id,
    duplicate_of,
    max_similarity
from {{ source('extract', 'document_clusters') }}
