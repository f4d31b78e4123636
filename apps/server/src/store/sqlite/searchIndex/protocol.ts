/**
 * Messages between the main thread and the search indexer thread.
 *
 *   main → indexer   {type:'catchUp', id}     answer once everything committed now is indexed
 *                    {type:'relayBusy', busy}  the main thread is (no longer) saturated: hold
 *                                             background batches while it is (searches still
 *                                             get theirs)
 *                    {type:'close'}           index what is committed, close, exit
 *   indexer → main   {type:'ready', cursor, restartedBecause, niced}
 *                                             the index file is open and has its schema
 *                    {type:'caughtUp', id, cursor}
 *                    {type:'fatal', message}  the indexer cannot continue
 */
export interface IndexerInit {
  /** The messages database, opened read-only. */
  mainFile: string;
  indexFile: string;
}

export type ToIndexer = { type: 'catchUp'; id: number } | { type: 'relayBusy'; busy: boolean } | { type: 'close' };

export type FromIndexer =
  | { type: 'ready'; cursor: number; startedOverBecause: string | null; niced: boolean }
  | { type: 'caughtUp'; id: number; cursor: number }
  | { type: 'fatal'; message: string };
