-- One row per input file that became a document, with the copy it duplicates.
-- A byte-identical copy under another name (one raw row, one extraction) is a
-- row of its own, a duplicate of the document with the same bytes, so every
-- landing file is accounted for. No run-time column: a rebuild from the same
-- input gives the same rows (ingested_at stays in raw.raw_files).
-- Incremental: only documents in extract.pending_documents are rebuilt.
-- depends_on: {{ ref('stg_pending_documents') }}
with documents as (
    select * from {{ ref('stg_documents') }}
    where {{ only_pending_documents('document_id') }}
),

duplicates as (
    select document_id, duplicate_of, max_similarity from {{ ref('int_document_duplicates') }}
),

raw_files as (
    select sha256, encoding, size_bytes from {{ ref('stg_raw_files') }}
),

extracted as (
    select
        d.document_id,
        d.file_name,
        d.outlet,
        d.title,
        d.url,
        d.published_date,
        dup.duplicate_of,
        cast(dup.max_similarity as double) as duplicate_similarity,
        d.source_format,
        r.encoding,
        r.size_bytes,
        d.word_count,
        d.sha256,
        d.extractor_version,
        d.clean_text
    from documents as d
    join duplicates as dup using (document_id)
    left join raw_files as r using (sha256)
),

byte_copies as (
    select l.file_name, l.sha256
    from {{ ref('stg_landing_files') }} as l
    where not exists (
        select 1 from extracted as e where e.sha256 = l.sha256 and e.file_name = l.file_name
    )
)

select * from extracted
union all
select
    left(md5(c.sha256 || ':' || c.file_name), 16) as document_id,
    c.file_name,
    e.outlet,
    e.title,
    e.url,
    e.published_date,
    coalesce(e.duplicate_of, e.document_id) as duplicate_of,
    cast(1.0 as double) as duplicate_similarity,
    e.source_format,
    e.encoding,
    e.size_bytes,
    e.word_count,
    e.sha256,
    e.extractor_version,
    e.clean_text
from byte_copies as c
join extracted as e using (sha256)
