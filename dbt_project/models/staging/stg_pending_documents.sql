-- Documents the incremental marts still have to take in (assets/marts_state.py).
select
    document_id,
    reason
from {{ source('extract', 'pending_documents') }}
