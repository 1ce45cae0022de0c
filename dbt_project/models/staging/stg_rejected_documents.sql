-- Contents rejected after ingest by a stage that read them (e.g.
-- extract_timeout), with a reason code split off the message.
select
    document_id,
    sha256,
    split_part(reason, ':', 1) as reason_code,
    reason
from {{ source('extract', 'rejected_documents') }}
