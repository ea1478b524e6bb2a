using Kosmo.Core;
using Kosmo.Data.Import;
using Microsoft.Data.Sqlite;

namespace Kosmo.Data.Store;

/// <summary>
/// The SQLite database <c>data/kosmo.db</c> (schema: <see cref="KosmoSchema"/>). Opening creates the file,
/// the tables and the fixed <c>sources</c> rows when missing. The journal is WAL with synchronous=NORMAL:
/// every import is one transaction, so a failed or killed import leaves the database as it was. A new database gets
/// 16 KiB pages.
/// </summary>
public sealed class KosmoStore : IDisposable
{
    private KosmoStore(string path, SqliteConnection connection)
    {
        Path = path;
        Connection = connection;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The open connection (for readers such as the panel loader).</summary>
    public SqliteConnection Connection { get; }

    /// <summary>Opens (creating when missing) the database at <paramref name="path"/>.</summary>
    /// <exception cref="SqliteException">The file is not a SQLite database.</exception>
    /// <exception cref="InvalidOperationException">The database has a schema version this code cannot migrate (newer, or invalid).</exception>
    public static KosmoStore Open(string path)
    {
        SqliteSetup.Init();
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var created = !File.Exists(full) || new FileInfo(full).Length == 0;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        connection.Open();
        var store = new KosmoStore(full, connection);
        try
        {
            if (created)
            {
                // Must precede the first write (and WAL mode). 16 KiB pages: fewer page splits on bulk inserts and fewer
                // pages per range scan than the 4 KiB default; existing databases keep their page size.
                store.Execute("PRAGMA page_size=16384;");
            }

            store.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=ON;");
            store.EnsureSchema();
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>The source_id of a source name (seeded on open).</summary>
    /// <exception cref="ArgumentException">Unknown source name.</exception>
    public int SourceId(string name)
    {
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = "SELECT source_id FROM sources WHERE name=$n";
        cmd.Parameters.AddWithValue("$n", name);
        return cmd.ExecuteScalar() is long id ? (int)id : throw new ArgumentException($"unknown source '{name}'", nameof(name));
    }

    /// <summary>
    /// Imports one file in one transaction (skipped when its SHA-256 is already in <c>files</c>). A file whose name this
    /// source imported before with other content (a re-downloaded yearly file) replaces that source's stored rows for the
    /// codes and dates it holds, in the same transaction (<see cref="ImportSummary.ReplacedRows"/>).
    /// </summary>
    /// <param name="file">A marcap, OHLCV, index or code-list CSV (.csv or .csv.gz), or a marcap/OHLCV parquet file.</param>
    /// <param name="progress">Called with the running row count every 65,536 rows (optional).</param>
    /// <param name="options">Import choices (an explicit index name); null: none.</param>
    /// <exception cref="DataValidationException">The file failed validation; the database is unchanged.</exception>
    public ImportSummary Import(string file, Action<long>? progress = null, ImportOptions? options = null) => new Importer(this, progress, options).Import(file);

    /// <summary>
    /// Imports files and folders (a folder contributes its *.csv, *.csv.gz and *.parquet files, recursively, sorted by
    /// path), one transaction per file. Stops at the first invalid file; files imported before it stay imported.
    /// With several files, the next file is hashed and parsed on a second thread while this one writes, checks and
    /// commits the previous one (<see cref="ImportPrefetcher"/>); what is stored and reported is the same as importing
    /// the files one by one.
    /// </summary>
    /// <param name="paths">Files and folders.</param>
    /// <param name="onFile">Called after each file with its summary.</param>
    /// <param name="onStart">Called with each file's path before it is written.</param>
    /// <param name="progress">Called with the current file's running row count every 65,536 rows.</param>
    /// <param name="options">Import choices for every file (an explicit index name); null: none.</param>
    /// <exception cref="DataValidationException">A file failed validation.</exception>
    /// <exception cref="FileNotFoundException">A path does not exist.</exception>
    public IReadOnlyList<ImportSummary> ImportAll(IEnumerable<string> paths, Action<ImportSummary>? onFile = null,
        Action<string>? onStart = null, Action<long>? progress = null, ImportOptions? options = null)
    {
        var files = ExpandPaths(paths);
        var results = new List<ImportSummary>();
        if (files.Count < 2 || !File.Exists(Path))
        {
            foreach (var file in files)
            {
                onStart?.Invoke(file);
                var s = Import(file, progress, options);
                onFile?.Invoke(s);
                results.Add(s);
            }

            return results;
        }

        // Checkpoints run beside the writer instead of inside its commits; restored (and caught up on close) afterwards.
        Execute("PRAGMA wal_autocheckpoint=0;");
        try
        {
            using var checkpointer = new WalCheckpointer(Path);
            using var prefetch = new ImportPrefetcher(files, Path, options?.IndexName);
            foreach (var file in files)
            {
                onStart?.Invoke(file);
                var s = new Importer(this, progress, options).Import(prefetch.Next());
                checkpointer.Request();
                onFile?.Invoke(s);
                results.Add(s);
            }
        }
        finally
        {
            Execute("PRAGMA wal_autocheckpoint=1000;");
        }

        return results;
    }

    /// <summary>Expands folders to their *.csv / *.csv.gz / *.parquet files (sorted); files are passed through.</summary>
    /// <exception cref="FileNotFoundException">A path does not exist.</exception>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                files.AddRange(Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase)
                        || f.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(p))
            {
                files.Add(p);
            }
            else
            {
                throw new FileNotFoundException($"no such file or folder: {p}", p);
            }
        }

        return files;
    }

    /// <summary>Summary tables for <c>kosmo data info</c>.</summary>
    public StoreInfo Info() => StoreInfo.Read(Connection);

    internal void Execute(string sql, SqliteTransaction? tx = null)
    {
        using var cmd = Connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private void EnsureSchema()
    {
        using var tx = Connection.BeginTransaction();
        Execute(KosmoSchema.Ddl, tx);
        using (var cmd = Connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR IGNORE INTO meta(key,value) VALUES('schema_version',$v)";
            cmd.Parameters.AddWithValue("$v", KosmoSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            cmd.ExecuteNonQuery();
            cmd.CommandText = "SELECT value FROM meta WHERE key='schema_version'";
            var stored = int.TryParse(cmd.ExecuteScalar() as string, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1;
            if (stored > KosmoSchema.Version || stored < 1)
            {
                throw new InvalidOperationException(
                    $"{Path}: schema version {stored} is not one this Kosmo can read (it reads 1..{KosmoSchema.Version}); re-import into a new database with 'kosmo data import'.");
            }

            if (stored == 1)
            {
                // v1 -> v2: the (date, code) index is gone; nothing reads by it any more.
                Execute("DROP INDEX IF EXISTS bars_by_date; UPDATE meta SET value='2' WHERE key='schema_version';", tx);
            }
        }

        foreach (var s in SourceInfo.All)
        {
            using var cmd = Connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR IGNORE INTO sources(name,price_basis,precedence) VALUES($n,$b,$p)";
            cmd.Parameters.AddWithValue("$n", s.Name);
            cmd.Parameters.AddWithValue("$b", s.PriceBasis);
            cmd.Parameters.AddWithValue("$p", s.Precedence);
            cmd.ExecuteNonQuery();
        }

        tx.Commit();
    }

    /// <inheritdoc />
    public void Dispose() => Connection.Dispose();
}
