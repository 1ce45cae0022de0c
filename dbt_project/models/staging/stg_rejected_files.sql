-- Files that did not become documents, with a reason code split off the message.
select
    file_name,
    path,
    sha256,
    size_bytes,
    split_part(reason, ':', 1) as reason_code,
    reason,
    rejected_at
from {{ source('raw', 'rejected_files') }}
