-- Clean documents as extracted, with empty strings read as unknown.
select
    document_id,
    sha256,
    file_name,
    source_format,
    nullif(trim(title), '') as title,
    nullif(trim(outlet), '') as outlet,
    nullif(trim(url), '') as url,
    published_date,
    clean_text,
    body_start,
    signature,
    word_count,
    extractor_version
from {{ source('extract', 'documents') }}
