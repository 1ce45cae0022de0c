-- Past versions of landing files: what a name held (a content, or a
-- rejection) until the file changed, was deleted or was renamed.
select
    file_name,
    sha256,
    reason,
    split_part(reason, ':', 1) as reason_code,
    first_seen_at,
    superseded_at,
    change_kind,
    renamed_to
from {{ source('raw', 'landing_history') }}
