-- One row per input file that became a document, with the copy it duplicates.
with documents as (
    select * from {{ ref('stg_documents') }}
),

duplicates as (
    select document_id, duplicate_of, max_similarity from {{ ref('int_document_duplicates') }}
),

raw_files as (
    select sha256, encoding, size_bytes, ingested_at from {{ ref('stg_raw_files') }}
)

select
    d.document_id,
    d.file_name,
    d.outlet,
    d.title,
    d.url,
    d.published_date,
    dup.duplicate_of,
    dup.max_similarity as duplicate_similarity,
    d.source_format,
    r.encoding,
    r.size_bytes,
    d.word_count,
    d.sha256,
    r.ingested_at,
    d.extractor_version,
    d.clean_text
from documents as d
join duplicates as dup using (document_id)
left join raw_files as r using (sha256)
