-- One row per landing file that is a document now, with the copy it duplicates.
-- A byte-identical copy under another name (one raw row, one extraction) is a
-- row of its own, a duplicate of the document with the same bytes, so every
-- landing file is accounted for. A changed file is its new version only, a
-- deleted file is gone (both kept in raw.landing_history), a renamed file
-- keeps its document_id. No run-time column: a rebuild from the same input
-- gives the same rows (ingested_at stays in raw.raw_files).
-- Incremental: the rows of every content of extract.pending_documents are
-- deleted (pre-hook) and rebuilt from the current landing names.
-- depends_on: {{ ref('stg_pending_documents') }}
with current_names as (
    select * from {{ ref('int_current_documents') }}
    where {{ only_pending_documents('content_document_id') }}
),

documents as (
    select * from {{ ref('stg_documents') }}
),

duplicates as (
    select document_id, duplicate_of, max_similarity from {{ ref('int_document_duplicates') }}
),

raw_files as (
    select sha256, encoding, size_bytes from {{ ref('stg_raw_files') }}
)

select
    c.document_id,
    c.file_name,
    d.outlet,
    d.title,
    d.url,
    d.published_date,
    case when c.is_primary then dup.duplicate_of
         else coalesce(dup.duplicate_of, d.document_id) end as duplicate_of,
    case when c.is_primary then cast(dup.max_similarity as double)
         else cast(1.0 as double) end as duplicate_similarity,
    d.source_format,
    r.encoding,
    r.size_bytes,
    d.word_count,
    d.sha256,
    d.extractor_version,
    d.clean_text
from current_names as c
join documents as d on d.document_id = c.content_document_id
join duplicates as dup on dup.document_id = c.content_document_id
left join raw_files as r on r.sha256 = c.sha256
