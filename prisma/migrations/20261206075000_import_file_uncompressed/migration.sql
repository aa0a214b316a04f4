-- Hand-written: an import's stored file is kept uncompressed (TOAST without pglz), so that the
-- worker's substring() of a slice reads only that slice's chunks. Compressed, every slice
-- decompressed the value from its start: a slice at 11 MB took 22 ms against 3.6 ms at 0, which
-- is quadratic over a file (docs/benchmarks.md, Import). Applies to files stored from now on.
ALTER TABLE "imports" ALTER COLUMN "data" SET STORAGE EXTERNAL;
