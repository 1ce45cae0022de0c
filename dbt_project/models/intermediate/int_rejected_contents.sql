-- Contents read by ingest but rejected afterwards: a document whose clean
-- text has no words (`no_words`: e.g. a file of nothing but quote marks),
-- and the contents a later stage rejected (extract.rejected_documents, e.g.
-- `extract_timeout`). Every landing name carrying such a content is a row of
-- marts.rejected_files, not of marts.documents. One row per content.
with rejected as (
    select
        document_id,
        sha256,
        'no_words: the clean text has no words (' || length(coalesce(clean_text, '')) || ' characters)' as reason,
        1 as priority
    from {{ ref('stg_documents') }}
    where coalesce(word_count, 0) = 0
    union all
    select document_id, sha256, reason, 0 as priority
    from {{ ref('stg_rejected_documents') }}
)

select
    document_id,
    sha256,
    arg_min(reason, priority) as reason
from rejected
group by document_id, sha256
