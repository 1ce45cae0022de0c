-- Where each statement stands in each document: one row per part (a quote
-- split around "X said." has two), offsets into documents.clean_text.
-- Incremental: the rows of documents in extract.pending_documents are rebuilt.
-- depends_on: {{ ref('stg_pending_documents') }}
select
    m.statement_key as statement_id,
    p.document_id,
    p.part_index,
    p.char_start,
    p.char_end
from {{ ref('stg_statement_parts') }} as p
join {{ ref('int_statements') }} as m using (statement_mention_id)
where {{ only_pending_documents('p.document_id') }}
