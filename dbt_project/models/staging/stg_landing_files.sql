-- Every landing file name that was read, with the content it had. raw_files
-- has one row per distinct content; a byte-identical copy is only here.
select
    file_name,
    sha256
from {{ source('raw', 'landing_files') }}
