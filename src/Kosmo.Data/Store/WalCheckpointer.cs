using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Store;

/// <summary>
/// Copies committed WAL frames into the database file on a background thread with its own connection, so that the
/// importing thread does not stop after every commit to checkpoint (the importer's connection runs with
/// <c>wal_autocheckpoint=0</c> while this is alive). A PASSIVE checkpoint never blocks the writer and never waits for
/// it: it copies what is committed and returns; WAL durability and the one-transaction-per-file atomicity are
/// unchanged (SQLite replays or discards the WAL after a crash exactly as with automatic checkpoints).
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _requests = new(0);
    private readonly Thread _thread;
    private volatile bool _stopping;

    /// <param name="database">The database file (in WAL mode).</param>
    public WalCheckpointer(string database)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        _connection.Open();
        _thread = new Thread(Run) { IsBackground = true, Name = "kosmo-wal-checkpoint" };
        _thread.Start();
    }

    /// <summary>Checkpoints soon (after the current checkpoint, if one is running). Call after a commit.</summary>
    public void Request() => _requests.Release();

    private void Run()
    {
        while (true)
        {
            _requests.Wait();
            while (_requests.Wait(0))
            {
                // coalesce the requests that queued up during the last checkpoint
            }

            if (_stopping)
            {
                return;
            }

            try
            {
                using var cmd = _connection.CreateCommand();
                cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                cmd.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // A checkpoint that cannot run now (busy, I/O) is only deferred: the next one, or the final
                // checkpoint on close, copies the same frames.
            }
        }
    }

    /// <summary>Waits for the running checkpoint (if any) and stops the thread.</summary>
    public void Dispose()
    {
        _stopping = true;
        _requests.Release();
        _thread.Join();
        _connection.Dispose();
        _requests.Dispose();
    }
}
