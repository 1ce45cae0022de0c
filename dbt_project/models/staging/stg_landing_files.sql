-- Every landing file name that is a document now, with the content it has.
-- raw_files has one row per distinct content; a byte-identical copy is only here.
select
    file_name,
    sha256,
    first_seen_at
from {{ source('raw', 'landing_files') }}
