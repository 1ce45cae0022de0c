-- Every landing file that is not a document now, and why (rejected_at, the
-- run's clock, stays in raw.rejected_files: a rebuild gives the same rows):
-- the files ingest rejected, and the names whose content was rejected after
-- ingest (int_rejected_contents: no words in the clean text, or a later
-- stage's rejection such as extract_timeout).
with at_ingest as (
    select file_name, path, sha256, size_bytes, reason_code, reason
    from {{ ref('stg_rejected_files') }}
),

after_ingest as (
    select
        l.file_name,
        case when ends_with(r.path, r.file_name)
             then left(r.path, length(r.path) - length(r.file_name)) || l.file_name end as path,
        l.sha256,
        r.size_bytes,
        split_part(x.reason, ':', 1) as reason_code,
        x.reason
    from {{ ref('stg_landing_files') }} as l
    join {{ ref('int_rejected_contents') }} as x using (sha256)
    left join {{ ref('stg_raw_files') }} as r using (sha256)
)

select * from at_ingest
union all
select * from after_ingest
