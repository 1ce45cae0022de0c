-- Near-duplicate documents: the same story syndicated, re-scraped or pulled
-- out of a PDF. MinHash signatures (128 values) are cut into 32 bands of 4;
-- documents sharing a band are candidates, kept when their estimated Jaccard
-- similarity of word 5-shingles reaches the threshold. Clusters are the
-- connected components; each cluster's canonical document is the one with
-- the richest header (date, title, outlet), then the longest, then the first
-- by file name.
{% set bands = 32 %}
{% set rows_per_band = 4 %}
{% set threshold = 0.7 %}

with documents as (
    select document_id, file_name, signature, published_date, title, outlet, word_count
    from {{ ref('stg_documents') }}
),

bands as (
    select
        document_id,
        band,
        hash(list_slice(signature, band * {{ rows_per_band }} + 1, (band + 1) * {{ rows_per_band }})) as band_hash
    from documents, range({{ bands }}) as b(band)
),

candidate_pairs as (
    select distinct a.document_id as doc_a, b.document_id as doc_b
    from bands as a
    join bands as b
        on a.band = b.band and a.band_hash = b.band_hash and a.document_id < b.document_id
),

signature_values as (
    select document_id, unnest(signature) as h, generate_subscripts(signature, 1) as i
    from documents
),

similar_pairs as (
    select p.doc_a, p.doc_b, avg(case when va.h = vb.h then 1.0 else 0.0 end) as jaccard
    from candidate_pairs as p
    join signature_values as va on va.document_id = p.doc_a
    join signature_values as vb on vb.document_id = p.doc_b and vb.i = va.i
    group by p.doc_a, p.doc_b
    having avg(case when va.h = vb.h then 1.0 else 0.0 end) >= {{ threshold }}
),

edges as (
    select doc_a as src, doc_b as dst from similar_pairs
    union all
    select doc_b as src, doc_a as dst from similar_pairs
),

reachable as (
    with recursive reach(document_id, member) as (
        select document_id, document_id from documents
        union
        select r.document_id, e.dst
        from reach as r
        join edges as e on e.src = r.member
    )
    select * from reach
),

ranked_members as (
    select
        r.document_id,
        r.member,
        row_number() over (
            partition by r.document_id
            order by
                (d.published_date is not null) desc,
                (d.title is not null) desc,
                (d.outlet is not null) desc,
                d.word_count desc,
                d.file_name
        ) as rank_in_cluster
    from reachable as r
    join documents as d on d.document_id = r.member
)

select
    m.document_id,
    m.member as canonical_document_id,
    case when m.member = m.document_id then null else m.member end as duplicate_of,
    (select max(jaccard) from similar_pairs as s
     where m.document_id in (s.doc_a, s.doc_b)) as max_similarity
from ranked_members as m
where m.rank_in_cluster = 1
