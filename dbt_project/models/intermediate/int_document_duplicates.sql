-- Near-duplicate documents: the same story syndicated, re-scraped or pulled
-- out of a PDF. The clusters are computed incrementally by the extract stage
-- (quote_warehouse/store/dedup.py: MinHash signatures cut into 32 LSH bands
-- of 4, pairs kept at an estimated Jaccard similarity of word 5-shingles
-- >= 0.7, connected components, canonical = richest header, then longest,
-- then first by file name); this model gives every document its cluster.
with documents as (
    select document_id from {{ ref('stg_documents') }}
),

clusters as (
    select * from {{ ref('stg_document_clusters') }}
)

select
    d.document_id,
    coalesce(c.canonical_document_id, d.document_id) as canonical_document_id,
    c.duplicate_of,
    c.max_similarity
from documents as d
left join clusters as c using (document_id)
