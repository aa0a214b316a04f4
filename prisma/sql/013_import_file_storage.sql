-- An import job reads its stored file in slices of 1 MB (substring of imports.data,
-- ImportsRepository.fileStream). A compressed value cannot be entered in the middle: each slice
-- decompressed the file from its start, so reading a file took time growing with its size squared
-- (docs/benchmarks.md, "Import"). Stored uncompressed (EXTERNAL), a slice reads only the TOAST
-- chunks that hold it. Prisma's schema language cannot express a column's storage. Only set when
-- different, so a normal start takes no lock; applies to files stored from then on. Nothing on a
-- database at a schema version before the imports migration (a rollback, a restore of such).
DO $$
BEGIN
    IF (SELECT attstorage FROM pg_attribute
         WHERE attrelid = to_regclass(format('%I.imports', current_schema())) AND attname = 'data') <> 'e'
    THEN
        ALTER TABLE imports ALTER COLUMN data SET STORAGE EXTERNAL;
    END IF;
END
$$;
