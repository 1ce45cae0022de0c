-- Where each statement stands in each document: one row per part (a quote
-- split around "X said." has two), offsets into documents.clean_text.
-- Incremental: the rows of documents in extract.pending_documents are rebuilt.
-- depends_on: {{ ref('stg_pending_documents') }}
{{ config(materialized='incremental', unique_key='document_id', incremental_strategy='delete+insert', on_schema_change='fail') }}

select
    m.statement_key as statement_id,
    p.document_id,
    p.part_index,
    p.char_start,
    p.char_end
from {{ ref('stg_statement_parts') }} as p
join {{ ref('stg_statements') }} as m using (statement_mention_id)
where {{ only_pending_documents('p.document_id') }}
