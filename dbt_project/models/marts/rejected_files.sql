-- Every landing file that did not become a document, and why (rejected_at,
-- the run's clock, stays in raw.rejected_files: a rebuild gives the same rows).
select file_name, path, sha256, size_bytes, reason_code, reason
from {{ ref('stg_rejected_files') }}
