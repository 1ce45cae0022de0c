-- Where each statement stands in each document: one row per part (a quote
-- split around "X said." has two), offsets into documents.clean_text.
-- Incremental: the rows of documents in extract.pending_documents are rebuilt.
-- Only current documents (int_current_documents) have rows; the rows of a
-- pending document are deleted first (pre-hook), so a document that left
-- the marts leaves no row behind.
-- depends_on: {{ ref('stg_pending_documents') }}
-- depends_on: {{ ref('stg_documents') }}
select
    m.statement_key as statement_id,
    p.document_id,
    p.part_index,
    p.char_start,
    p.char_end
from {{ ref('stg_statement_parts') }} as p
join {{ ref('int_statements') }} as m using (statement_mention_id)
where {{ only_pending_documents('p.document_id') }}
  and p.document_id in {{ current_document_ids() }}
