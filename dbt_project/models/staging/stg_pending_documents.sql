-- Documents the incremental marts still have to take in
-- (quote_warehouse/store/pending.py).
select
    document_id,
    reason
from {{ source('extract', 'pending_documents') }}
