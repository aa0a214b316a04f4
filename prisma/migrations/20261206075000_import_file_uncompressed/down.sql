-- Hand-written: undoes 20261206075000_import_file_uncompressed (files stored from then on are
-- compressed again; stored ones stay as they are).
ALTER TABLE "imports" ALTER COLUMN "data" SET STORAGE EXTENDED;
