-- Performance (issue #8, docs/performance.md): the archive's read paths, checked with EXPLAIN on a
-- seeded archive of 100 k documents (kanta-sim seed / kanta-sim bench).
--
-- Every store reads the client's earlier documents through the GIN indexes on documents.client_ids
-- (storage facts: `client_ids && $clients`) and on document_versions.metadata->'clients' (searches).
-- With GIN's default fastupdate, new entries first go to a pending list that every such read scans
-- linearly until (auto)vacuum merges it: right after a burst of stores the lookup of one client's
-- documents went from 0.2 ms to 20 ms. Writing each entry into the index directly costs a few
-- microseconds per insert (one client per document) and keeps the reads flat.
ALTER INDEX documents_clients_idx SET (fastupdate = off);
ALTER INDEX document_versions_clients_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('documents_clients_idx'::regclass);
SELECT gin_clean_pending_list('document_versions_clients_idx'::regclass);
