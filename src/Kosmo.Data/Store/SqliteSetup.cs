using SQLitePCL;

namespace Kosmo.Data.Store;

/// <summary>
/// Process-wide SQLite set-up, once, before the first connection: the bundled e_sqlite3 provider, and the
/// multi-thread threading mode. The bundle is built serialized (every API call locks the connection's mutex: 17
/// lock/unlock pairs per imported row, ≈ 15 % of the importer's CPU); Kosmo, like Microsoft.Data.Sqlite's own
/// contract, never uses one connection or statement from two threads at once (the importer's parse thread has no
/// connection, the prefetcher and every panel-loader task open their own), which is what multi-thread mode requires.
/// If SQLite was already initialised by other code in the process the mode stays serialized (config returns
/// SQLITE_MISUSE, ignored): slower, never unsafe.
/// </summary>
internal static class SqliteSetup
{
    private static int _done;

    /// <summary>Runs the set-up the first time it is called; later calls return at once.</summary>
    public static void Init()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            Batteries_V2.Init();
            _ = raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD);
        }
    }
}
