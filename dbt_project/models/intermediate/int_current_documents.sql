-- The landing names that are documents now, one row each, with the document
-- their content was extracted as (content_document_id). A content carried
-- by several names is one extraction: its first name (in name order) is
-- the document itself (document_id = content_document_id, so a renamed
-- file keeps its document_id), every other name a byte-identical copy with
-- an id of its own. Old versions of changed files, deleted files and
-- contents rejected after ingest (int_rejected_contents) are not here: the
-- marts publish the rows of these documents only. Only the current state
-- decides, so a full rebuild and an incremental history give the same rows.
with names as (
    select file_name, sha256 from {{ ref('stg_landing_files') }}
),

documents as (
    select document_id, sha256 from {{ ref('stg_documents') }}
    where sha256 not in (select sha256 from {{ ref('int_rejected_contents') }})
),

ranked as (
    select
        n.file_name,
        n.sha256,
        d.document_id as content_document_id,
        row_number() over (partition by n.sha256 order by n.file_name) = 1 as is_primary
    from names as n
    join documents as d using (sha256)
)

select
    case when is_primary then content_document_id
         else left(md5(sha256 || ':' || file_name), 16) end as document_id,
    file_name,
    sha256,
    content_document_id,
    is_primary
from ranked
