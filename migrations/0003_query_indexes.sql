-- 0003 query indexes: the archive's searches (src/archive/queries.ts) select one client's documents by
-- the client list of each version's metadata (a joint case may gain or lose clients in a later version,
-- so documents.client_ids of the first version is not enough). Forward-only.
CREATE INDEX document_versions_clients_idx ON document_versions USING gin ((metadata -> 'clients') jsonb_path_ops);
