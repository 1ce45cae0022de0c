-- Every landing file that did not become a document, and why.
select file_name, path, sha256, size_bytes, reason_code, reason, rejected_at
from {{ ref('stg_rejected_files') }}
