-- One row per distinct raw file content, without the raw text (kept in raw).
select
    sha256,
    file_name,
    path,
    size_bytes,
    source_format,
    encoding,
    ingested_at
from {{ source('raw', 'raw_files') }}
